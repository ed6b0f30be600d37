/**
 * key-rotation: the issuer's signing key rotates after 7 days; the retired
 * public key stays in /keys until the tokens it signed expire; STS keeps
 * validating; a third-party OIDC client that caches the JWKS for its
 * max-age and never refetches on an unknown kid rejects the new tokens
 * (hashicorp/vault#11611) until it refetches on an unknown kid.
 */

import { DAY_MS, IRSA_AUDIENCE, IRSA_TOKEN_PATH } from '@irsa-lab/core';
import type { Caller } from '@irsa-lab/net';
import type { World } from '@irsa-lab/world';
import { moveTime } from '@irsa-lab/world';
import type { DecisionTrace, ScenarioDef } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check, jwksPanel, timelinePanel } from '../../panels/panels.js';
import { billingReaderArn, billingReaderWorld, startBillingApi } from '../kit/billing.js';
import { webIdentityRecords } from '../kit/cloudtrail.js';
import { ThirdPartyOidcClient, type Verification } from '../kit/oidc-client.js';
import { textPanel } from '../kit/text-panels.js';
import { inspect, irsaTokenEntry, readToken } from '../kit/tokens.js';
import { IMDS_OPEN } from '../kit/worlds.js';

const NS = 'payments';
const POD = 'billing-api';
const VAULT_LOGIN = `vault write auth/jwt/login role=billing jwt=@${IRSA_TOKEN_PATH}`;

/** A Vault server outside the VPC: it reaches the issuer over the internet. */
const VAULT: Caller = Object.freeze({
  kind: 'outside',
  id: 'vault.example.com',
  hops: 8,
  vantage: 'internet',
  sourceIp: '198.51.100.20',
});

function verifyDecision(v: Verification): DecisionTrace {
  return { title: 'Vault JWT auth: verify the service account token', allowed: v.ok, lines: v.lines };
}

/** Who signed what: every key's lifetime, the pod's token, the client's cache. */
function timeline(world: World, client?: ThirdPartyOidcClient) {
  const lane = client?.cacheLane();
  return timelinePanel(world, lane ? [lane] : []);
}

/** STS's verdict on the signature in its last AssumeRoleWithWebIdentity. */
function stsSignatureStep(world: World): string | undefined {
  const requestId = webIdentityRecords(world).at(-1)?.requestID;
  return requestId ? world.sts.traceOf(requestId)?.find((s) => s.step === 'verify-signature')?.detail : undefined;
}

/**
 * What the learner would see from Vault for a failed verification: the text Vault users reported in
 * hashicorp/vault#11611 when the key was missing, then the model's own code (jose's, as it verifies with jose).
 */
function vaultError(code: string | undefined): string {
  const said = code === 'ERR_JWKS_NO_MATCHING_KEY' ? '"failed to verify id token signature" ' : '';
  return `${said}(model: ${code ?? 'unknown error'})`;
}

/** What the steps share: the signing kid before (A) and after (B) the rotation, and the Vault model. */
type State = { kidA: string; kidB: string; validator: ThirdPartyOidcClient };

