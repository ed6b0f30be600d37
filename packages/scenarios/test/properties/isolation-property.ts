/**
 * Isolation: in random worlds a Pod ends up holding role R's
 * credentials if and only if the independent oracle says it may. Each Pod
 * is observed three ways: its SDK chain (IRSA, or IMDS when not mutated),
 * a hand-written IMDS client (the node role), and its start-up token sent
 * to STS for every role after the clock moved and keys rotated (a token
 * kept, or stolen, past its lifetime). A Pod that got a role through EKS
 * Pod Identity must carry the six session tags of exactly that Pod.
 * PROP_RUNS worlds (default 1,000).
 */
import type { World } from '@irsa-lab/world';
import { type BuiltWorld, buildWorld } from './build-world.js';
import { chainRole, exchange, imdsRole } from './observe.js';
import {
  atRetentionEdge,
  type ChainExpectation,
  expectedChain,
  imdsGivesCredentials,
  mayExchange,
  podIdentityRole,
  RETENTION_EDGE_KNOWN_ISSUE,
  throttledCall,
} from './oracle.js';
import { expectNone, PROP_RUNS, type PropertyDef } from './runs.js';
import { type IsolationWorld, isolationWorld } from './world-arbitrary.js';

/** One release below the EKS user guide's minimum versions for IRSA (written here, apart from the engine). */
const OLD_SDK = { 'js-v3': '3.26.9', botocore: '1.12.199' } as const;

function arnOf(built: BuiltWorld, expected: ChainExpectation): string | undefined {
  if (expected.kind === 'role') return built.roleArns[expected.role];
  return expected.kind === 'node' ? built.nodeRoleArn : undefined;
}

/** The six session tags must name the cluster and exactly this pod (its namespace, ServiceAccount, name, uid). */
function tagDisagreements(
  world: World,
  pod: { readonly namespace: string; readonly name: string },
  accessKeyId: string | undefined,
  where: string,
): string[] {
  const stored = world.api.get('Pod', pod.namespace, pod.name);
  const want = {
    'eks-cluster-arn': world.clusterArn,
    'eks-cluster-name': world.clusterName,
    'kubernetes-namespace': pod.namespace,
    'kubernetes-service-account': stored.spec.serviceAccountName ?? 'default',
    'kubernetes-pod-name': pod.name,
    'kubernetes-pod-uid': stored.metadata.uid ?? '',
  };
  const tags = accessKeyId ? world.iam.lookupAccessKey(accessKeyId)?.sessionTags : undefined;
  const got = Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]));
  return JSON.stringify(got) === JSON.stringify(want)
    ? []
    : [`${where}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`];
}

/** Every observation that disagrees with the oracle, in words. */
async function disagreements(desc: IsolationWorld, built: BuiltWorld): Promise<string[]> {
  const { world } = built;
  const node = world.nodeOf(built.pods[0]?.namespace ?? '', built.pods[0]?.name ?? '');
  const nowMs = world.clock.nowMs();
  const wrong: string[] = [];
  for (const [i, pod] of built.pods.entries()) {
    const where = `pod-${i} (${pod.namespace})`;
    const view = node.podView(pod.namespace, pod.name);
    const p = desc.pods[i] as IsolationWorld['pods'][number];

    const chain = await chainRole(world, view, p.sdk, p.oldSdk ? OLD_SDK[p.sdk] : undefined);
    // the kubelet keeps the token file fresh, so the chain reads a token issued about now
    const wantChain = throttledCall(desc, i, 'chain') ? undefined : arnOf(built, expectedChain(desc, i, nowMs, nowMs));
    if (chain.role !== wantChain)
      wrong.push(`${where} ${p.sdk} chain: got ${chain.role} (${chain.why}), oracle ${wantChain}`);
    else if (wantChain !== undefined && podIdentityRole(desc, i) !== undefined)
      wrong.push(...tagDisagreements(world, pod, chain.accessKeyId, `${where} session tags`));

    const imds = await imdsRole(world, view);
    const wantImds = imdsGivesCredentials(desc.node, p.hostNetwork) ? built.nodeRoleArn : undefined;
    if (imds !== wantImds) wrong.push(`${where} IMDS by hand: got ${imds}, oracle ${wantImds}`);

    const token = built.startTokens[i];
    if (token === undefined) continue;
    for (const [r, roleArn] of built.roleArns.entries()) {
      const got = await exchange(world, token, roleArn);
      const want = mayExchange(desc, i, r, built.startMs, nowMs) && !throttledCall(desc, i, r) ? roleArn : undefined;
      const knownIssue =
        RETENTION_EDGE_KNOWN_ISSUE &&
        atRetentionEdge(desc, i, built.startMs, nowMs) &&
        got.why.startsWith('InvalidIdentityToken: no key with kid');
      if (knownIssue) continue;
      if (got.role !== want)
        wrong.push(`${where} start token for role-${r}: got ${got.role} (${got.why}), oracle ${want}`);
    }
  }
  return wrong;
}

function describeWorld(world: World, built: BuiltWorld): string {
  return `seed ${world.seed}, now +${world.clock.nowMs() - built.startMs} ms, JWKS kids ${world.issuer
    .jwks()
    .keys.map((k) => k.kid.slice(0, 8))
    .join(',')}`;
}

/** The isolation property: one world per run, PROP_RUNS runs. */
export const ISOLATION_PROPERTY: PropertyDef<IsolationWorld> = {
  title: 'a Pod holds a role exactly when the oracle says it may',
  arbitrary: isolationWorld,
  numRuns: PROP_RUNS,
  msPerRun: 200,
  async check(desc) {
    const built = await buildWorld(desc);
    const wrong = await disagreements(desc, built);
    expectNone(wrong, describeWorld(built.world, built));
  },
};
