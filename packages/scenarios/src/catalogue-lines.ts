/**
 * The catalogue's lines: each scenario's id, title, group and goal, in
 * catalogue order, and nothing else. Its own entry point
 * (`@irsa-lab/scenarios/catalogue-lines`) imports no scenario code, so the
 * app can list the catalogue before it loads the simulation; a test checks
 * that the lines say what the scenarios themselves say.
 */
import type { ScenarioGroup } from './engine/types.js';

/** A scenario as the catalogue lists it. */
export interface CatalogueLine {
  readonly id: string;
  readonly title: string;
  readonly group: ScenarioGroup;
  readonly goal: string;
}

/** Every scenario's line, in the order of `catalogue` (basics, attacks and leaks, time, operations). */
export const catalogueLines: readonly CatalogueLine[] = [
  {
    id: 'happy-path',
    title: 'Happy path: a projected token becomes role credentials',
    group: 'basics',
    goal: 'Register the provider, create the role, annotate the ServiceAccount, start the pod; watch it exchange its token for a role',
  },
  {
    id: 'least-privilege',
    title: 'Least privilege: one role, one ServiceAccount',
    group: 'basics',
    goal: 'Two pods on one node ask for the same role; only the ServiceAccount in the trust policy gets it',
  },
  {
    id: 'audience-mismatch',
    title: 'Audience mismatch: Incorrect token audience',
    group: 'basics',
    goal: 'The default API token and a typo in the audience annotation are rejected with Incorrect token audience',
  },
  {
    id: 'missing-oidc-provider',
    title: 'Missing OIDC provider: IAM does not know the cluster',
    group: 'basics',
    goal: 'Skip the OIDC provider step: IAM refuses the role; delete the provider later: STS finds no provider',
  },
  {
    id: 'imds-leakage',
    title: 'IMDS leakage: every pod can be the node',
    group: 'attacks',
    goal: 'Pods read the node role from IMDS; hop limit 1 alone does not stop them; IMDSv2 required plus hop limit 1 does',
  },
  {
    id: 'host-network',
    title: 'hostNetwork: IRSA in the SDK, the node role one curl away',
    group: 'attacks',
    goal: 'A hostNetwork pod with IRSA: its SDK uses the IRSA role, yet a direct IMDS call returns node credentials',
  },
  {
    id: 'token-theft',
    title: 'Token theft: containers are not a security boundary',
    group: 'attacks',
    goal: "A privileged hostPath pod reads a neighbour's projected token and assumes its role; the audit trail cannot tell",
  },
  {
    id: 'permissive-trust',
    title: 'Permissive trust policies',
    group: 'attacks',
    goal: 'An aud-only or StringLike-wildcard trust lets an attacker namespace assume the role; StringEquals with * never matches',
  },
  {
    id: 'legacy-token',
    title: 'Legacy Secret tokens: forever at the API server, useless at STS',
    group: 'attacks',
    goal: 'A secret-based token (no exp, no aud, iss kubernetes/serviceaccount) still works at the API server months later, but STS rejects it',
  },
  {
    id: 'key-rotation',
    title: 'Key rotation: STS keeps up, a stale JWKS cache does not',
    group: 'time',
    goal: 'Watch the issuer rotate its signing key after 7 days, and a JWKS cache that never refetches break',
  },
  {
    id: 'token-refresh',
    title: 'Token refresh: the kubelet, the SDK, and an app that cached its token',
    group: 'time',
    goal: 'Follow a day of token rewrites and credential refreshes, and an app that read its token only once',
  },
  {
    id: 'webhook-timing',
    title: 'Webhook timing: annotate first, then create the pod',
    group: 'operations',
    goal: 'Annotate a ServiceAccount after its pod started, and watch the pod keep the node role until it is re-created',
  },
  {
    id: 'vpc-endpoint-dns',
    title: 'VPC endpoint DNS: the issuer vanishes inside the VPC',
    group: 'operations',
    goal: 'Turn on private DNS for the EKS VPC endpoint and watch in-VPC tools lose the issuer while STS carries on',
  },
  {
    id: 'cross-account',
    title: 'Cross-account: the provider lives in the role’s account',
    group: 'operations',
    goal: 'Let a pod assume a role in a second AWS account, and see why that account needs its own OIDC provider',
  },
];
