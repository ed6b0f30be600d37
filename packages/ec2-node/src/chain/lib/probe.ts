/**
 * Probe: what one provider of a chain sees of the Pod, and the record of it.
 * Every env var, file and request a provider touches goes through its probe,
 * so the trace lists exactly what was looked at; the probe also builds the
 * provider's step (skipped / failed-continue / failed-stop / resolved).
 */
import type { Clock } from '@irsa-lab/core';
import { isSimError, type SimError } from '@irsa-lab/core';
import type { PodView } from '../../pod-view.js';
import type { ChainCredentials, ChainError, ProviderAttempt, ProviderName, ProviderRequest } from '../types.js';

/** What every provider of one resolution shares. */
export interface ChainContext {
  readonly view: PodView;
  readonly clock: Clock;
  /** Region given in code, if any. */
  readonly region?: string;
  readonly imdsExtendedPath: boolean;
}

/** The result of one provider. */
export interface ProviderStep {
  readonly attempt: ProviderAttempt;
  readonly credentials?: ChainCredentials;
  readonly error?: ChainError;
}

/** A provider of a chain. */
export interface ProviderLink {
  readonly name: ProviderName;
  run(probe: Probe): Promise<ProviderStep>;
}

/** A response as a provider sees it, or the network error it got instead. */
export type FetchOutcome =
  | { readonly ok: true; readonly status: number; readonly text: string }
  | { readonly ok: false; readonly error: SimError };

/** Response bodies longer than this are cut (and so fail to parse): a limit on everything. */
export const MAX_BODY_CHARS = 1_000_000;

/** Credentials fields as a provider produces them, before the source is stamped on. */
export type RawCredentials = Omit<ChainCredentials, 'source'>;

export class Probe {
  readonly reads: string[] = [];
  readonly requests: ProviderRequest[] = [];
  readonly #env: Readonly<Record<string, string>>;

  constructor(
    readonly ctx: ChainContext,
    readonly provider: ProviderName,
  ) {
    this.#env = ctx.view.env();
  }

  /** Read an environment variable (recorded). */
  env(name: string): string | undefined {
    this.#note(name);
    return Object.hasOwn(this.#env, name) ? this.#env[name] : undefined;
  }

  /** Read a file inside the container (recorded). */
  file(path: string): string | undefined {
    this.#note(path);
    return this.ctx.view.readFile(path);
  }

  /** Make a request as the Pod (recorded); network failures come back as values, not throws. */
  async fetch(request: Request): Promise<FetchOutcome> {
    const url = new URL(request.url);
    const entry = { method: request.method, url: `${url.origin}${url.pathname}` };
    try {
      const response = await this.ctx.view.fetch(request);
      this.requests.push({ ...entry, status: response.status });
      const text = (await response.text()).slice(0, MAX_BODY_CHARS);
      return { ok: true, status: response.status, text };
    } catch (err) {
      if (!isSimError(err)) throw err;
      this.requests.push({ ...entry, status: err.code });
      return { ok: false, error: err };
    }
  }

  skip(detail: string): ProviderStep {
    return { attempt: this.#attempt('skipped', detail) };
  }

  /** Failed, and the chain moves on (JS `tryNextLink`, botocore returning None). */
  next(detail: string, code = 'CredentialsProviderError'): ProviderStep {
    return {
      attempt: this.#attempt('failed-continue', detail),
      error: { code, message: detail, provider: this.provider },
    };
  }

  /** Failed, and the chain ends here with this error. */
  stop(code: string, message: string, detail = message): ProviderStep {
    return {
      attempt: this.#attempt('failed-stop', detail),
      error: { code, message, provider: this.provider },
    };
  }

  resolved(detail: string, credentials: RawCredentials): ProviderStep {
    return { attempt: this.#attempt('resolved', detail), credentials: { ...credentials, source: this.provider } };
  }

  #attempt(outcome: ProviderAttempt['outcome'], detail: string): ProviderAttempt {
    const base = { provider: this.provider, outcome, reads: [...this.reads], detail };
    return this.requests.length > 0 ? { ...base, requests: [...this.requests] } : base;
  }

  #note(name: string): void {
    if (!this.reads.includes(name)) this.reads.push(name);
  }
}

/** Parse an ISO-8601 / RFC 3339 timestamp to epoch ms; undefined if it is not one. */
export function parseTimestampMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Describe a network failure for a trace. */
export function describeNetError(error: SimError): string {
  return `${error.code}: ${error.message}`;
}
