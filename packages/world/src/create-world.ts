/**
 * createWorld: wires one EKS cluster and its AWS account into a simulated
 * world — clock, seeded randomness, event log, network, the cluster's OIDC
 * issuer, the apiserver with the pod identity webhook, IAM and STS, EKS
 * (Pod Identity associations, EKS Auth) and each node's Pod Identity agent —
 * the only place that knows every service. The same options and seed give the same
 * event log.
 */
import { type ApiServer, type ApplyResult, createApiServer, type Pod } from '@irsa-lab/apiserver';
import {
  type Clock,
  DEFAULT_START_MS,
  EventLog,
  IdMaker,
  Rng,
  S3_GLOBAL_HOST,
  SimClock,
  SimError,
  STS_GLOBAL_HOST,
  s3RegionalHost,
  stsRegionalHost,
} from '@irsa-lab/core';
import type { SimNode } from '@irsa-lab/ec2-node';
import type { Eks } from '@irsa-lab/eks';
import {
  createIam,
  createS3,
  createSts,
  type Iam,
  issuerHostPath,
  oidcProviderArn,
  type S3,
  type Sts,
  s3Handlers,
  stsHandlers,
} from '@irsa-lab/iam';
import { type Caller, SimNetwork } from '@irsa-lab/net';
import { createIssuer, type Issuer, issuerHandlers } from '@irsa-lab/oidc-issuer';
import { addNode, type NodeSpec, type WorldNode } from './nodes.js';
import { resolveSettings, type WorldSettings } from './settings.js';
import type { TimeEvent } from './time-events.js';
import { credentialExpiries } from './time-view.js';
import { wireEks } from './wire-eks.js';

/** How to build a world; the settings (docs/world-file.md) default as `DEFAULT_WORLD_SETTINGS` says. */
export interface WorldOptions extends Partial<WorldSettings> {
  /** Reproduces the run. */
  readonly seed: number;
  /** Start of simulated time (epoch ms). Default 2026-01-05T09:00:00Z. */
  readonly startMs?: number;
  /** Default `us-west-2`. */
  readonly region?: string;
  /** Default `demo`. */
  readonly clusterName?: string;
  /** The cluster's AWS account. Default `111122223333`. */
  readonly accountId?: string;
  /** Issuer keys from the fixture pool (fast, reproducible; default) or generated live. */
  readonly keySource?: 'fixtures' | 'live';
  /** Whether STS refetches the JWKS on an unknown kid (default true, as AWS does). */
  readonly refetchOnUnknownKid?: boolean;
  /**
   * The clock SigV4 request times (X-Amz-Date) are checked against. Default:
   * the simulated clock. Real clients sign with the wall clock: pass
   * `wallClock` from @irsa-lab/core when real SDKs or CLIs call in.
   */
  readonly requestClock?: Clock;
  /** The discovery document's `jwks_uri` (serve mode: the loopback `/keys`); `iss` stays the EKS URL. */
  readonly issuerJwksUri?: string;
  /**
   * Whether every request on the network is kept in the event log as a `net.request` event (the
   * walkthrough's log and hop paths show them). Default true; serve mode, which shows only CloudTrail,
   * passes false.
   */
  readonly logNetworkRequests?: boolean;
}

