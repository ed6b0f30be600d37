/** The reachability truth table, pinned as data (docs/reference.md#hop-limit-and-pods). */
import { describe, expect, it } from 'vitest';
import { explainReachability } from './explain-reachability.js';
import type { MetadataOptions } from './metadata-options.js';

const POD = { hops: 2, hostNetwork: false };
const HOST = { hops: 1, hostNetwork: true };

function options(change: Partial<MetadataOptions>): MetadataOptions {
  return { httpTokens: 'optional', httpPutResponseHopLimit: 1, httpEndpoint: 'enabled', ...change };
}

const vectors = [
  {
    title: 'EKS-BPG: hop limit 1 + optional still leaks credentials to pods through IMDSv1',
    input: [options({}), POD],
    expected: { v2Token: 'dropped', v1: 'ok', credentials: true },
  },
  {
    title: 'EKS-BPG: hop limit 1 + required blocks pod-network pods',
    input: [options({ httpTokens: 'required' }), POD],
    expected: { v2Token: 'dropped', v1: 'refused', credentials: false },
  },
  {
    title: 'EKS-IRSA-PAGE: hostNetwork pods always have IMDS access',
    input: [options({ httpTokens: 'required' }), HOST],
    expected: { v2Token: 'ok', v1: 'refused', credentials: true },
  },
  {
    title: 'EKS-BPG: eksctl default, hop limit 2, v1+v2: pods reach IMDS',
    input: [options({ httpPutResponseHopLimit: 2 }), POD],
    expected: { v2Token: 'ok', v1: 'ok', credentials: true },
  },
  {
    title: 'EC2-UG: http-endpoint disabled refuses everyone',
    input: [options({ httpEndpoint: 'disabled', httpPutResponseHopLimit: 64 }), HOST],
    expected: { v2Token: 'refused', v1: 'refused', credentials: false },
  },
] as const;

describe('explainReachability', () => {
  it.each(vectors)('$title', ({ input, expected }) => {
    expect(explainReachability(input[0], input[1])).toMatchObject(expected);
  });

  it('explains a dropped token and the IMDSv1 fallback in words', () => {
    const { reason } = explainReachability(options({}), POD);
    expect(reason).toBe(
      "the token PUT response (IP TTL 1) is dropped before it reaches a caller 2 hops away, so the SDK's token request times out; " +
        'but IMDSv1 still works (http-tokens optional; the hop limit only applies to the PUT response), so SDKs fall back to it: ' +
        'the node role credentials are reachable',
    );
  });

  it('names hostNetwork callers and a turned-off endpoint', () => {
    expect(explainReachability(options({ httpTokens: 'required' }), HOST).reason).toContain(
      'reaches a hostNetwork pod or the node itself (1 hop)',
    );
    expect(explainReachability(options({ httpEndpoint: 'disabled' }), POD).reason).toContain('http-endpoint disabled');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects hops %d as a programmer error', (hops) => {
    expect(() => explainReachability(options({}), { hops, hostNetwork: false })).toThrow(TypeError);
  });
});
