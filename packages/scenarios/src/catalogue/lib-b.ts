/**
 * Helpers shared by the set-B scenarios: a one-node world, manifests, a
 * long-lived SDK chain explained like `resolveInPod`, an STS call made the
 * way a hand-written app makes it (with a token string it kept), timeline
 * lanes, and the network path of a caller's last request.
 */
import type { WebhookTrace } from '@irsa-lab/apiserver';
import type { Caller } from '@irsa-lab/net';
import type { ChainResult, CredentialChain, TokenScheduleEntry } from '@irsa-lab/node';
import { MINUTE_MS } from '@irsa-lab/world';
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { DecisionTrace, Panel, TimelineLane } from '../engine/types.js';
import { lastStsDecision } from '../panels/actions.js';
import { cloudtrailPanel, credentialsPanel } from '../panels/panels.js';
import { chainDecision, hopLines } from '../panels/traces.js';
import { createWorld, type World, type WorldOptions } from '../world/create-world.js';

/** The Namespace-and-ServiceAccount manifest every scenario shares. */
import { serviceAccountYaml } from '../world/irsa-setup.js';

export { serviceAccountYaml };

export const NODE_ROLE = 'demo-node-role';
export const TOKEN_PATH = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';

/** A world with one worker node whose instance role is `demo-node-role` (IMDS open, as EKS launches it). */
export async function oneNodeWorld(seed: number, options: Partial<WorldOptions> = {}): Promise<World> {
  const world = await createWorld({ seed, ...options });
  world.addNode({
    instanceRoleName: NODE_ROLE,
    metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2 },
  });
  return world;
}

/** The world's only node. */
export function firstNode(world: World): string {
  return [...world.nodes.keys()][0] ?? '';
}

/** A one-container Pod on `nodeName`; `automount: false` leaves out the Kubernetes API token. */
export function podYaml(input: {
  namespace: string;
  name: string;
  serviceAccount: string;
  nodeName: string;
  automount?: boolean;
}): string {
  const automount = input.automount === false ? '\n  automountServiceAccountToken: false' : '';
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${input.name}
  namespace: ${input.namespace}
spec:
  serviceAccountName: ${input.serviceAccount}
  nodeName: ${input.nodeName}${automount}
  containers:
    - name: app
      image: public.ecr.aws/docker/library/node:20
`;
}

/**
 * payments/billing-api started on the first node as ServiceAccount
 * payments/billing, annotated with `roleArn` (the set-up several time and
 * DNS scenarios begin with); `automount: false` turns the API token off.
 */
export async function startBillingApi(
  world: World,
  roleArn: string,
  options: { automount?: false } = {},
): Promise<void> {
  await world.apply(serviceAccountYaml({ namespace: 'payments', name: 'billing', roleArn }), 'billing-sa.yaml');
  await world.apply(
    podYaml({
      namespace: 'payments',
      name: 'billing-api',
      serviceAccount: 'billing',
      nodeName: firstNode(world),
      ...options,
    }),
    'billing-api.yaml',
  );
}

/** YAML text as panel lines. */
export function yamlLines(text: string): string[] {
  return text.trimEnd().split('\n');
}

/** The IRSA token file as the pod sees it now. */
export function readToken(world: World, namespace: string, pod: string): string {
  return world.nodeOf(namespace, pod).podView(namespace, pod).readFile(TOKEN_PATH) ?? '';
}

/** A token's `kid` header and claims (decoded, not verified). */
export function inspect(token: string): { kid: string; claims: JWTPayload } {
  return { kid: String(decodeProtectedHeader(token).kid ?? '(none)'), claims: decodeJwt(token) };
}

/** The env of the pod's first container as stored by the apiserver (after admission). */
export function podEnv(world: World, namespace: string, pod: string): Record<string, string> {
  const env = world.api.get('Pod', namespace, pod).spec.containers[0]?.env ?? [];
  return Object.fromEntries(env.map((e) => [e.name, e.value ?? '']));
}

/**
 * The pod identity webhook's trace as a decision: mutated or not, and why. The webhook always answers
 * allowed: true; a pod it skips is admitted as written, so the verdict says MUTATED or NOT MUTATED.
 */
export function webhookDecision(trace: WebhookTrace | undefined): DecisionTrace {
  const steps = trace?.steps ?? [];
  const mutated = trace?.mutated ?? false;
  return {
    title: `pod identity webhook on CREATE of ${trace?.pod ?? 'the pod'}`,
    allowed: mutated,
    verdict: mutated ? 'MUTATED' : 'NOT MUTATED (admitted as written)',
    lines: steps.map((s) => ({ depth: 0, text: `${s.code}: ${s.message}`, ok: !trace?.skipped })),
  };
}

/** The IAM role behind the credentials a chain returned. */
export function roleOf(world: World, result: ChainResult): string | undefined {
  return result.ok ? world.iam.lookupAccessKey(result.credentials.accessKeyId)?.roleArn : undefined;
}

/** Resolve a long-lived chain (as an app keeps one SDK client) and explain it like `resolveInPod`. */
export async function resolveChain(
  world: World,
  chain: CredentialChain,
  podKey: string,
): Promise<{ result: ChainResult; roleArn?: string; panels: Panel[]; decision: DecisionTrace }> {
  const before = world.log.lastSeq;
  const result = await chain.resolve();
  const trace = chainDecision(`AWS SDK for JavaScript v3 default credential chain in ${podKey}`, result);
  const panels: Panel[] = [{ kind: 'chain', title: 'Credential chain', trace }];
  if (result.ok) {
    panels.push(credentialsPanel(world, 'Credentials the SDK holds', result.credentials.source, result.credentials));
  }
  const stsCalled = world.log.since(before).some((e) => e.type === 'cloudtrail');
  const sts = stsCalled ? lastStsDecision(world) : undefined;
  if (stsCalled) panels.push(cloudtrailPanel(world, 1));
  const decision: DecisionTrace = sts
    ? { ...trace, lines: [...trace.lines, ...sts.lines.map((l) => ({ ...l, depth: l.depth + 1 }))] }
    : trace;
  const roleArn = roleOf(world, result);
  return { result, ...(roleArn ? { roleArn } : {}), panels, decision };
}

/** STS's answer to a hand-made call: the status, and the credentials' key id or the wire error. */
export interface StsAnswer {
  readonly status: number;
  readonly code?: string;
  readonly message?: string;
  readonly accessKeyId?: string;
  readonly decision?: DecisionTrace;
}

/**
 * What an app that calls STS itself does: POST AssumeRoleWithWebIdentity
 * (unsigned Query protocol) from the pod's network with the token string it
 * holds, whatever the file says now.
 */
export async function callStsWithToken(
  world: World,
  at: { namespace: string; pod: string },
  call: { roleArn: string; token: string; sessionName: string },
): Promise<StsAnswer> {
  const view = world.nodeOf(at.namespace, at.pod).podView(at.namespace, at.pod);
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: call.roleArn,
    RoleSessionName: call.sessionName,
    WebIdentityToken: call.token,
  });
  const response = await view.fetch(
    new Request(`https://sts.${world.region}.amazonaws.com/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: body.toString(),
    }),
  );
  const xml = await response.text();
  const pick = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
  const decision = lastStsDecision(world, `STS AssumeRoleWithWebIdentity (${call.sessionName})`);
  return {
    status: response.status,
    ...(response.status === 200
      ? { accessKeyId: pick('AccessKeyId') }
      : { code: pick('Code'), message: pick('Message') }),
    ...(decision ? { decision } : {}),
  };
}