export interface World {
  readonly seed: number;
  readonly region: string;
  readonly clusterName: string;
  readonly accountId: string;
  /** The world's settings, defaults filled in. */
  readonly settings: WorldSettings;
  readonly clock: SimClock;
  readonly rng: Rng;
  readonly ids: IdMaker;
  readonly log: EventLog;
  readonly net: SimNetwork;
  readonly issuer: Issuer;
  readonly api: ApiServer;
  readonly iam: Iam;
  readonly sts: Sts;
  /** The small S3 of the world's region (SigV4-checked, policies evaluated). */
  readonly s3: S3;
  /** The simulated EKS API (pod identity associations) and EKS Auth of the cluster (EKS Pod Identity). */
  readonly eks: Eks;
  /** `arn:aws:eks:<region>:<account>:cluster/<name>`. */
  readonly clusterArn: string;
  /** The IAM OIDC provider ARN this cluster's issuer would have in `accountId` (registered or not). */
  readonly providerArn: string;
  /** `oidc.eks.<region>.amazonaws.com/id/<ID>`: the prefix of the trust-policy condition keys. */
  readonly issuerHostPath: string;
  /** Worker nodes by name. */
  readonly nodes: ReadonlyMap<string, WorldNode>;
  /** Add an EC2 worker node (its IMDS, instance role, kubelet). */
  addNode(spec?: NodeSpec): WorldNode;
  /** `kubectl apply -f`, then start every new pod on its node (the scheduler and kubelet). */
  apply(text: string, file: string): Promise<ApplyResult[]>;
  /** `kubectl delete pod`: stops it on its node too. */
  deletePod(namespace: string, name: string): void;
  /** The node running a pod, or SimError K8S_NOT_FOUND. */
  nodeOf(namespace: string, name: string): SimNode;
  /** Wait for asynchronous kubelet work (token requests) to finish. */
  settle(): Promise<void>;
  /** When the role credentials STS and IMDS handed out expire (for the learner's time keys): all, or those after `afterMs` and by `untilMs`. */
  expiries(afterMs?: number, untilMs?: number): readonly TimeEvent[];
}

/** STS fetches the issuer's keys from AWS's side of the internet, not from inside the VPC. */
export const STS_CALLER: Caller = Object.freeze({
  kind: 'aws-service',
  id: STS_GLOBAL_HOST,
  hops: 8,
  vantage: 'internet',
  sourceIp: '52.94.0.10',
});

