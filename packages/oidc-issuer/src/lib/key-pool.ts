/**
 * Where issuer keys come from. RSA generation cannot be seeded and is slow, so
 * a world takes keys from the fixture pool in an order shuffled by its seeded
 * Rng, without replacement; when the pool runs out the order starts again
 * with keys no longer published (or, if live keys are asked for, a fresh key
 * is generated). Private keys are imported lazily, once per
 * process, because importJWK is costly.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Rng } from '@irsa-lab/core';
import { type CryptoKey, importJWK, type JWK_RSA_Private } from 'jose';
import { FIXTURE_KEYS, type FixtureJwk } from '../fixtures/keys.js';
import { kidFromPublicKey } from './kid.js';

/** Where an issuer's keys come from: the seeded fixture pool (default) or live generation. */
export type KeySource = 'fixtures' | 'live';

/** Why a key was generated live instead of taken from the pool. */
export type LiveKeyReason = 'keySource: live' | 'fixture pool exhausted';

/** One RSA-2048 signing key of the issuer. */
export interface SigningKey {
  readonly kid: string;
  /** Public modulus, base64url. */
  readonly n: string;
  /** Public exponent, base64url. */
  readonly e: string;
  readonly source: 'fixture' | 'live';
  /** Position in FIXTURE_KEYS (fixture keys only). */
  readonly fixtureIndex?: number;
  /** The private key for RS256 signing, imported on first use and then cached. */
  privateKey(): Promise<CryptoKey>;
}

/** A drawn key, with the reason when it was generated live. */
export interface DrawnKey {
  readonly key: SigningKey;
  readonly liveReason?: LiveKeyReason;
  /** A fixture key used before, back after it left /keys. */
  readonly recycled?: boolean;
}

type RsaPrivateJwk = JWK_RSA_Private & { kty: 'RSA' };

/** Fixture keys are shared by every world in the process: their kid and import are cached by index. */
const fixtureCache = new Map<number, SigningKey>();

function toPrivateJwk(jwk: FixtureJwk): RsaPrivateJwk {
  const { kty, n, e, d, p, q, dp, dq, qi } = jwk;
  return { kty, n, e, d, p, q, dp, dq, qi };
}

/** Import on first call, then return the same promise (a failed import is retried next time). */
function lazyImport(jwk: RsaPrivateJwk): () => Promise<CryptoKey> {
  let imported: Promise<CryptoKey> | undefined;
  return () => {
    if (imported) return imported;
    const attempt = importJWK(jwk, 'RS256').catch((err: unknown) => {
      imported = undefined;
      throw err;
    });
    imported = attempt;
    return attempt;
  };
}

function makeKey(jwk: RsaPrivateJwk, source: SigningKey['source'], fixtureIndex?: number): SigningKey {
  return {
    kid: kidFromPublicKey(jwk),
    n: jwk.n,
    e: jwk.e,
    source,
    ...(fixtureIndex === undefined ? {} : { fixtureIndex }),
    privateKey: lazyImport(jwk),
  };
}

/** The fixture key at `index` of FIXTURE_KEYS (cached for the process). */
export function fixtureKey(index: number): SigningKey {
  const jwk = FIXTURE_KEYS[index];
  if (!jwk) throw new TypeError(`no fixture key at index ${index}`);
  let key = fixtureCache.get(index);
  if (!key) {
    key = makeKey(toPrivateJwk(jwk), 'fixture', index);
    fixtureCache.set(index, key);
  }
  return key;
}

/**
 * A freshly generated RSA-2048 key. Rotation is a synchronous clock event and
 * jose's generateKeyPair is async-only (WebCrypto), so generation uses
 * node:crypto's synchronous generator; jose imports and signs as usual.
 */
export function liveKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  const jwk = privateKey.export({ format: 'jwk' });
  const { n, e, d, p, q, dp, dq, qi } = jwk;
  if (!n || !e || !d || !p || !q || !dp || !dq || !qi) throw new TypeError('generated RSA key lacks JWK members');
  return makeKey({ kty: 'RSA', n, e, d, p, q, dp, dq, qi }, 'live');
}

/** Fisher-Yates shuffle of 0..size-1 driven by the seeded Rng. */
export function shuffledIndices(rng: Rng, size: number): number[] {
  const order = Array.from({ length: size }, (_, i) => i);
  for (let i = size - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

/** One issuer's source of keys: its own seeded order through the pool, then live keys. */
export class KeyPool {
  readonly #order: readonly number[];
  #next = 0;

  /** Shuffles the pool once, here, so later rotations draw nothing from the shared Rng. */
  constructor(
    rng: Rng,
    readonly keySource: KeySource = 'fixtures',
  ) {
    this.#order = keySource === 'fixtures' ? shuffledIndices(rng, FIXTURE_KEYS.length) : [];
  }

  /** Fixture keys not yet drawn in the first pass through the pool. */
  get remaining(): number {
    return Math.max(0, this.#order.length - this.#next);
  }

  /**
   * The next key: the next fixture in the seeded order. Once every fixture
   * has been used (48 weekly rotations, about 11 months), the order starts
   * again, skipping keys `inUse` still publishes; only if every fixture is
   * still published is a key generated live (slow: RSA generation).
   * Simplification: a recycled fixture key comes back with its old kid, long
   * after it left /keys and every token it signed expired.
   */
  draw(inUse: (kid: string) => boolean = () => false): DrawnKey {
    if (this.keySource === 'live') return { key: liveKey(), liveReason: 'keySource: live' };
    for (let tries = 0; tries < this.#order.length; tries++) {
      const index = this.#order[this.#next % this.#order.length] as number;
      this.#next++;
      const key = fixtureKey(index);
      if (!inUse(key.kid)) return { key, ...(this.#next > this.#order.length ? { recycled: true } : {}) };
    }
    return { key: liveKey(), liveReason: 'fixture pool exhausted' };
  }
}