export const keyRotation: ScenarioDef<World, State> = {
  id: 'key-rotation',
  title: 'Key rotation: STS keeps up, a stale JWKS cache does not',
  group: 'time',
  goal: 'Watch the issuer rotate its signing key after 7 days, and a JWKS cache that never refetches break',
  lesson:
    'EKS rotates the issuer key every 7 days and keeps publishing the old public keys in /keys for a while (the EKS user guide says until they expire, without saying how long); any OIDC client must refetch the JWKS when it meets an unknown kid.',
  sources: [
    {
      label: 'EKS user guide, IAM roles for service accounts',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html',
    },
    {
      label: 'EKS user guide, fetch signing keys to validate OIDC tokens',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/irsa-fetch-keys.html',
    },
    { label: 'Reference: key rotation', href: 'docs/reference.md#key-rotation' },
    { label: 'Reference: third-party OIDC validators', href: 'docs/reference.md#third-party-oidc-validators' },
    {
      label: 'hashicorp/vault#11611: JWT auth fails after EKS OIDC key rotation',
      href: 'https://github.com/hashicorp/vault/issues/11611',
    },
  ],
  simplifications: [
    'The pod sets automountServiceAccountToken: false, so key A signs only 24 h IRSA tokens. A default API token (extended to 90 days on EKS) would keep key A published for about 90 days here.',
    'How long EKS keeps a retired key is not documented; here it stays until every token it signed is past exp plus the 5-minute STS leeway.',
    "The third-party client is a small model of Vault's JWT auth with go-oidc v2's key cache, not Vault itself.",
  ],
  setup: (seed) => billingReaderWorld(seed, { metadataOptions: IMDS_OPEN, instanceRolePolicies: {} }),
  steps: [
    {
      id: 'irsa-works',
      title: 'The pod gets role credentials; key A signed its token',
      narration:
        "IRSA is set up: provider, role, annotated ServiceAccount. The pod starts, the kubelet writes its 24-hour token, and the SDK exchanges it at STS. The token header's kid names the issuer key that signed it: call it key A.",
      async run({ world, state }) {
        const roleArn = billingReaderArn(world);
        await startBillingApi(world, roleArn, { automount: false });
        const got = await resolveInPod(world, NS, POD);
        const kid = inspect(readToken(world, NS, POD)).kid;
        state.kidA = kid;
        return {
          action: 'kubectl apply -f billing-api.yaml; SDK default chain in payments/billing-api',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `The token is signed by key A (${kid.slice(0, 8)}…); the pod holds ${got.roleArn ?? 'no role'}.`,
          panels: [...got.panels, jwksPanel(world, kid), timeline(world)],
          decision: got.decision,
          checks: [
            check('role obtained', roleArn, got.roleArn),
            check('token signed by the current key', world.issuer.currentKid(), kid),
          ],
        };
      },
    },
    {
      id: 'validator-caches',
      title: 'Day 6: a third-party OIDC client caches the JWKS for 7 days',
      narration:
        "The team also logs in to HashiCorp Vault with the pod's token (Vault's JWT auth method, bound audience sts.amazonaws.com). Vault fetches discovery and /keys itself and caches the key set for the Cache-Control max-age the issuer sends: 604800 s, 7 days.",
      async run({ world, state }) {
        await moveTime(world, world.issuer.nextRotationAtMs() - DAY_MS);
        const client = new ThirdPartyOidcClient(world, {
          caller: VAULT,
          audience: IRSA_AUDIENCE,
          refetchOnUnknownKid: false,
        });
        state.validator = client;
        const v = await client.verify(readToken(world, NS, POD));
        const cache = client.cache;
        return {
          action: VAULT_LOGIN,
          outcome: v.ok ? 'allowed' : 'denied',
          summary: `Vault verified the token and cached kids ${cache?.kids.map((k) => k.slice(0, 8)).join(', ')} until ${new Date(cache?.expiresAtMs ?? 0).toISOString()}.`,
          panels: [jwksPanel(world, v.kid), timeline(world, client)],
          decision: verifyDecision(v),
          checks: [
            check('Vault login', 'verified', v.ok ? 'verified' : v.code),
            check('cached kids', state.kidA, cache?.kids.join(',')),
            check('cached for', '604800 s', cache ? `${(cache.expiresAtMs - cache.fetchedAtMs) / 1000} s` : undefined),
          ],
        };
      },
    },
    {
      id: 'rotation',
      title: 'Day 7: the issuer rotates its key; the old one stays published',
      narration:
        'Seven days after key A was created, the issuer signs with a new key B. Key A is retired but stays in /keys, because tokens it signed are still valid. The pod still holds a token signed by key A, and STS still accepts it.',
      async run({ world, state }) {
        await moveTime(world, world.issuer.nextRotationAtMs());
        const kidB = world.issuer.currentKid();
        state.kidB = kidB;
        const keyA = world.issuer.keys().find((k) => k.kid === state.kidA);
        const got = await resolveInPod(world, NS, POD);
        const rotated = world.log.all('issuer.key-rotated').at(-1)?.data;
        return {
          action: `curl -s ${world.issuer.issuerUrl}/keys; SDK default chain in payments/billing-api`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `Key B (${kidB.slice(0, 8)}…) signs new tokens; key A stays published until ${new Date(keyA?.removeAfterMs ?? 0).toISOString()}; STS accepted the key-A token.`,
          panels: [jwksPanel(world, state.kidA), ...got.panels, timeline(world, state.validator)],
          decision: got.decision,
          checks: [
            check('rotation logged', `${state.kidA} → ${kidB}`, `${rotated?.oldKid} → ${rotated?.newKid}`),
            check('key A still published', 'yes', keyA?.published ? 'yes' : 'no'),
            check('pod token still signed by key A', state.kidA, inspect(readToken(world, NS, POD)).kid),
            check('STS accepted it', 'allowed', got.result.ok ? 'allowed' : got.result.error.code),
          ],
        };
      },
    },
    {
      id: 'new-token',
      title: 'The kubelet writes a token signed by key B; STS validates it',
      narration:
        "At 80% of the token lifetime the kubelet asks for a new token, now signed by key B, and STS accepts it. How STS caches an issuer's keys is not documented: the model's STS keeps them for the Cache-Control max-age and, unlike the client in the next step, fetches them again when a token names a kid it does not have.",
      async run({ world, state }) {
        const entry = irsaTokenEntry(world, NS, POD);
        await moveTime(world, entry?.nextRefreshAtMs ?? world.clock.nowMs());
        const kid = inspect(readToken(world, NS, POD)).kid;
        const got = await resolveInPod(world, NS, POD);
        return {
          action: 'SDK default chain in payments/billing-api (re-reads the token file)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `The new token carries kid ${kid.slice(0, 8)}… (key B); STS: ${stsSignatureStep(world)}.`,
          panels: [...got.panels, jwksPanel(world, kid), timeline(world, state.validator)],
          decision: got.decision,
          checks: [
            check('token signed by key B', state.kidB, kid),
            check('STS verified the signature', `signature verified with kid ${state.kidB}`, stsSignatureStep(world)),
          ],
        };
      },
    },
    {
      id: 'stale-validator',
      title: 'Vault rejects the new token: key B is not in its cache',
      kind: 'break',
      narration:
        "Vault's cached key set (key A only) is fresh for days still. Like go-oidc v2 in hashicorp/vault#11611, it does not refetch when a token names a kid it does not know: every login with a key-B token fails until its cache expires.",
      async run({ world, state }) {
        const client = state.validator;
        const v = await client.verify(readToken(world, NS, POD));
        const published = world.issuer.jwks().keys.map((k) => k.kid);
        return {
          action: VAULT_LOGIN,
          outcome: v.ok ? 'allowed' : 'denied',
          summary: v.ok ? 'Vault verified the token.' : `Vault refused the login: ${vaultError(v.code)}.`,
          panels: [
            textPanel(
              'What Vault cached',
              (client.cache?.kids ?? []).map((k) => `kid ${k}`),
            ),
            jwksPanel(world, v.kid),
            timeline(world, client),
          ],
          decision: verifyDecision(v),
          checks: [
            check('Vault login', 'ERR_JWKS_NO_MATCHING_KEY', v.ok ? 'verified' : v.code),
            check('Vault asked the issuer again', 'no', v.fetched ? 'yes' : 'no'),
            check('key B is published', 'yes', published.includes(state.kidB) ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'refetch-fix',
      title: 'Fix: refetch the JWKS when a kid is unknown',
      kind: 'fix',
      narration:
        'Vault 1.7.3 moved to go-oidc v3, which refetches the key set once when a token names an unknown kid. Any OIDC client of an EKS issuer should do the same, and should still respect Cache-Control otherwise.',
      async run({ world, state }) {
        const client = state.validator;
        client.refetchOnUnknownKid = true;
        const v = await client.verify(readToken(world, NS, POD));
        return {
          action: `${VAULT_LOGIN}   # Vault ≥ 1.7.3: refetch on unknown kid`,
          outcome: v.ok ? 'allowed' : 'denied',
          summary: v.ok
            ? 'Vault refetched /keys, found key B and verified the token.'
            : `Still refused: ${vaultError(v.code)}.`,
          panels: [jwksPanel(world, v.kid), timeline(world, client)],
          decision: verifyDecision(v),
          checks: [
            check('Vault login', 'verified', v.ok ? 'verified' : v.code),
            check('refetched', 'yes', v.fetched ? 'yes' : 'no'),
            check('cached kids', `${state.kidA},${state.kidB}`, client.cache?.kids.join(',')),
          ],
        };
      },
    },
    {
      id: 'old-key-leaves',
      title: 'Key A leaves /keys once the last token it signed has expired',
      narration:
        'The last token signed by key A expires 24 hours after it was issued. Once five minutes have passed (the STS clock-skew allowance; the model drops the key on the next whole second after it) no valid token needs key A, and the issuer drops it from /keys.',
      async run({ world, state }) {
        const keyA = world.issuer.keys().find((k) => k.kid === state.kidA);
        await moveTime(world, keyA?.removeAfterMs ?? world.clock.nowMs());
        const response = await world.net.fetch(new Request(`${world.issuer.issuerUrl}/keys`));
        const kids = ((await response.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
        const after = world.issuer.keys().find((k) => k.kid === state.kidA);
        const lastExpMs = after?.latestTokenExpMs ?? 0;
        return {
          action: `curl -s ${world.issuer.issuerUrl}/keys`,
          outcome: 'info',
          summary: `/keys now holds ${kids.map((k) => k.slice(0, 8)).join(', ')}; key A left at ${new Date(after?.removedAtMs ?? 0).toISOString()}.`,
          panels: [
            textPanel(
              `GET ${world.issuer.issuerUrl}/keys`,
              kids.map((k) => `kid ${k}`),
            ),
            timeline(world, state.validator),
          ],
          checks: [
            check('published kids', state.kidB, kids.join(',')),
            // exp + 5 min, through the whole last second (validators compare whole seconds)
            check(
              'key A removed after last exp + 5 min',
              new Date(lastExpMs + 301_000).toISOString(),
              after?.removedAtMs === undefined ? undefined : new Date(after.removedAtMs).toISOString(),
            ),
          ],
        };
      },
    },
  ],
};