/** Build a world: a cluster whose issuer is reachable, its account, IAM and STS. Nothing is registered yet. */
export async function createWorld(options: WorldOptions): Promise<World> {
  const region = options.region ?? 'us-west-2';
  const clusterName = options.clusterName ?? 'demo';
  const accountId = options.accountId ?? '111122223333';
  const settings = resolveSettings(options);
  const clock = new SimClock({ startMs: options.startMs ?? DEFAULT_START_MS });
  const rng = new Rng(options.seed);
  // each subsystem draws from its own stream, so one's activity never shifts another's ids
  const ids = new IdMaker(rng.fork());
  const log = new EventLog(clock);
  const net = new SimNetwork({ log, logRequests: options.logNetworkRequests ?? true });

  const clusterId = new IdMaker(rng.fork()).clusterId();
  const issuer = await createIssuer({
    clock,
    rng: rng.fork(),
    log,
    region,
    clusterId,
    keySource: options.keySource ?? 'fixtures',
    ...(options.issuerJwksUri ? { jwksUri: options.issuerJwksUri } : {}),
  });
  net.addHost(issuer.host, issuerHandlers(issuer));

  let eks: Eks | undefined;
  const api = createApiServer({
    clock,
    ids: new IdMaker(rng.fork()),
    log,
    issuerUrl: issuer.issuerUrl,
    signer: (payload) => issuer.sign(payload),
    webhook: {
      region,
      webhookCacheLagMs: settings.webhookCacheLagMs,
      serviceAccountLookupGracePeriodMs: settings.webhookLookupGracePeriodMs,
      // the webhook's container-credentials config: the cluster's Pod Identity associations (EKS is made below)
      containerCredentials: (ns, sa, nowMs) => eks?.associationFor(ns, sa, nowMs) !== undefined,
    },
  });

  const quotas = {
    roleTrustPolicyLength: settings.iamRoleTrustPolicyLength,
    openIdConnectProvidersPerAccount: settings.iamOpenIdConnectProvidersPerAccount,
  };
  const iam = createIam({ clock, ids: new IdMaker(rng.fork()), log, quotas });
  iam.createAccount(accountId);
  const sts = createSts({
    iam,
    clock,
    ids: new IdMaker(rng.fork()),
    log,
    region,
    fetch: (url) => net.fetch(new Request(url), STS_CALLER),
    refetchOnUnknownKid: options.refetchOnUnknownKid ?? true,
    requestClock: options.requestClock,
    requestsPerSecond: settings.stsRequestsPerSecond,
  });
  const handlers = stsHandlers(sts);
  net.addHost(STS_GLOBAL_HOST, handlers);
  net.addHost(stsRegionalHost(region), handlers);

  const s3 = createS3({
    iam,
    clock,
    ids: new IdMaker(rng.fork()),
    log,
    region,
    ...(options.requestClock ? { requestClock: options.requestClock } : {}),
  });
  const s3Routes = s3Handlers(s3);
  for (const host of [s3RegionalHost(region), S3_GLOBAL_HOST]) {
    net.addHost(host, s3Routes);
    net.addHost(`*.${host}`, s3Routes);
  }

  const nodes = new Map<string, WorldNode>();
  const nodeDeps = {
    region,
    accountId,
    clock,
    rng: rng.fork(),
    ids: new IdMaker(rng.fork()),
    log,
    net,
    api,
    iam,
    podIdentityAgent: {
      clusterName,
      region,
      ...(options.requestClock ? { requestClock: options.requestClock } : {}),
    },
  };
  // forked after every other subsystem: worlds without Pod Identity draw exactly what they drew before
  const podIdentity = wireEks({
    clock,
    rng: rng.fork(),
    log,
    net,
    iam,
    region,
    accountId,
    clusterName,
    issuer,
    options,
  });
  eks = podIdentity;
  const nodeOf = (namespace: string, name: string): SimNode => {
    for (const { node } of nodes.values()) if (node.pod(namespace, name)) return node;
    throw new SimError('K8S_NOT_FOUND', `pod ${namespace}/${name} is not running on any node`, { field: 'pod' });
  };
  const world: World = {
    seed: options.seed,
    region,
    clusterName,
    accountId,
    settings,
    clock,
    rng,
    ids,
    log,
    net,
    issuer,
    api,
    iam,
    sts,
    s3,
    eks: podIdentity,
    clusterArn: podIdentity.clusterArn,
    providerArn: oidcProviderArn(accountId, issuer.issuerUrl),
    issuerHostPath: issuerHostPath(issuer.issuerUrl),
    nodes,
    addNode(spec = {}) {
      const added = addNode(nodeDeps, spec, nodes.size + 1);
      nodes.set(added.node.name, added);
      return added;
    },
    async apply(text, file) {
      const results = await api.apply(text, file);
      for (const r of results) {
        if (r.kind !== 'Pod' || r.action !== 'created' || !r.namespace) continue;
        await startPod(api, api.get('Pod', r.namespace, r.name), nodes);
      }
      return results;
    },
    deletePod(namespace, name) {
      api.delete('Pod', namespace, name);
      for (const { node } of nodes.values()) node.deletePod(namespace, name);
    },
    nodeOf,
    async settle() {
      await Promise.all([...nodes.values()].map((n) => n.node.whenIdle()));
    },
    expiries: (afterMs, untilMs) => credentialExpiries(world, afterMs, untilMs),
  };
  return world;
}

/**
 * The scheduler and the kubelet in one: a pod naming a node runs there; a pod
 * naming none is bound (pods/binding) to the only node, if there is exactly
 * one, and runs there. Bound, the pod object names its node, so its tokens
 * carry the node's name and uid as on a cluster.
 */
async function startPod(api: ApiServer, pod: Pod, nodes: ReadonlyMap<string, WorldNode>): Promise<void> {
  const target = pod.spec.nodeName
    ? nodes.get(pod.spec.nodeName)
    : nodes.size === 1
      ? [...nodes.values()][0]
      : undefined;
  if (!target) return;
  const bound = pod.spec.nodeName
    ? pod
    : api.bindPod(pod.metadata.namespace ?? '', pod.metadata.name, target.node.name);
  await target.node.runPod(bound);
}
