/**
 * createIssuer: the EKS OIDC issuer of one cluster. It holds a ring of RSA
 * keys, signs service account tokens with the current one, rotates it every
 * 7 days on the SimClock, and keeps a retired public key in the JWKS until
 * every token it signed is past `exp` plus the 5-minute leeway.
 */
import { types } from 'node:util';
import {
  DAY_MS,
  type EventLog,
  eksIssuerHost,
  type Rng,
  type SimClock,
  SimError,
  type TimerHandle,
} from '@irsa-lab/core';
import { CompactSign, SignJWT } from 'jose';
import { type DiscoveryDocument, discoveryDocument, type JwksDocument, publishedJwk } from './documents.js';
import { KeyPool, type KeySource } from './lib/key-pool.js';
import { type KeyInfo, type KeyRecord, newRecord, noteToken, removeAfterMs, toKeyInfo } from './lib/key-record.js';

/** Default rotation period of the signing key: 7 days, as EKS documents. */
export const DEFAULT_ROTATION_PERIOD_MS = 7 * DAY_MS;
/** Removed keys remembered for keys() (a limit on history; published keys are never dropped). */
const MAX_REMOVED_KEYS_KEPT = 32;
const EVENT_SOURCE = 'oidc-issuer';

export interface IssuerOptions {
  /** Scheduler for rotations and key removals; the only source of time. */
  readonly clock: SimClock;
  /** Seeded random source: shuffles the fixture key pool once, at creation. */
  readonly rng: Rng;
  readonly log: EventLog;
  /** AWS region, e.g. `us-west-2`. */
  readonly region: string;
  /** The id in the issuer URL (observed on EKS: 32 upper-case hex characters). */
  readonly clusterId: string;
  /** Signing key lifetime. Default 7 days. */
  readonly rotationPeriodMs?: number;
  /** `fixtures` (default): seeded pool, live after it runs out. `live`: every key generated now. */
  readonly keySource?: KeySource;
  /** Replaces `jwks_uri` in discovery (serve mode); `issuer` stays the EKS URL. */
  readonly jwksUri?: string;
}

export interface SignOptions {
  /** Sign with this published key instead of the current one (a retired key, for scenarios). */
  readonly kid?: string;
}

/** One cluster's OIDC issuer. */
export interface Issuer {
  /** `https://oidc.eks.<region>.amazonaws.com/id/<clusterId>` */
  readonly issuerUrl: string;
  /** `oidc.eks.<region>.amazonaws.com` */
  readonly host: string;
  /** `/id/<clusterId>` */
  readonly path: string;
  readonly region: string;
  readonly clusterId: string;
  readonly rotationPeriodMs: number;
  /** The kid that signs new tokens. */
  currentKid(): string;
  /**
   * Sign a JWT with header exactly `{alg:'RS256', kid}` (no `typ`, as Kubernetes
   * does). Claims are taken as given; numeric dates come from the caller. The
   * token's `exp` keeps its key published long enough; a payload without `exp`
   * (a legacy token) pins its key in the JWKS forever.
   * @throws SimError `ISSUER_NO_KEY` if `options.kid` is not a published key.
   */
  sign(payload: Record<string, unknown>, options?: SignOptions): Promise<string>;
  /** Retire the signing key now and sign with a new one; the 7-day schedule restarts from now. */
  rotate(): void;
  /** The published keys, oldest first. */
  jwks(): JwksDocument;
  /** The discovery document, fields in EKS order. */
  discovery(): DiscoveryDocument;
  /** Every key still published plus recently removed ones, oldest first. */
  keys(): readonly KeyInfo[];
  /** When the scheduled rotation will happen. */
  nextRotationAtMs(): number;
}

const utf8 = new TextEncoder();

/**
 * Only plain objects, arrays and primitives, held in data properties: what
 * JSON writes the same from the payload as from SignJWT's structuredClone of
 * it. Read through descriptors, so no getter runs an extra time.
 */
function isPlainJson(value: unknown, depth: number): boolean {
  if (value === null) return true;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'undefined') return true;
  if (type !== 'object' || depth > 32 || types.isProxy(value)) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) {
      const d = Object.getOwnPropertyDescriptor(value, i);
      // a hole is written as null either way
      if (d && (!('value' in d) || !isPlainJson(d.value, depth + 1))) return false;
    }
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return false;
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (!d || !('value' in d) || !isPlainJson(d.value, depth + 1)) return false;
  }
  return true;
}

