/**
 * JWT attacks on the claims, each carrying a genuine signature (the
 * cluster's issuer, the lab issuer, or another cluster's): wrong, slashed,
 * plain-http or missing iss; a legacy Secret token; another cluster's token;
 * aud missing, wrong or malformed; exp, nbf and iat past the edges, as
 * strings or floats, or missing; no sub; and valid tokens for roles that
 * trust someone else. Expected answers: docs/reference.md#sts-errors and
 * docs/reference.md#sts-validation.
 */
import { issuerHandlers } from '@irsa-lab/oidc-issuer';
import { createWorld } from '@irsa-lab/world';
import { LAB_KID } from './arena.js';
import { type AttackCase, DENIED, EXPIRED, INVALID, missingClaim, noProvider, WRONG_AUDIENCE } from './attack-types.js';
import { signRaw } from './forge.js';

const VALIDATION = 'docs/reference.md#sts-validation';
const TIMESTAMPS = 'docs/reference.md#sts-wire-format (timestamps must be integers)';
const OTHER_CLUSTER_SEED = 4242;
/** The other cluster's issuer URL (its id follows from the seed); checked in otherCluster(). */
let otherIssuerUrl = '';

/** Claims without `name`. */
function without(claims: Record<string, unknown>, name: string): Record<string, unknown> {
  const { [name]: _dropped, ...rest } = claims;
  return rest;
}

/** Another EKS cluster in another region, with payments/billing; its issuer is on the same simulated internet. */
async function otherCluster(a: Parameters<AttackCase['input']>[0]) {
  const other = await createWorld({ seed: OTHER_CLUSTER_SEED, region: 'eu-west-1' });
  await other.api.apply(
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: billing\n  namespace: payments\n',
    'payments.yaml',
  );
  otherIssuerUrl = other.issuer.issuerUrl;
  a.world.net.addHost(other.issuer.host, issuerHandlers(other.issuer));
  const { token } = await other.api.createToken('payments', 'billing', { audiences: ['sts.amazonaws.com'] });
  return { other, token };
}

