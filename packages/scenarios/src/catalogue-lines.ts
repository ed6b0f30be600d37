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

/** Every scenario's line, in the order of `catalogue` (basics, attacks and leaks, time, operations, failures). */
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
  {
    id: 'webhook-race',
    title: 'ServiceAccount and pod in one apply: the webhook cache race',
    group: 'failures',
    goal: 'Apply a ServiceAccount and its pod together and watch the pod start unmutated on the node role; then three fixes',
  },
  {
    id: 'irsa-ignored',
    title: 'IRSA variables set, node role used: old SDKs and credentials that answer first',
    group: 'failures',
    goal: 'Find why a mutated pod still is not its IRSA role: an SDK below the minimum, static keys, a credentials file, its own chain',
  },
  {
    id: 'token-unreadable',
    title: 'A non-root container cannot read its token',
    group: 'failures',
    goal: 'Run the app as a non-root user on an old kubelet and watch the SDK fail with EACCES; fix it with fsGroup',
  },
  {
    id: 'sts-throttling',
    title: 'STS throttling: a new SDK client per request',
    group: 'failures',
    goal: 'Drive 20 replicas that create an SDK client per request past the 600-per-second STS quota; fix it with one client per process',
  },
  {
    id: 'limits-at-scale',
    title: 'Limits at scale: trust policy length and OIDC providers per account',
    group: 'failures',
    goal: 'Trust one role from cluster after cluster until IAM refuses the trust policy; register providers until the account is full',
  },
  {
    id: 'recreated-cluster',
    title: 'A re-created cluster, or a typo: IRSA silently stops',
    group: 'failures',
    goal: 'Meet "No OpenIDConnect provider found" after a cluster is re-created, and the node role after an annotation typo',
  },
  {
    id: 'kube2iam',
    title: 'kube2iam, which IRSA replaced, side by side with IRSA',
    group: 'failures',
    goal: "See kube2iam hand pods roles with the node's credentials, what that asks of the node role, and why IRSA needs none of it",
  },
  {
    id: 'pod-identity-happy-path',
    title: 'Pod Identity happy path: the agent, EKS Auth and six session tags',
    group: 'pod-identity',
    goal: 'Set up EKS Pod Identity step by step and follow one credential fetch from the pod through the node agent and EKS Auth to STS',
  },
  {
    id: 'pod-identity-vs-irsa',
    title: 'Both configured: IRSA and Pod Identity on one ServiceAccount',
    group: 'pod-identity',
    goal: 'Give one ServiceAccount an IRSA annotation and a Pod Identity association, and see which role each pod gets and why',
  },
  {
    id: 'pod-identity-silent-node-role',
    title: 'The silent node role: a pod that missed Pod Identity',
    group: 'pod-identity',
    goal: 'See which Pod Identity mistakes silently hand a pod the node role, which ones fail loudly, and how to make every miss fail',
  },
  {
    id: 'pod-identity-tag-session',
    title: 'A trust policy without sts:TagSession',
    group: 'pod-identity',
    goal: 'Associate a role whose trust policy lacks sts:TagSession, follow the AccessDenied from STS to the SDK, and fix it',
  },
  {
    id: 'pod-identity-migration',
    title: 'Migrating from IRSA to Pod Identity without a moment on the node role',
    group: 'pod-identity',
    goal: 'Move a running workload from IRSA to Pod Identity step by step, checking after each step which role its pods hold',
  },
  {
    id: 'pod-identity-target-role',
    title: 'A role in another account through targetRoleArn',
    group: 'pod-identity',
    goal: "Reach a role in a data account from a pod with an association's targetRoleArn, and see the external id keep other service accounts out",
  },
  {
    id: 'pod-identity-abac',
    title: 'ABAC: one role, a bucket prefix per namespace',
    group: 'pod-identity',
    goal: 'Share one role between three namespaces and let the kubernetes-namespace session tag keep each to its own S3 prefix',
  },
];
