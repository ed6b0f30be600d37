/**
 * legacy-token: a Secret-based ServiceAccount token (iss
 * `kubernetes/serviceaccount`, no exp, no aud) still authenticates at the API
 * server months later, but STS rejects it; a bound token from the
 * TokenRequest API works with STS and expires. Deleting the Secret is the
 * only way to revoke a legacy token.
 */
import { Buffer } from 'node:buffer';
import type { TokenReviewResult } from '@irsa-lab/apiserver';
import { DAY_MS, HOUR_MS, IRSA_AUDIENCE } from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';
import { moveTime, serviceAccountYaml } from '@irsa-lab/world';
import { decodeJwt } from 'jose';
import type { DecisionTrace, ScenarioDef } from '../../engine/types.js';
import { check, tokenPanel } from '../../panels/panels.js';
import { createBillingReader } from '../kit/billing.js';
import { AWS_CLI, assumeRoleWithWebIdentity } from '../kit/sts.js';
import { textPanel } from '../kit/text-panels.js';
import { IMDS_LOCKED_DOWN, roleOf, WORKER_NODE_POLICIES, worldWithNode } from '../kit/worlds.js';

const JUMP_DAYS = 300;
const LAST_USED = 'kubernetes.io/legacy-token-last-used';

/** payments/billing annotated with `roleArn`, and a legacy token Secret for it. */
const manifest = (roleArn: string) => `${serviceAccountYaml({ namespace: 'payments', name: 'billing', roleArn })}---
apiVersion: v1
kind: Secret
metadata:
  name: billing-token
  namespace: payments
  annotations:
    kubernetes.io/service-account.name: billing
type: kubernetes.io/service-account-token
`;

/** A TokenReview as a decision trace. */
function reviewDecision(title: string, token: string, review: TokenReviewResult): DecisionTrace {
  const claims = decodeJwt(token);
  return {
    title,
    allowed: review.authenticated,
    lines: [
      { depth: 0, text: `iss ${String(claims.iss)}${review.legacy ? ' (legacy secret-based token)' : ''}` },
      { depth: 0, text: claims.exp === undefined ? 'no exp: the token never expires' : `exp ${claims.exp}` },
      {
        depth: 0,
        text:
          claims.aud === undefined
            ? 'no aud: the API server audiences are implied'
            : `aud ${JSON.stringify(claims.aud)}`,
      },
      review.authenticated
        ? { depth: 0, text: `authenticated as ${review.user.username}`, ok: true }
        : { depth: 0, text: `rejected: ${review.error}`, ok: false },
    ],
  };
}

const reviewPanel = (review: TokenReviewResult) =>
  textPanel('TokenReview status', [
    `authenticated: ${review.authenticated}`,
    ...(review.authenticated
      ? [`user.username: ${review.user.username}`, `user.groups: ${review.user.groups.join(', ')}`]
      : [`error: ${review.error}`]),
  ]);

/** What the steps share: the role, the legacy Secret token and the bound token of kubectl create token. */
type State = { roleArn: string; legacy: string; bound: string };