/**
 * The payload's UTF-8 JSON, exactly what SignJWT would sign, when that is
 * certain without its structuredClone: plain JSON data (no class instances,
 * functions, getters or symbols, which a clone would change or refuse) and
 * finite iat/nbf/exp. Otherwise undefined, and SignJWT signs as before.
 */
function plainJsonBytes(payload: Record<string, unknown>): Uint8Array | undefined {
  for (const claim of ['iat', 'nbf', 'exp']) {
    const v = payload[claim];
    if (typeof v === 'number' && !Number.isFinite(v)) return undefined;
  }
  return isPlainJson(payload, 0) ? utf8.encode(JSON.stringify(payload)) : undefined;
}

class EksIssuer implements Issuer {
  readonly issuerUrl: string;
  readonly host: string;
  readonly path: string;
  readonly region: string;
  readonly clusterId: string;
  readonly rotationPeriodMs: number;
  readonly #jwksUri: string;
  readonly #clock: SimClock;
  readonly #log: EventLog;
  readonly #pool: KeyPool;
  readonly #records: KeyRecord[] = [];
  #current: KeyRecord;
  #rotation: TimerHandle;

  constructor(options: IssuerOptions) {
    this.region = options.region;
    this.clusterId = options.clusterId;
    this.host = eksIssuerHost(options.region);
    this.path = `/id/${options.clusterId}`;
    this.issuerUrl = `https://${this.host}${this.path}`;
    this.#jwksUri = options.jwksUri ?? `${this.issuerUrl}/keys`;
    this.rotationPeriodMs = options.rotationPeriodMs ?? DEFAULT_ROTATION_PERIOD_MS;
    this.#clock = options.clock;
    this.#log = options.log;
    this.#pool = new KeyPool(options.rng, options.keySource ?? 'fixtures');
    this.#current = this.#addKey();
    this.#rotation = this.#scheduleRotation();
  }

  /** Import the current private key ahead of the first sign(). */
  async warmUp(): Promise<void> {
    await this.#current.key.privateKey();
  }

  currentKid(): string {
    return this.#current.key.kid;
  }

  nextRotationAtMs(): number {
    return this.#rotation.dueMs;
  }

