/**
 * Turns an isolation-world description into a running simulated world:
 * providers, roles (trust policies rendered as JSON), one node with its IMDS
 * options and rules, namespaces, annotated ServiceAccounts, Pod Identity
 * associations (before or after the pods, as described) and Pods; then
 * reads each Pod's token as it started, rotates keys and moves the clock.
 */
import type { NodeRule } from '@irsa-lab/ec2-node';
import {
  allowPodIdentityAgent,
  associatePodIdentity,
  createWorld,
  moveTime,
  registerOidcProvider,
  type World,
} from '@irsa-lab/world';
import { tokenLifetimeSeconds } from './oracle.js';
import type { IsolationWorld, PodIdentityTrustDesc, RuleDesc, StatementDesc } from './world-arbitrary.js';

export const IRSA_TOKEN_PATH = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';
export const API_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';
export const NODE_ROLE = 'node-role';
const OTHER_CLUSTER_ID = 'OTHERC1USTER0000000000000000000X';
const OTHER_ACCOUNT = '999988887777';

export interface BuiltWorld {
  readonly world: World;
  readonly nodeName: string;
  readonly roleArns: readonly string[];
  readonly missingRoleArn: string;
  readonly nodeRoleArn?: string;
  /** `<namespace>/<name>` of each pod, in description order. */
  readonly pods: readonly { readonly namespace: string; readonly name: string }[];
  /** The token each pod could read right after it started (IRSA, else kube-api-access, else none). */
  readonly startTokens: readonly (string | undefined)[];
  readonly startMs: number;
}

function principalArn(world: World, principal: StatementDesc['principal']): string {
  if (principal === 'other-account') return `arn:aws:iam::${OTHER_ACCOUNT}:oidc-provider/${world.issuerHostPath}`;
  if (principal === 'other-cluster') {
    return `arn:aws:iam::${world.accountId}:oidc-provider/oidc.eks.${world.region}.amazonaws.com/id/${OTHER_CLUSTER_ID}`;
  }
  return world.providerArn;
}

/** The statement trusting EKS Pod Identity, as the user guide writes it (optionally pinned to a namespace). */
function podIdentityStatement(p: PodIdentityTrustDesc): Record<string, unknown> {
  return {
    Effect: 'Allow',
    Principal: { Service: 'pods.eks.amazonaws.com' },
    Action: p.tagSession ? ['sts:AssumeRole', 'sts:TagSession'] : 'sts:AssumeRole',
    ...(p.namespace ? { Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': p.namespace } } } : {}),
  };
}

/** A trust policy document from statement descriptions (and a Pod Identity statement, when given). */
export function trustPolicyJson(
  world: World,
  statements: readonly StatementDesc[],
  podIdentity?: PodIdentityTrustDesc,
): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      ...statements.map((s) => {
        const condition: Record<string, Record<string, string[]>> = {};
        for (const c of s.conditions) {
          const key = `${world.issuerHostPath}:${c.keyCase === 'upper' ? c.key.toUpperCase() : c.key}`;
          condition[c.operator] = { ...condition[c.operator], [key]: [...c.values] };
        }
        return {
          Effect: s.effect,
          Principal: { Federated: principalArn(world, s.principal) },
          Action: s.action,
          ...(s.conditions.length ? { Condition: condition } : {}),
        };
      }),
      ...(podIdentity ? [podIdentityStatement(podIdentity)] : []),
    ],
  });
}

/** Create the associations made at `made`; EKS refuses a role that does not trust Pod Identity, as it should. */
function associate(
  world: World,
  desc: IsolationWorld,
  roleArns: readonly string[],
  made: 'before-pods' | 'after-pods',
) {
  for (const sa of desc.serviceAccounts) {
    if (sa.association?.made !== made) continue;
    const roleArn = roleArns[sa.association.role] as string;
    try {
      associatePodIdentity(world, { namespace: sa.namespace, serviceAccount: sa.name, roleArn });
    } catch (err) {
      if (desc.roles[sa.association.role]?.podIdentity !== undefined) throw err;
    }
  }
}

function nodeRule(rule: RuleDesc): NodeRule {
  if (rule.kind === 'kube2iam-dnat') return { kind: 'kube2iam-dnat', toUrl: 'http://10.0.1.10:8181' };
  return rule;
}

function serviceAccountAnnotations(
  sa: IsolationWorld['serviceAccounts'][number],
  roleArn: string | undefined,
): Record<string, string> {
  const annotations: Record<string, string> = {};
  if (roleArn) annotations['eks.amazonaws.com/role-arn'] = roleArn;
  if (sa.audience) annotations['eks.amazonaws.com/audience'] = sa.audience;
  if (sa.tokenExpirationSeconds !== undefined) {
    annotations['eks.amazonaws.com/token-expiration'] = String(sa.tokenExpirationSeconds);
  }
  return annotations;
}

