/**
 * Walk a chain's providers in order: the first that resolves wins, a
 * `failed-stop` ends the walk with its error, anything else moves on. With
 * nothing found the SDK's own "no credentials" error is raised.
 */

import type { ChainCredentials, ChainError, ProviderAttempt } from '../types.js';
import { type ChainContext, Probe, type ProviderLink } from './probe.js';

export type LinksOutcome =
  | {
      readonly ok: true;
      readonly credentials: ChainCredentials;
      readonly trace: readonly ProviderAttempt[];
      /** The provider that resolved (botocore refreshes re-run only it). */
      readonly winner: ProviderLink;
    }
  | { readonly ok: false; readonly error: ChainError; readonly trace: readonly ProviderAttempt[] };

/** The code of the error raised when no provider found credentials. */
export const NO_CREDENTIALS = 'CHAIN_NO_CREDENTIALS';

/** Run `links` in order; `noCredentialsMessage` is the SDK's wording when all of them pass. */
export async function runLinks(
  ctx: ChainContext,
  links: readonly ProviderLink[],
  noCredentialsMessage: string,
): Promise<LinksOutcome> {
  const trace: ProviderAttempt[] = [];
  for (const link of links) {
    const step = await link.run(new Probe(ctx, link.name));
    trace.push(step.attempt);
    if (step.credentials) return { ok: true, credentials: step.credentials, trace, winner: link };
    if (step.attempt.outcome === 'failed-stop' && step.error) return { ok: false, error: step.error, trace };
  }
  const last = links[links.length - 1];
  if (!last) throw new TypeError('a chain needs at least one provider');
  return { ok: false, error: { code: NO_CREDENTIALS, message: noCredentialsMessage, provider: last.name }, trace };
}