/** SDK credentials on a timeline: valid from issue to expiry, the JS v3 refresh 5 minutes before. */
export function credentialsLane(label: string, issuedAtMs: number, expirationMs: number): TimelineLane {
  return {
    label,
    spans: [{ fromMs: issuedAtMs, toMs: expirationMs, label: 'valid' }],
    marks: [
      { atMs: issuedAtMs, label: 'issued' },
      { atMs: expirationMs - 5 * MINUTE_MS, label: 'refresh due' },
      { atMs: expirationMs, label: 'expiry' },
    ],
  };
}

/** A token string someone kept, on a timeline: valid until exp, and STS's 5-minute leeway after it. */
export function keptTokenLane(label: string, token: string): TimelineLane {
  const { claims } = inspect(token);
  const iatMs = Number(claims.iat) * 1000;
  const expMs = Number(claims.exp) * 1000;
  return {
    label,
    spans: [{ fromMs: iatMs, toMs: expMs, label: 'valid' }],
    marks: [
      { atMs: expMs, label: 'expiry' },
      { atMs: expMs + 5 * MINUTE_MS, label: 'STS leeway ends' },
    ],
  };
}

/** The kubelet's schedule entry of a pod's IRSA token file. */
export function irsaTokenEntry(world: World, namespace: string, pod: string): TokenScheduleEntry | undefined {
  return world
    .nodeOf(namespace, pod)
    .tokenSchedule()
    .find((e) => e.volume === 'aws-iam-token');
}

/** A pod's IRSA token on a timeline: issued, refresh due (kubelet), expiry. */
export function tokenLane(world: World, label: string, namespace: string, pod: string): TimelineLane | undefined {
  const t = irsaTokenEntry(world, namespace, pod);
  if (!t) return undefined;
  return {
    label,
    spans: [{ fromMs: t.issuedAtMs, toMs: t.expiresAtMs, label: 'valid' }],
    marks: [
      { atMs: t.issuedAtMs, label: 'issued' },
      ...(t.nextRefreshAtMs === undefined ? [] : [{ atMs: t.nextRefreshAtMs, label: 'refresh due' }]),
      { atMs: t.expiresAtMs, label: 'expiry' },
    ],
  };
}

/** A request's path (DNS, filters, route, response) as the network recorded it for `caller`. */
export function hopPanel(world: World, title: string, caller: Caller): Panel {
  const hops = hopLines(world.net.lastTrace.get(caller.id) ?? []);
  const failed = hops.find((h) => h.ok === false);
  return { kind: 'hop-path', title, hops, verdict: failed ? `failed at: ${failed.text}` : 'delivered' };
}

/** The last CloudTrail record of AssumeRoleWithWebIdentity. */
export function lastAssumeRecord(world: World): Record<string, unknown> | undefined {
  return lastAssumeRecords(world, 1)[0];
}

/** The last `count` AssumeRoleWithWebIdentity CloudTrail records, oldest first. */
export function lastAssumeRecords(world: World, count: number): Record<string, unknown>[] {
  return world.log
    .all('cloudtrail')
    .map((e) => e.data as Record<string, unknown>)
    .filter((r) => r.eventName === 'AssumeRoleWithWebIdentity')
    .slice(-count);
}

/** A value at a dotted path of a record, as text (for checks). */
export function field(record: Record<string, unknown> | undefined, path: string): string | undefined {
  let node: unknown = record;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node === undefined || node === null ? undefined : String(node);
}

/** Whole-minute rendering of a duration for summaries (`55 min`, `19 h 12 min`). */
export function durationText(ms: number): string {
  const minutes = Math.round(ms / MINUTE_MS);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}