/** Build the world of `desc` and run it up to the end of its clock move. */
export async function buildWorld(desc: IsolationWorld): Promise<BuiltWorld> {
  const world = await createWorld({
    seed: desc.seed,
    webhookCacheLagMs: desc.webhook.cacheLagMs,
    webhookLookupGracePeriodMs: desc.webhook.lookupGracePeriodMs,
    stsRequestsPerSecond: desc.stsRequestsPerSecond,
    iamRoleTrustPolicyLength: desc.iamQuotas.roleTrustPolicyLength,
    iamOpenIdConnectProvidersPerAccount: desc.iamQuotas.openIdConnectProvidersPerAccount,
  });
  // IAM takes a trust policy only if every provider it names exists, so all three do: this cluster's,
  // another cluster's in the same account, this cluster's issuer registered in another account.
  // A world without the cluster's provider deletes it once the roles exist (as a clean-up would).
  const clusterProvider = registerOidcProvider(world);
  world.iam.createOpenIdConnectProvider(world.accountId, {
    Url: `https://oidc.eks.${world.region}.amazonaws.com/id/${OTHER_CLUSTER_ID}`,
    ClientIDList: ['sts.amazonaws.com'],
  });
  world.iam.createAccount(OTHER_ACCOUNT);
  registerOidcProvider(world, OTHER_ACCOUNT);
  const roleArns = desc.roles.map(
    (r) =>
      world.iam.createRole(world.accountId, {
        RoleName: r.name,
        AssumeRolePolicyDocument: trustPolicyJson(world, r.statements, r.podIdentity),
      }).Arn,
  );
  if (!desc.providerRegistered) world.iam.deleteOpenIdConnectProvider(clusterProvider);
  const missingRoleArn = `arn:aws:iam::${world.accountId}:role/no-such-role`;
  const { node, instanceRoleArn } = world.addNode({
    ...(desc.node.instanceRole ? { instanceRoleName: NODE_ROLE } : {}),
    metadataOptions: {
      httpTokens: desc.node.httpTokens,
      httpPutResponseHopLimit: desc.node.hopLimit,
      httpEndpoint: desc.node.endpoint,
    },
    rules: desc.node.rules.map(nodeRule),
    tokenFilePermissions: desc.node.tokenFilePermissions,
  });
  allowPodIdentityAgent(world);
  associate(world, desc, roleArns, 'before-pods');

  // namespaces and ServiceAccounts in one apply (one YAML parse), the defaults annotated in place
  const docs = [...new Set(desc.serviceAccounts.map((sa) => sa.namespace))].map(
    (ns) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`,
  );
  const defaults: [string, Record<string, string>][] = [];
  for (const sa of desc.serviceAccounts) {
    const roleArn = sa.role === undefined ? undefined : sa.role === 'missing' ? missingRoleArn : roleArns[sa.role];
    const annotations = serviceAccountAnnotations(sa, roleArn);
    if (sa.name === 'default') {
      defaults.push([sa.namespace, annotations]);
      continue;
    }
    const lines = Object.entries(annotations).map(([k, v]) => `    ${k}: "${v}"`);
    const ann = lines.length ? `\n  annotations:\n${lines.join('\n')}` : '';
    docs.push(
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${sa.name}\n  namespace: ${sa.namespace}${ann}\n`,
    );
  }
  await world.apply(docs.join('---\n'), 'accounts.yaml');
  for (const [ns, annotations] of defaults) {
    for (const [k, v] of Object.entries(annotations)) world.api.annotate('ServiceAccount', ns, 'default', k, v);
  }

  const startMs = world.clock.nowMs();
  const pods = desc.pods.map((p, i) => ({
    namespace: desc.serviceAccounts[p.serviceAccount]?.namespace ?? 'default',
    name: `pod-${i}`,
  }));
  const podDocs = desc.pods.map((p, i) => {
    const sa = desc.serviceAccounts[p.serviceAccount];
    return `apiVersion: v1
kind: Pod
metadata:
  name: pod-${i}
  namespace: ${sa?.namespace}
spec:
  serviceAccountName: ${sa?.name}
  nodeName: ${node.name}
  automountServiceAccountToken: ${p.automount}${p.hostNetwork ? '\n  hostNetwork: true' : ''}${securityContext(p)}
  containers:
    - name: app
      image: public.ecr.aws/docker/library/busybox:1.36
`;
  });
  await world.apply(podDocs.join('---\n'), 'pods.yaml');
  associate(world, desc, roleArns, 'after-pods');
  const startTokens = pods.map(({ namespace, name }) => {
    const view = node.podView(namespace, name);
    return readable(view, IRSA_TOKEN_PATH) ?? readable(view, API_TOKEN_PATH);
  });

  const endMs = startMs + moveMs(desc);
  for (let r = 0; r < desc.rotations; r++) {
    await moveTime(world, startMs + Math.floor(((endMs - startMs) * (r + 1)) / (desc.rotations + 1)));
    world.issuer.rotate();
  }
  await moveTime(world, endMs);
  return {
    world,
    nodeName: node.name,
    roleArns,
    missingRoleArn,
    ...(instanceRoleArn ? { nodeRoleArn: instanceRoleArn } : {}),
    pods,
    startTokens,
    startMs,
  };
}

/** A file's content, or undefined when it is absent or the pod's user may not read it. */
function readable(view: { readFile(path: string): string | undefined }, path: string): string | undefined {
  try {
    return view.readFile(path);
  } catch {
    return undefined;
  }
}

/** The pod's `securityContext:` lines ('' without one). */
function securityContext(p: IsolationWorld['pods'][number]): string {
  const lines = [
    ...(p.runAsUser === undefined ? [] : [`    runAsUser: ${p.runAsUser}`]),
    ...(p.fsGroup === undefined ? [] : [`    fsGroup: ${p.fsGroup}`]),
  ];
  return lines.length ? `\n  securityContext:\n${lines.join('\n')}` : '';
}

/** How long the clock moves: to a pod's token acceptance edge, or freely. */
export function moveMs(desc: IsolationWorld): number {
  const { move } = desc;
  if (move.kind === 'none') return 0;
  if (move.kind === 'free') return move.ms;
  const sa = desc.serviceAccounts[desc.pods[move.pod]?.serviceAccount ?? -1];
  const lifetime = sa ? tokenLifetimeSeconds(sa) : 86400;
  return Math.max(0, (lifetime + 300 + move.deltaSeconds) * 1000 + move.extraMs);
}
