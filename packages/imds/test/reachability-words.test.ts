/**
 * explainReachability's words (its reason is what a learner reads): who the
 * caller is, with the plural right, which path works, and the verdict; and a
 * caller distance that is not a positive integer refused by name.
 */
import { DEFAULT_METADATA_OPTIONS, explainReachability, type MetadataOptions } from '@irsa-lab/imds';
import { describe, expect, it } from 'vitest';

const options = (change: Partial<MetadataOptions>): MetadataOptions => ({ ...DEFAULT_METADATA_OPTIONS, ...change });

describe('explainReachability says', () => {
  it('who the caller is, one hop or several', () => {
    const open = options({ httpTokens: 'optional', httpPutResponseHopLimit: 2 });
    expect(explainReachability(open, { hops: 1, hostNetwork: true }).reason).toContain(
      'a hostNetwork pod or the node itself (1 hop)',
    );
    expect(explainReachability(open, { hops: 2, hostNetwork: true }).reason).toContain('(2 hops)');
    expect(explainReachability(open, { hops: 1, hostNetwork: false }).reason).toContain('a caller 1 hop away');
    expect(explainReachability(open, { hops: 2, hostNetwork: false }).reason).toContain('a caller 2 hops away');
  });

  it('whether IMDSv1 works beside the token, instead of it, or not at all, and the verdict', () => {
    const reason = (change: Partial<MetadataOptions>, hops: number) =>
      explainReachability(options(change), { hops, hostNetwork: false }).reason;
    const both = reason({ httpTokens: 'optional', httpPutResponseHopLimit: 2 }, 2);
    expect(both).toContain('reaches a caller 2 hops away');
    expect(both).toContain('IMDSv1 also works');
    expect(both).toMatch(/: the node role credentials are reachable$/);
    const fallback = reason({ httpTokens: 'optional', httpPutResponseHopLimit: 1 }, 2);
    expect(fallback).toContain('is dropped before it reaches');
    expect(fallback).toContain('IMDSv1 still works');
    const none = reason({ httpTokens: 'required', httpPutResponseHopLimit: 1 }, 2);
    expect(none).toContain('IMDSv1 is refused with 401');
    expect(none).toMatch(/: the node role credentials are out of reach$/);
  });

  it.each([0, 1.5, Number.NaN])('refuses a caller %s hops away', (hops) => {
    expect(() => explainReachability(DEFAULT_METADATA_OPTIONS, { hops, hostNetwork: false })).toThrow(
      new TypeError(`caller.hops must be a positive integer, got ${String(hops)}`),
    );
  });
});
