/**
 * createNode: one EC2 worker node of the cluster: its host filesystem, its
 * IMDS (served on the network to callers on this node only), its kubelet
 * (pod IPs, volume mounts, projected token refresh), its iptables-like rules
 * and the PodView of every container it runs.
 */

import { type EventLog, type IdMaker, IMDS_IPV4, type Rng, type SimClock, SimError, SkewedClock } from '@irsa-lab/core';
import { type Imds, imdsHandlers } from '@irsa-lab/imds';
import type { Caller, EgressFilter, SimNetwork } from '@irsa-lab/net';
import { HostFs } from '../host/host-fs.js';
import type { Pod } from '../kubelet/k8s-types.js';
import type { TokenFilePermissions } from '../kubelet/mount-volumes.js';
import { type RequestToken, TokenManager, type TokenScheduleEntry } from '../kubelet/token-manager.js';
import {
  createPodIdentityAgent,
  POD_IDENTITY_AGENT_IP,
  POD_IDENTITY_AGENT_IPV6,
  type PodIdentityAgent,
  type PodIdentityAgentOptions,
} from '../pod-identity-agent/agent.js';
import type { PodView } from '../pod-view.js';
import { explainImdsFor, type ImdsVerdict } from './explain-imds.js';
import { explainPodIdentityAgentFor, type PodIdentityAgentVerdict } from './explain-pod-identity-agent.js';
import { IpPool, parseCidr, parseIpv4 } from './ipv4.js';
import { type CompiledRule, compileRules, type NodeRule, toEgressFilters } from './node-rules.js';
import { PodRuntime, type RunningPod } from './pod-runtime.js';

/** Everything a node is wired to; the assembly (`createWorld`) supplies them. */
export interface CreateNodeOptions {
  /** The node name, e.g. `ip-10-0-1-23.us-west-2.compute.internal` (must equal `imds.nodeName`). */
  readonly name: string;
  readonly clock: SimClock;
  /** Draws the kubelet's refresh jitter. */
  readonly rng: Rng;
  /** Reserved for ids the node hands out (none yet: pod UIDs come from the apiserver). */
  readonly ids: IdMaker;
  readonly log: EventLog;
  readonly net: SimNetwork;
  /** This instance's metadata service; the node serves it at 169.254.169.254 to its own callers. */
  readonly imds: Imds;
  readonly nodeIp: string;
  /** Pod addresses, e.g. `10.0.1.0/24`. */
  readonly podCidr: string;
  /** The kubelet's TokenRequest (the assembly binds it to the apiserver). */
  readonly requestToken: RequestToken;
  /** How far the node's clock is off (default 0). */
  readonly skewMs?: number;
  /** How the kubelet sets projected token files' mode and owner: `since-1.19` (default) or `before-1.19`. */
  readonly tokenFilePermissions?: TokenFilePermissions;
  /** Run the EKS Pod Identity agent DaemonSet on this node (its flags). */
  readonly podIdentityAgent?: PodIdentityAgentOptions;
}

/** One simulated worker node. */
export interface SimNode {
  readonly name: string;
  /** How its kubelet writes projected token files' mode and owner. */
  readonly tokenFilePermissions: TokenFilePermissions;
  readonly nodeIp: string;
  /** The canonical pod CIDR. */
  readonly podCidr: string;
  /** The node's view of time. Simplification: only readings are skewed; the kubelet schedules on the true clock. */
  readonly clock: SkewedClock;
  readonly fs: HostFs;
  readonly imds: Imds;
  /** The node itself as a network caller (its own processes: 1 hop to IMDS). */
  readonly caller: Caller;
  /** Start `pod`: IP, volumes, first tokens. Rejects with the SimError of a failed mount (the pod does not start). */
  runPod(pod: Pod): Promise<RunningPod>;
  /** Stop a pod: token renewal stops, its kubelet directory is removed, its IP freed. False if it was not here. */
  deletePod(namespace: string, name: string): boolean;
  pod(namespace: string, name: string): RunningPod | undefined;
  pods(): RunningPod[];
  /** What a process in `container` (default: the first) sees. SimError K8S_NOT_FOUND / K8S_BAD_REQUEST. */
  podView(namespace: string, name: string, container?: string): PodView;
  /** Every projected token's lifetime and next renewal. */
  tokenSchedule(): TokenScheduleEntry[];
  /** Resolves when no token request is in flight: step the clock timer by timer and await this in between. */
  whenIdle(): Promise<void>;
  /** Replace the node rules (all validated first; SimError INPUT_INVALID leaves the old ones). */
  setRules(rules: readonly NodeRule[]): void;
  rules(): readonly NodeRule[];
  /** The rules as iptables command lines, in the order packets meet them. */
  iptablesLines(): string[];
  /** Whether the pod can reach the node role's credentials through IMDS, and why. */
  explainImds(namespace: string, name: string): ImdsVerdict;
  /** Whether the pod can reach the node's EKS Pod Identity agent at 169.254.170.23, and why. */
  explainPodIdentityAgent(namespace: string, name: string): PodIdentityAgentVerdict;
  /** The EKS Pod Identity agent at 169.254.170.23 and [fd00:ec2::23], when the node runs one. */
  readonly podIdentityAgent?: PodIdentityAgent;
}

/**
 * Pods in their own network namespace have no IPv6 address in this (IPv4)
 * cluster, so [fd00:ec2::23] is out of their reach; hostNetwork pods share
 * the node's interfaces, where the agent's init container put it.
 * Simplification: connect() fails with ENETUNREACH there; here the
 * connection is refused.
 */
