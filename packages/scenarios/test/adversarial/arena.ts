/**
 * The arena the JWT attacks run in: a fresh world (cluster `demo`, its
 * provider registered, role billing-reader trusted by payments/billing and
 * role other-reader by payments/other), plus two test-held keys. The "lab"
 * key belongs to a second EKS-style issuer registered in the same account
 * (role lab-reader trusts it), so headers no real issuer would write (crit,
 * jwk, jku) can carry a signature STS can genuinely verify. The "attacker"
 * key is trusted by nobody; attacker.example serves it and counts requests.
 */

import { createIrsaRole, createWorld, registerOidcProvider, type World } from '@irsa-lab/world';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';
import { HttpResponse, http } from 'msw';

export const ARENA_SEED = 20260105;
export const LAB_ISSUER = 'https://oidc.eks.eu-central-1.amazonaws.com/id/1AB0000000000000000000000000000A';
export const LAB_KID = 'lab-key-1';
export const ATTACKER = 'https://attacker.example';
export const BILLING_SUB = 'system:serviceaccount:payments:billing';

interface KeyPair {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

let keys: Promise<{ lab: KeyPair; attacker: KeyPair }> | undefined;

async function keyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

/** The two test keys, generated once per file (RSA generation is slow). */
export function testKeys(): Promise<{ lab: KeyPair; attacker: KeyPair }> {
  keys ??= Promise.all([keyPair(), keyPair()]).then(([lab, attacker]) => ({ lab, attacker }));
  return keys;
}

export interface Arena {
  readonly world: World;
  readonly roleArn: string;
  readonly otherRoleArn: string;
  readonly labRoleArn: string;
  readonly lab: KeyPair;
  readonly attacker: KeyPair;
  /** URLs of attacker.example that anyone (STS) fetched. */
  readonly attackerHits: string[];
  /** Now, as a JWT NumericDate. */
  now(): number;
  /** A bound-token-shaped payload for payments/billing from this cluster, valid for an hour, with `changes`. */
  claims(changes?: Record<string, unknown>): Record<string, unknown>;
  /** The same for the lab issuer (sub `lab:alice`). */
  labClaims(changes?: Record<string, unknown>): Record<string, unknown>;
  /** A genuine IRSA token from the apiserver (TokenRequest, aud sts.amazonaws.com, 1 h). */
  goodToken(): Promise<string>;
  assume(token: string, roleArn?: string): ReturnType<World['sts']['assumeRoleWithWebIdentity']>;
}

function jwks(pair: KeyPair, kid: string) {
  return { keys: [{ ...pair.publicJwk, kid, alg: 'RS256', use: 'sig' }] };
}

/** A fresh arena (worlds are cheap; each attack gets its own, so none sees another's cache or rotation). */
export async function arena(seed = ARENA_SEED): Promise<Arena> {
  const { lab, attacker } = await testKeys();
  const world = await createWorld({ seed });
  registerOidcProvider(world);
  const roleArn = createIrsaRole(world, {
    roleName: 'billing-reader',
    namespace: 'payments',
    serviceAccount: 'billing',
  });
  const otherRoleArn = createIrsaRole(world, {
    roleName: 'other-reader',
    namespace: 'payments',
    serviceAccount: 'other',
  });
  await world.api.apply(
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: billing\n  namespace: payments\n',
    'payments.yaml',
  );

  const labUrl = new URL(LAB_ISSUER);
  world.net.addHost(labUrl.host, [
    http.get(`${LAB_ISSUER}/.well-known/openid-configuration`, () =>
      HttpResponse.json({
        issuer: LAB_ISSUER,
        jwks_uri: `${LAB_ISSUER}/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      }),
    ),
    http.get(`${LAB_ISSUER}/keys`, () => HttpResponse.json(jwks(lab, LAB_KID))),
  ]);
  const labProvider = world.iam.createOpenIdConnectProvider(world.accountId, {
    Url: LAB_ISSUER,
    ClientIDList: ['sts.amazonaws.com'],
  }).Arn;
  const labHostPath = LAB_ISSUER.replace('https://', '');
  const labRoleArn = world.iam.createRole(world.accountId, {
    RoleName: 'lab-reader',
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: labProvider },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { [`${labHostPath}:sub`]: 'lab:alice', [`${labHostPath}:aud`]: 'sts.amazonaws.com' },
          },
        },
      ],
    }),
  }).Arn;

  const attackerHits: string[] = [];
  world.net.addHost(new URL(ATTACKER).host, [
    http.all(`${ATTACKER}/*`, ({ request }) => {
      attackerHits.push(request.url);
      return HttpResponse.json(jwks(attacker, 'attacker-key'));
    }),
  ]);

  const now = () => Math.floor(world.clock.nowMs() / 1000);
  const base = (iss: string, sub: string) => ({
    aud: ['sts.amazonaws.com'],
    exp: now() + 3600,
    iat: now(),
    iss,
    nbf: now(),
    sub,
  });
  return {
    world,
    roleArn,
    otherRoleArn,
    labRoleArn,
    lab,
    attacker,
    attackerHits,
    now,
    claims: (changes = {}) => ({ ...base(world.issuer.issuerUrl, BILLING_SUB), ...changes }),
    labClaims: (changes = {}) => ({ ...base(LAB_ISSUER, 'lab:alice'), ...changes }),
    async goodToken() {
      const result = await world.api.createToken('payments', 'billing', {
        audiences: ['sts.amazonaws.com'],
        expirationSeconds: 3600,
      });
      return result.token;
    },
    assume: (token, role = roleArn) =>
      world.sts.assumeRoleWithWebIdentity({ RoleArn: role, RoleSessionName: 'attacker', WebIdentityToken: token }),
  };
}
