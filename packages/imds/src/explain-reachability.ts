/**
 * The IMDS reachability truth table as a pure function: given the instance's
 * metadata options and where a caller sits, can it get an IMDSv2 token, can
 * it use IMDSv1, and so can it read the node role's credentials? The handlers
 * behave exactly this way (a test checks it); scenarios show the `reason`.
 */
import type { MetadataOptions } from './metadata-options.js';

/** Where a caller sits, as far as IMDS reachability goes (a subset of net's `Caller`). */
export interface ReachabilityCaller {
  /** 1 for the node and hostNetwork pods, 2 for a pod in its own network namespace. */
  readonly hops: number;
  readonly hostNetwork: boolean;
}

export interface Reachability {
  /** `ok`: the token arrives; `dropped`: the PUT response dies on the way (the SDK times out); `refused`: 403. */
  readonly v2Token: 'ok' | 'dropped' | 'refused';
  /** Whether a tokenless (IMDSv1) GET is answered. */
  readonly v1: 'ok' | 'refused';
  /** Whether the caller can read the node role's credentials one way or the other (as SDKs try: v2, then v1). */
  readonly credentials: boolean;
  /** The explanation, in words. */
  readonly reason: string;
}

/** Compute what a caller `hops` away can do with IMDS under `options`. */
export function explainReachability(options: MetadataOptions, caller: ReachabilityCaller): Reachability {
  if (!Number.isInteger(caller.hops) || caller.hops < 1) {
    throw new TypeError(`caller.hops must be a positive integer, got ${String(caller.hops)}`);
  }
  const where = caller.hostNetwork
    ? `a hostNetwork pod or the node itself (${caller.hops} hop${caller.hops === 1 ? '' : 's'})`
    : `a caller ${caller.hops} hop${caller.hops === 1 ? '' : 's'} away`;
  if (options.httpEndpoint === 'disabled') {
    return {
      v2Token: 'refused',
      v1: 'refused',
      credentials: false,
      reason: `IMDS is turned off (http-endpoint disabled): every request from ${where} gets 403`,
    };
  }
  const limit = options.httpPutResponseHopLimit;
  const v2Token = caller.hops > limit ? 'dropped' : 'ok';
  const v1 = options.httpTokens === 'optional' ? 'ok' : 'refused';
  const v2Words =
    v2Token === 'ok'
      ? `the token PUT response (IP TTL ${limit}) reaches ${where}`
      : `the token PUT response (IP TTL ${limit}) is dropped before it reaches ${where}, so the SDK's token request times out`;
  const v1Words =
    v1 === 'ok'
      ? v2Token === 'ok'
        ? 'IMDSv1 also works (http-tokens optional)'
        : 'but IMDSv1 still works (http-tokens optional; the hop limit only applies to the PUT response), so SDKs fall back to it'
      : 'IMDSv1 is refused with 401 (http-tokens required)';
  const credentials = v2Token === 'ok' || v1 === 'ok';
  const verdict = credentials
    ? 'the node role credentials are reachable'
    : 'the node role credentials are out of reach';
  return { v2Token, v1, credentials, reason: `${v2Words}; ${v1Words}: ${verdict}` };
}