const NO_POD_IPV6: EgressFilter = (request, caller) =>
  caller.kind === 'pod' && caller.hostNetwork !== true && new URL(request.url).hostname === POD_IDENTITY_AGENT_IPV6
    ? {
        action: 'reject',
        rule: `no IPv6 route from the pod's network namespace to ${POD_IDENTITY_AGENT_IPV6} (IPv4 cluster)`,
      }
    : undefined;

/**
 * Create a worker node and serve its IMDS on `net` to callers on this node.
 * @example const node = createNode({ name, clock, rng, ids, log, net, imds, nodeIp: '10.0.1.23', podCidr: '10.0.1.0/24', requestToken });
 */
export function createNode(options: CreateNodeOptions): SimNode {
  const { name, clock, log, net, imds } = checkOptions(options);
  const cidr = parseCidr(options.podCidr, ['podCidr']);
  const nodeClock = new SkewedClock(clock, options.skewMs ?? 0);
  const fs = new HostFs(nodeClock);
  // Simplification: the kubelet renews tokens on the true clock; skew only shows in the node's own readings.
  const tokens = new TokenManager({
    nodeName: name,
    clock,
    rng: options.rng,
    log,
    fs,
    requestToken: options.requestToken,
  });
  const pool = new IpPool(cidr, options.nodeIp);
  const permissions =
    options.tokenFilePermissions === undefined ? {} : { tokenFilePermissions: options.tokenFilePermissions };
  const pods = new PodRuntime({
    nodeName: name,
    nodeIp: options.nodeIp,
    clock,
    log,
    fs,
    net,
    pool,
    tokens,
    ...permissions,
  });
  let rules: readonly NodeRule[] = [];
  let compiled: CompiledRule[] = [];
  net.addHost(IMDS_IPV4, imdsHandlers(imds), { node: name });
  const caller: Caller = { kind: 'node', id: name, node: name, hops: 1, vantage: 'vpc', sourceIp: options.nodeIp };
  const agent = options.podIdentityAgent && servedAgent(options, nodeClock, caller);
  const builtIn: EgressFilter[] = agent ? [NO_POD_IPV6] : [];
  net.setEgressFilters(name, builtIn);
  return {
    name,
    tokenFilePermissions: options.tokenFilePermissions ?? 'since-1.19',
    nodeIp: options.nodeIp,
    podCidr: cidr.text,
    clock: nodeClock,
    fs,
    imds,
    caller,
    ...(agent ? { podIdentityAgent: agent } : {}),
    runPod: (pod) => pods.run(pod),
    deletePod: (namespace, podName) => pods.delete(namespace, podName),
    pod: (namespace, podName) => pods.get(namespace, podName),
    pods: () => pods.list(),
    podView: (namespace, podName, container) => pods.view(namespace, podName, container),
    tokenSchedule: () => tokens.schedule(),
    whenIdle: () => tokens.whenIdle(),
    setRules(next) {
      compiled = compileRules(next, { podCidr: cidr });
      rules = Object.freeze([...next]);
      net.setEgressFilters(name, [...builtIn, ...toEgressFilters(compiled)]);
      const lines = compiled.map((r) => r.line);
      log.append('node.rules-set', `kubelet/${name}`, `node rules: ${lines.length ? lines.join('; ') : 'none'}`, {
        node: name,
        rules: lines,
      });
    },
    rules: () => rules,
    iptablesLines: () => compiled.map((r) => r.line),
    explainImds: (namespace, podName) =>
      explainImdsFor(pods.find(namespace, podName).caller, compiled, imds.metadataOptions()),
    explainPodIdentityAgent: (namespace, podName) =>
      explainPodIdentityAgentFor(pods.find(namespace, podName).caller, compiled, agent !== undefined),
  };
}

/** The node's EKS Pod Identity agent, served on both its addresses to callers on this node. */
function servedAgent(options: CreateNodeOptions, clock: SkewedClock, caller: Caller): PodIdentityAgent {
  const agent = createPodIdentityAgent({
    ...(options.podIdentityAgent as PodIdentityAgentOptions),
    nodeName: options.name,
    clock,
    log: options.log,
    net: options.net,
    nodeCaller: caller,
  });
  for (const address of [POD_IDENTITY_AGENT_IP, POD_IDENTITY_AGENT_IPV6]) {
    options.net.addHost(address, agent.handlers(`http://${address}`), { node: options.name });
  }
  return agent;
}

function checkOptions(options: CreateNodeOptions): CreateNodeOptions {
  if (typeof options?.name !== 'string' || options.name === '') {
    throw new TypeError('createNode: name must be a non-empty string');
  }
  for (const field of ['clock', 'rng', 'log', 'net', 'imds'] as const) {
    if (!options[field]) throw new TypeError(`createNode: ${field} is required`);
  }
  if (typeof options.requestToken !== 'function') throw new TypeError('createNode: requestToken must be a function');
  if (options.imds.nodeName !== options.name) {
    throw new TypeError(`createNode: imds belongs to node ${options.imds.nodeName}, not ${options.name}`);
  }
  if (options.skewMs !== undefined && !Number.isFinite(options.skewMs)) {
    throw new TypeError('createNode: skewMs must be a finite number');
  }
  if (parseIpv4(options.nodeIp) === undefined) {
    throw new SimError('INPUT_INVALID', `nodeIp ${JSON.stringify(options.nodeIp)} is not an IPv4 address`, {
      field: 'nodeIp',
    });
  }
  return options;
}
