/**
 * The state one simulated apiserver shares between its parts: time, ids,
 * the event log, the object store, the webhook's cache, token settings and
 * the record of tokens it has issued.
 */
import type { Clock, EventLog, IdMaker } from '@irsa-lab/core';
import type { ServiceAccountCache } from '../admission/service-account-cache.js';
import type { WebhookOptions } from '../admission/webhook-types.js';
import type { ObjectStore } from './store.js';

/** Signs a JWT payload with the cluster's service account signing key (the OIDC issuer's key ring). */
export type Signer = (payload: Record<string, unknown>) => Promise<string>;

/** The apiserver flags that shape tokens. */
export interface TokenSettings {
  /** `--service-account-issuer` (the first one, which signs). */
  readonly issuerUrl: string;
  /** `--api-audiences`. */
  readonly apiAudiences: readonly string[];
  /** `--service-account-max-token-expiration`, seconds; undefined: no maximum. */
  readonly maxTokenExpirationSeconds?: number;
  /** `--service-account-extend-token-expiration`. */
  readonly extendTokenExpiration: boolean;
  /** How long an extended (3607 s) token really lives. */
  readonly extendedExpirationSeconds: number;
}

/** Most issued tokens remembered for review (oldest forgotten first). */
export const MAX_ISSUED_TOKENS = 50_000;

/**
 * The bound tokens this apiserver signed, by jti.
 *
 * Simplification: review compares a presented token with the copy issued
 * instead of verifying its signature (the signer is the only key holder, so
 * an altered token is rejected either way).
 */
export class IssuedTokens {
  readonly #byJti = new Map<string, string>();

  record(jti: string, token: string): void {
    this.#byJti.set(jti, token);
    if (this.#byJti.size > MAX_ISSUED_TOKENS) {
      const oldest = this.#byJti.keys().next().value as string;
      this.#byJti.delete(oldest);
    }
  }

  /** True if exactly this token was issued under this jti. */
  matches(jti: string, token: string): boolean {
    return this.#byJti.get(jti) === token;
  }
}

/** Everything the apiserver's parts share. */
export interface ServerContext {
  readonly clock: Clock;
  readonly ids: IdMaker;
  readonly log: EventLog;
  readonly store: ObjectStore;
  readonly saCache: ServiceAccountCache;
  /** Replaced as a whole by `configureWebhook` (the webhook Deployment restarted with other flags). */
  webhook: WebhookOptions;
  readonly tokens: TokenSettings;
  readonly signer: Signer;
  readonly issued: IssuedTokens;
}

/** The `source` of every event the apiserver logs. */
export const EVENT_SOURCE = 'apiserver';
