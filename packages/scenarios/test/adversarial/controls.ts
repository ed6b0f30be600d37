/**
 * Near misses STS accepts, run beside the attacks: if one of these were
 * refused, the attacks' refusals could be the arena's fault, not STS's.
 */
import type { Arena } from './arena.js';
import { LAB_KID } from './arena.js';
import { signRaw } from './forge.js';

export interface Control {
  readonly title: string;
  readonly token: (a: Arena) => Promise<string>;
  /** Sent for lab-reader (the lab issuer's role) instead of billing-reader. */
  readonly lab?: boolean;
}

export const CONTROLS: readonly Control[] = [
  { title: 'a genuine IRSA token from the apiserver', token: (a) => a.goodToken() },
  {
    title: 'exp exactly 300 s ago (the edge of the leeway)',
    token: (a) => a.world.issuer.sign(a.claims({ exp: a.now() - 300 })),
  },
  { title: 'nbf exactly 300 s ahead', token: (a) => a.world.issuer.sign(a.claims({ nbf: a.now() + 300 })) },
  {
    title: 'aud as a list holding sts.amazonaws.com among others (docs/reference.md#projected-token-claims)',
    token: (a) => a.world.issuer.sign(a.claims({ aud: ['vault', 'sts.amazonaws.com'] })),
  },
  {
    title: 'iat and nbf missing (only exp is required; [UNCONFIRMED] for real STS)',
    token: (a) => {
      const { iat: _iat, nbf: _nbf, ...rest } = a.claims();
      return a.world.issuer.sign(rest);
    },
  },
  {
    title: 'the lab issuer’s own token without crit (so the crit refusals are about crit)',
    token: (a) => signRaw({ alg: 'RS256', kid: LAB_KID }, a.labClaims(), a.lab.privateKey),
    lab: true,
  },
];