  async sign(payload: Record<string, unknown>, options: SignOptions = {}): Promise<string> {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw new TypeError('payload must be a JSON object');
    }
    const exp = payload.exp;
    if (exp !== undefined && (typeof exp !== 'number' || !Number.isFinite(exp))) {
      throw new TypeError('exp must be a NumericDate (seconds since the epoch)');
    }
    const record = options.kid === undefined ? this.#current : this.#published(options.kid);
    // bookkeeping before any await, so a rotation meanwhile still sees this token
    noteToken(record, exp);
    if (record.retiredAtMs !== undefined) this.#scheduleRemoval(record);
    const privateKey = await record.key.privateKey();
    const header = { alg: 'RS256', kid: record.key.kid };
    // a JSON payload signs to the same bytes without SignJWT's defensive structuredClone of it
    const bytes = plainJsonBytes(payload);
    if (bytes) return new CompactSign(bytes).setProtectedHeader(header).sign(privateKey);
    return new SignJWT(payload).setProtectedHeader(header).sign(privateKey);
  }

  rotate(): void {
    const old = this.#current;
    this.#current = this.#addKey();
    this.#clock.cancel(this.#rotation);
    old.retiredAtMs = this.#clock.nowMs();
    this.#rotation = this.#scheduleRotation();
    const newKid = this.#current.key.kid;
    this.#log.append(
      'issuer.key-rotated',
      EVENT_SOURCE,
      `${this.host}${this.path}: signing key ${newKid} replaces ${old.key.kid}`,
      {
        issuer: this.issuerUrl,
        oldKid: old.key.kid,
        newKid,
        source: this.#current.key.source,
        nextRotationAtMs: this.#rotation.dueMs,
      },
    );
    this.#scheduleRemoval(old);
  }

  jwks(): JwksDocument {
    return { keys: this.#records.filter((r) => r.removedAtMs === undefined).map((r) => publishedJwk(r.key)) };
  }

  discovery(): DiscoveryDocument {
    return discoveryDocument(this.issuerUrl, this.#jwksUri);
  }

  keys(): readonly KeyInfo[] {
    return this.#records.map(toKeyInfo);
  }

  #published(kid: string): KeyRecord {
    const record = this.#records.find((r) => r.key.kid === kid && r.removedAtMs === undefined);
    if (!record) {
      throw new SimError('ISSUER_NO_KEY', `the issuer ${this.issuerUrl} has no published key with kid ${kid}`, {
        field: 'kid',
        kid,
      });
    }
    return record;
  }

  #addKey(): KeyRecord {
    const published = new Set(this.#records.filter((r) => r.removedAtMs === undefined).map((r) => r.key.kid));
    const { key, liveReason, recycled } = this.#pool.draw((kid) => published.has(kid));
    if (recycled) {
      this.#log.append(
        'issuer.key-drawn',
        EVENT_SOURCE,
        `${this.host}${this.path}: reused fixture key ${key.kid} (pool recycled)`,
        {
          issuer: this.issuerUrl,
          kid: key.kid,
          reason: 'fixture pool recycled',
        },
      );
    }
    if (liveReason) {
      this.#log.append(
        'issuer.key-drawn',
        EVENT_SOURCE,
        `${this.host}${this.path}: generated live RSA key ${key.kid} (${liveReason})`,
        {
          issuer: this.issuerUrl,
          kid: key.kid,
          reason: liveReason,
        },
      );
    }
    const record = newRecord(key, this.#clock.nowMs());
    this.#records.push(record);
    return record;
  }

  #scheduleRotation(): TimerHandle {
    return this.#clock.schedule(this.rotationPeriodMs, 'issuer.rotate', () => this.rotate());
  }

  /** (Re)schedule a retired key's removal from the JWKS; at once if nothing it signed is still valid. */
  #scheduleRemoval(record: KeyRecord): void {
    if (record.removal) this.#clock.cancel(record.removal);
    record.removal = undefined;
    const dueMs = removeAfterMs(record);
    if (dueMs === undefined) return;
    if (dueMs <= this.#clock.nowMs()) this.#remove(record);
    else record.removal = this.#clock.scheduleAt(dueMs, 'issuer.remove-key', () => this.#remove(record));
  }

  #remove(record: KeyRecord): void {
    record.removal = undefined;
    record.removedAtMs = this.#clock.nowMs();
    this.#log.append(
      'issuer.key-retired',
      EVENT_SOURCE,
      `${this.host}${this.path}: key ${record.key.kid} left the JWKS`,
      {
        issuer: this.issuerUrl,
        kid: record.key.kid,
        retiredAtMs: record.retiredAtMs,
        tokensSigned: record.tokensSigned,
        latestTokenExpMs: record.latestTokenExpMs ?? null,
      },
    );
    const removed = this.#records.filter((r) => r.removedAtMs !== undefined);
    if (removed.length > MAX_REMOVED_KEYS_KEPT) this.#records.splice(this.#records.indexOf(removed[0] as KeyRecord), 1);
  }
}

function validate(options: IssuerOptions): void {
  // structural, so a second copy of @irsa-lab/core still passes
  if (typeof options.clock?.scheduleAt !== 'function') throw new TypeError('clock must be a SimClock');
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(options.region)) throw new TypeError(`bad region: ${options.region}`);
  if (!/^[A-Za-z0-9]+$/.test(options.clusterId)) throw new TypeError(`bad cluster id: ${options.clusterId}`);
  const period = options.rotationPeriodMs;
  if (period !== undefined && !(Number.isSafeInteger(period) && period > 0)) {
    throw new TypeError(`rotationPeriodMs must be a positive integer, got ${period}`);
  }
  if (options.keySource !== undefined && options.keySource !== 'fixtures' && options.keySource !== 'live') {
    throw new TypeError(`keySource must be 'fixtures' or 'live', got ${String(options.keySource)}`);
  }
  if (options.jwksUri !== undefined && !URL.canParse(options.jwksUri)) {
    throw new TypeError(`jwksUri is not a URL: ${options.jwksUri}`);
  }
}

/**
 * Create a cluster's OIDC issuer with its first signing key, and schedule its
 * rotation on the clock (label `issuer.rotate`).
 * @example
 * const issuer = await createIssuer({ clock, rng, log, region: 'us-west-2', clusterId: ids.clusterId() });
 * const token = await issuer.sign({ iss: issuer.issuerUrl, sub, aud: ['sts.amazonaws.com'], iat, nbf: iat, exp });
 */
export async function createIssuer(options: IssuerOptions): Promise<Issuer> {
  validate(options);
  const issuer = new EksIssuer(options);
  // import the first private key now, so the first sign() is quick and a broken key fails here
  await issuer.warmUp();
  return issuer;
}
