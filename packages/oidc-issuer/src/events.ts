/** The events the issuer logs, declared in core's EventMap (see EventMap there). */
import type { LiveKeyReason } from './lib/key-pool.js';
import type { KeyInfo } from './lib/key-record.js';

/** The issuer signs with a new key; the old one stays published until the tokens it signed expire. */
export interface KeyRotatedEvent {
  readonly issuer: string;
  readonly oldKid: string;
  readonly newKid: string;
  /** Where the new key came from. */
  readonly source: KeyInfo['source'];
  readonly nextRotationAtMs: number;
}

/** A retired key left the JWKS. */
export interface KeyRetiredEvent {
  readonly issuer: string;
  readonly kid: string;
  readonly retiredAtMs?: number;
  readonly tokensSigned: number;
  /** The latest exp of a token it signed, null if it signed none with an exp. */
  readonly latestTokenExpMs: number | null;
}

/** A new key came from somewhere other than an unused fixture: a recycled fixture, or one generated live. */
export interface KeyDrawnEvent {
  readonly issuer: string;
  readonly kid: string;
  readonly reason: LiveKeyReason | 'fixture pool recycled';
}

declare module '@irsa-lab/core' {
  interface EventMap {
    'issuer.key-rotated': KeyRotatedEvent;
    'issuer.key-retired': KeyRetiredEvent;
    'issuer.key-drawn': KeyDrawnEvent;
  }
}