export const CLAIM_ATTACKS: readonly AttackCase[] = [
  {
    title: 'iss of a cluster that does not exist',
    source: VALIDATION,
    input: async (a) => ({
      token: await a.world.issuer.sign(a.claims({ iss: 'https://oidc.eks.us-west-2.amazonaws.com/id/NOSUCHCLUSTER' })),
    }),
    expected: noProvider('https://oidc.eks.us-west-2.amazonaws.com/id/NOSUCHCLUSTER'),
  },
  {
    title: 'iss with a trailing slash',
    source: VALIDATION,
    input: async (a) => ({ token: await a.world.issuer.sign(a.claims({ iss: `${a.world.issuer.issuerUrl}/` })) }),
    expected: (a) => noProvider(`${a.world.issuer.issuerUrl}/`),
  },
  {
    title: 'iss over plain http://',
    source: 'docs/reference.md#sts-validation (GitLab 342243)',
    input: async (a) => ({
      token: await a.world.issuer.sign(a.claims({ iss: a.world.issuer.issuerUrl.replace('https:', 'http:') })),
    }),
    expected: INVALID,
  },
  {
    title: 'iss missing',
    source: VALIDATION,
    input: async (a) => ({ token: await a.world.issuer.sign(without(a.claims(), 'iss')) }),
    expected: missingClaim('iss'),
  },
  {
    title: 'a legacy Secret token (iss kubernetes/serviceaccount, no exp, no aud)',
    source: 'docs/reference.md#legacy-secret-tokens',
    input: async (a) => {
      await a.world.api.apply(
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-token\n  namespace: payments\n  annotations:\n    kubernetes.io/service-account.name: billing\ntype: kubernetes.io/service-account-token\n',
        'secret.yaml',
      );
      const secret = a.world.api.get('Secret', 'payments', 'billing-token');
      return { token: Buffer.from(secret.data?.token ?? '', 'base64').toString('utf8') };
    },
    expected: INVALID,
  },
  {
    title: "a token from another cluster's issuer, not registered in the account",
    source: VALIDATION,
    input: async (a) => ({ token: (await otherCluster(a)).token }),
    expected: () => noProvider(otherIssuerUrl),
  },
  {
    title: "a token from another cluster's issuer, registered, for a role that trusts only this cluster",
    source: 'docs/reference.md#trust-policies',
    input: async (a) => {
      const { other, token } = await otherCluster(a);
      a.world.iam.createOpenIdConnectProvider(a.world.accountId, {
        Url: other.issuer.issuerUrl,
        ClientIDList: ['sts.amazonaws.com'],
      });
      return { token };
    },
    expected: DENIED,
  },
  {
    title: 'aud missing',
    source: VALIDATION,
    input: async (a) => ({ token: await a.world.issuer.sign(without(a.claims(), 'aud')) }),
    expected: missingClaim('aud'),
  },
  {
    title: 'aud of another client (sts.amazon.com)',
    source: 'awslabs/amazon-eks-irsa-cfn#18',
    input: async (a) => ({ token: await a.world.issuer.sign(a.claims({ aud: ['sts.amazon.com'] })) }),
    expected: WRONG_AUDIENCE,
  },
  {
    title: 'aud as a list of other clients only',
    source: VALIDATION,
    input: async (a) => ({
      token: await a.world.issuer.sign(a.claims({ aud: ['vault', 'https://kubernetes.default.svc'] })),
    }),
    expected: WRONG_AUDIENCE,
  },
  {
    title: 'aud as an empty list',
    source: VALIDATION,
    input: async (a) => ({ token: await a.world.issuer.sign(a.claims({ aud: [] })) }),
    expected: WRONG_AUDIENCE,
  },
  {
    title: 'aud as a number',
    source: VALIDATION,
    input: async (a) => ({ token: await a.world.issuer.sign(a.claims({ aud: 42 })) }),
    expected: INVALID,
  },
  {
    title: 'exp 301 s ago (one second past the 5-minute leeway)',
    source: 'docs/reference.md#sts-validation (IAM allows 5 minutes past exp)',
    input: async (a) => ({ token: await a.world.issuer.sign(a.claims({ exp: a.now() - 301 })) }),
    expected: EXPIRED,
  },
  {
    title: 'exp as a string',
    source: TIMESTAMPS,
    input: async (a) => ({
      token: await signRaw(
        { alg: 'RS256', kid: LAB_KID },
        a.labClaims({ exp: String(a.now() + 3600) }),
        a.lab.privateKey,
      ),
      roleArn: a.labRoleArn,
    }),
    expected: INVALID,
  },
  {
    title: 'exp as a float',
    source: TIMESTAMPS,
    input: async (a) => ({ token: await a.world.issuer.sign(a.claims({ exp: a.now() + 3600.5 })) }),
    expected: INVALID,
  },
  {
    title: 'exp missing',
    source: VALIDATION,
    input: async (a) => ({ token: await a.world.issuer.sign(without(a.claims(), 'exp')) }),
    expected: missingClaim('exp'),
  },
  {
    title: 'nbf 301 s in the future [nbf handling not documented]',
    source: 'docs/reference.md#sts-validation',
    input: async (a) => ({ token: await a.world.issuer.sign(a.claims({ nbf: a.now() + 301 })) }),
    expected: INVALID,
  },
  {
    title: 'nbf as a string',
    source: TIMESTAMPS,
    input: async (a) => ({ token: await a.world.issuer.sign(a.claims({ nbf: String(a.now()) })) }),
    expected: INVALID,
  },
  {
    title: 'iat as a float',
    source: TIMESTAMPS,
    input: async (a) => ({ token: await a.world.issuer.sign(a.claims({ iat: a.now() + 0.25 })) }),
    expected: INVALID,
  },
  {
    title: 'iat as a string',
    source: TIMESTAMPS,
    input: async (a) => ({ token: await a.world.issuer.sign(a.claims({ iat: String(a.now()) })) }),
    expected: INVALID,
  },
  {
    title: 'sub missing',
    source: VALIDATION,
    input: async (a) => ({ token: await a.world.issuer.sign(without(a.claims(), 'sub')) }),
    expected: missingClaim('sub'),
  },
  {
    title: 'a valid token for a role whose trust names another ServiceAccount',
    source: 'docs/reference.md#trust-policy-mistakes',
    input: async (a) => ({ token: await a.goodToken(), roleArn: a.otherRoleArn }),
    expected: DENIED,
  },
  {
    title: 'a valid token for a role that does not exist',
    source: 'docs/reference.md#sts-validation',
    input: async (a) => ({
      token: await a.goodToken(),
      roleArn: `arn:aws:iam::${a.world.accountId}:role/no-such-role`,
    }),
    expected: DENIED,
  },
  {
    title: "a valid token for another account's role",
    source: 'docs/reference.md#iam-oidc-provider (the provider must be in the role’s account)',
    input: async (a) => ({ token: await a.goodToken(), roleArn: 'arn:aws:iam::999988887777:role/billing-reader' }),
    expected: { code: 'InvalidIdentityToken', status: 400 },
  },
];