export const legacyToken: ScenarioDef<World, State> = {
  id: 'legacy-token',
  title: 'Legacy Secret tokens: forever at the API server, useless at STS',
  group: 'attacks',
  goal: 'A secret-based token (no exp, no aud, iss kubernetes/serviceaccount) still works at the API server months later, but STS rejects it',
  lesson:
    'Legacy tokens never expire and can only be revoked by deleting their Secret; STS only accepts bound tokens from the cluster OIDC issuer, which carry aud and exp. That is why bound projected tokens replaced them.',
  sources: [
    { label: 'Reference: legacy secret tokens', href: 'docs/reference.md#legacy-secret-tokens' },
    {
      label: 'Kubernetes, managing service accounts',
      href: 'https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/',
    },
    {
      label: 'EKS best practices, identity and access management',
      href: 'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html',
    },
    {
      label: 'STS API reference, AssumeRoleWithWebIdentity',
      href: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html',
    },
  ],
  simplifications: [
    `The clock jumps ${JUMP_DAYS} days rather than years: the issuer rotates weekly from a pool of 48 pre-generated keys, and live key generation beyond that is slow. A token without exp behaves the same after any delay.`,
    "The real API server verifies a legacy token's signature and then compares it with its Secret; the model only compares it with the Secret.",
  ],
  setup: (seed) =>
    worldWithNode(seed, {
      metadataOptions: IMDS_LOCKED_DOWN,
      instanceRolePolicies: WORKER_NODE_POLICIES,
      oidcProvider: true,
    }),
  steps: [
    {
      id: 'create-secret',
      title: 'Create a legacy token Secret',
      narration:
        'Since Kubernetes 1.24 these Secrets are no longer created automatically, but anyone may still create one: type kubernetes.io/service-account-token, annotated with the ServiceAccount name. The tokens controller fills it with a JWT.',
      async run({ world, state }) {
        const roleArn = createBillingReader(world);
        state.roleArn = roleArn;
        await world.apply(manifest(roleArn), 'billing-token.yaml');
        const secret = world.api.get('Secret', 'payments', 'billing-token');
        const token = Buffer.from(secret.data?.token ?? '', 'base64').toString('utf8');
        state.legacy = token;
        const claims = token ? decodeJwt(token) : {};
        return {
          action:
            'kubectl apply -f billing-token.yaml && kubectl get secret billing-token -n payments -o jsonpath={.data.token} | base64 -d',
          outcome: 'info',
          summary: `A token for ${claims.sub}, issued by ${claims.iss}, with no exp and no aud.`,
          panels: [
            textPanel('billing-token.yaml', manifest(roleArn)),
            ...(token ? [tokenPanel('The legacy token', token)] : []),
          ],
          checks: [
            check('iss', 'kubernetes/serviceaccount', String(claims.iss)),
            check('exp', '(nothing)', claims.exp === undefined ? undefined : String(claims.exp)),
            check('aud', '(nothing)', claims.aud === undefined ? undefined : JSON.stringify(claims.aud)),
          ],
        };
      },
    },
    {
      id: 'months-later',
      title: `${JUMP_DAYS} days later, the API server still accepts it`,
      narration: `The clock jumps ${JUMP_DAYS} days; the issuer has rotated its signing key dozens of times, yet the key that signed the legacy token is still published: in this model a key stays until every token it signed has expired, and a token without exp never does (how long EKS keeps a retired key is not documented). The legacy token has no exp, so the API server authenticates it as long as its Secret exists, and stamps the Secret with a last-used label.`,
      async run({ world, state }) {
        await moveTime(world, world.clock.nowMs() + JUMP_DAYS * DAY_MS);
        const token = state.legacy;
        const review = await world.api.reviewToken(token);
        const label = world.api.get('Secret', 'payments', 'billing-token').metadata.labels?.[LAST_USED];
        return {
          action: 'kubectl auth whoami --token "$LEGACY_TOKEN"',
          outcome: review.authenticated ? 'allowed' : 'denied',
          summary: review.authenticated ? `Authenticated as ${review.user.username}.` : `Rejected: ${review.error}`,
          panels: [reviewPanel(review), textPanel('Secret labels', [`${LAST_USED}: ${label ?? '(none)'}`])],
          decision: reviewDecision('API server TokenReview of the legacy token', token, review),
          checks: [
            check('authenticated', 'true', String(review.authenticated)),
            check('legacy', 'true', String(review.legacy)),
            check('last-used label', new Date(world.clock.nowMs()).toISOString().slice(0, 10), label),
          ],
        };
      },
    },
    {
      id: 'sts-rejects',
      title: 'STS rejects it',
      narration:
        'STS needs an https issuer with a registered OIDC provider, plus aud and exp. The legacy issuer kubernetes/serviceaccount is not even a URL: InvalidIdentityToken at the issuer check.',
      async run({ world, state }) {
        const call = await assumeRoleWithWebIdentity(world, AWS_CLI, world.net, {
          roleArn: state.roleArn,
          token: state.legacy,
          sessionName: 'legacy',
        });
        const failed = call.decision.lines.find((l) => l.ok === false);
        return {
          action: `aws sts assume-role-with-web-identity --role-arn ${state.roleArn} --role-session-name legacy --web-identity-token "$LEGACY_TOKEN"`,
          outcome: call.ok ? 'allowed' : 'denied',
          summary: call.ok
            ? 'Unexpectedly accepted.'
            : `STS answered ${call.code}: ${call.message} (the check that failed: ${failed?.text ?? 'none named'})`,
          panels: call.panels,
          decision: call.decision,
          checks: [
            check('STS error', 'InvalidIdentityToken', call.code),
            check('failed step', 'check-issuer', failed?.text.split(':')[0]),
          ],
        };
      },
    },
    {
      id: 'bound-token',
      title: 'A bound token from the TokenRequest API works',
      narration:
        'kubectl create token with --audience sts.amazonaws.com asks the TokenRequest API: the token is signed by the cluster OIDC issuer (an https URL IAM knows), carries aud and exp, and STS accepts it.',
      async run({ world, state }) {
        const { token } = await world.api.createToken('payments', 'billing', {
          audiences: [IRSA_AUDIENCE],
          expirationSeconds: 3600,
        });
        state.bound = token;
        const call = await assumeRoleWithWebIdentity(world, AWS_CLI, world.net, {
          roleArn: state.roleArn,
          token,
          sessionName: 'bound',
        });
        const claims = decodeJwt(token);
        return {
          action: `aws sts assume-role-with-web-identity --role-arn ${state.roleArn} --role-session-name bound --web-identity-token "$(kubectl create token billing -n payments --audience ${IRSA_AUDIENCE} --duration 1h)"`,
          outcome: call.ok ? 'allowed' : 'denied',
          summary: call.ok ? `Accepted: ${call.assumedRoleArn}.` : `${call.code}: ${call.message}`,
          panels: [tokenPanel('The bound token', token), ...call.panels],
          decision: call.decision,
          checks: [
            check('role assumed', state.roleArn, roleOf(world, call.accessKeyId)),
            check('lifetime (s)', '3600', String(Number(claims.exp) - Number(claims.iat))),
          ],
        };
      },
    },
    {
      id: 'bound-token-expires',
      title: 'Two hours later the bound token is dead everywhere',
      narration:
        'Move the clock 2 hours. The bound token is past exp (and past the 5 minutes STS tolerates): STS answers ExpiredTokenException and the API server says it has expired. A leaked bound token is worth something only for its lifetime.',
      async run({ world, state }) {
        await moveTime(world, world.clock.nowMs() + 2 * HOUR_MS);
        const token = state.bound;
        const call = await assumeRoleWithWebIdentity(world, AWS_CLI, world.net, {
          roleArn: state.roleArn,
          token,
          sessionName: 'bound',
        });
        const review = await world.api.reviewToken(token, [IRSA_AUDIENCE]);
        return {
          action:
            'aws sts assume-role-with-web-identity ... --web-identity-token "$BOUND_TOKEN"; kubectl auth whoami --token "$BOUND_TOKEN"',
          outcome: call.ok ? 'allowed' : 'denied',
          summary: `STS: ${call.code ?? 'accepted'}; API server: ${review.error ?? 'accepted'}.`,
          panels: [...call.panels, reviewPanel(review)],
          decision: call.decision,
          checks: [
            check('STS error', 'ExpiredTokenException', call.code),
            check('API server', 'service account token has expired', review.error),
          ],
        };
      },
    },
    {
      id: 'revoke',
      kind: 'fix',
      title: 'Fix: delete the Secret (the only way to revoke it)',
      narration:
        'A legacy token is revoked only by deleting its Secret (or the ServiceAccount). The last-used label helps find Secrets still in use before removing them.',
      async run({ world, state }) {
        world.api.delete('Secret', 'payments', 'billing-token');
        const token = state.legacy;
        const review = await world.api.reviewToken(token);
        return {
          action: 'kubectl delete secret billing-token -n payments && kubectl auth whoami --token "$LEGACY_TOKEN"',
          outcome: review.authenticated ? 'allowed' : 'denied',
          summary: review.authenticated ? 'Still accepted.' : `Rejected: ${review.error}.`,
          panels: [reviewPanel(review)],
          decision: reviewDecision('API server TokenReview after the Secret is deleted', token, review),
          checks: [
            check('authenticated', 'false', String(review.authenticated)),
            check('error', 'Token has been invalidated', review.error),
          ],
        };
      },
    },
  ],
};
