/**
 * The pods one node runs, from the kubelet's side: start (pod IP from the
 * CNI's pool or the node's for hostNetwork, volume set-up, first tokens),
 * stop (tokens, pod directory and IP given back), lookup, and the PodView of
 * a container.
 */

import { type Clock, type EventLog, SimError } from '@irsa-lab/core';
import type { Caller, SimNetwork } from '@irsa-lab/net';
import type { HostFs } from '../host/host-fs.js';
import type { Pod } from '../kubelet/k8s-types.js';
import { podDir } from '../kubelet/kubelet-paths.js';
import { type MountPoint, setUpVolumes } from '../kubelet/mount-volumes.js';
import type { TokenManager } from '../kubelet/token-manager.js';
import type { PodView } from '../pod-view.js';
import { createContainerView } from './container-view.js';
import type { IpPool } from './ipv4.js';

/** A pod the kubelet runs. */
export interface RunningPod {
  /** `<namespace>/<name>`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly ip: string;
  readonly hostNetwork: boolean;
  readonly caller: Caller;
  /** `Pending` while its volumes are being mounted. */
  readonly phase: 'Pending' | 'Running';
  readonly startedAtMs: number;
  readonly pod: Pod;
  /** Host directory of each volume, by volume name. */
  readonly volumeDirs: ReadonlyMap<string, string>;
  /** Every container's mounts, by container name. */
  readonly mounts: ReadonlyMap<string, readonly MountPoint[]>;
}

interface PodEntry extends RunningPod {
  phase: 'Pending' | 'Running';
  volumeDirs: ReadonlyMap<string, string>;
  mounts: ReadonlyMap<string, readonly MountPoint[]>;
}

/** The node parts the pod runtime works with. */
export interface PodRuntimeDeps {
  readonly nodeName: string;
  readonly nodeIp: string;
  readonly clock: Clock;
  readonly log: EventLog;
  readonly fs: HostFs;
  readonly net: SimNetwork;
  readonly pool: IpPool;
  readonly tokens: TokenManager;
}

/** The pods of one node, by `<namespace>/<name>`. */
export class PodRuntime {
  readonly #deps: PodRuntimeDeps;
  readonly #pods = new Map<string, PodEntry>();
  readonly #source: string;

  constructor(deps: PodRuntimeDeps) {
    this.#deps = deps;
    this.#source = `kubelet/${deps.nodeName}`;
  }

  /** Start `pod`. Rejects with the SimError of a failed mount, after undoing everything. */
  async run(pod: Pod): Promise<RunningPod> {
    const { namespace, name, uid } = checkPod(pod, this.#deps.nodeName);
    const key = `${namespace}/${name}`;
    if (this.#pods.has(key)) {
      throw new SimError('K8S_ALREADY_EXISTS', `pod ${key} is already running on node ${this.#deps.nodeName}`, {
        namespace,
        name,
      });
    }
    const entry = this.#admit(pod, key, namespace, name, uid);
    try {
      const volumes = setUpVolumes(this.#deps.fs, pod);
      entry.volumeDirs = volumes.volumeDirs;
      entry.mounts = volumes.mounts;
      await this.#deps.tokens.mount(volumes.tokens);
    } catch (err) {
      this.#tearDown(entry);
      throw err;
    }
    if (this.#pods.get(key) !== entry) {
      throw new SimError('K8S_NOT_FOUND', `pod ${key} was deleted while it was starting`, { namespace, name });
    }
    entry.phase = 'Running';
    const { ip, hostNetwork } = entry;
    this.#deps.log.append(
      'kubelet.pod-started',
      this.#source,
      `started pod ${key} (${hostNetwork ? 'hostNetwork, ' : ''}IP ${ip})`,
      {
        pod: key,
        uid,
        ip,
        hostNetwork,
      },
    );
    return entry;
  }

  /** Stop a pod; false if it was not on this node. */
  delete(namespace: string, name: string): boolean {
    const entry = this.#pods.get(`${namespace}/${name}`);
    if (!entry) return false;
    this.#tearDown(entry);
    this.#deps.log.append('kubelet.pod-stopped', this.#source, `stopped pod ${entry.key}`, {
      pod: entry.key,
      uid: entry.uid,
    });
    return true;
  }

  get(namespace: string, name: string): RunningPod | undefined {
    return this.#pods.get(`${namespace}/${name}`);
  }

  list(): RunningPod[] {
    return [...this.#pods.values()];
  }

  /** The pod, or SimError K8S_NOT_FOUND. */
  find(namespace: string, name: string): RunningPod {
    const entry = this.#pods.get(`${namespace}/${name}`);
    if (!entry) {
      throw new SimError('K8S_NOT_FOUND', `pods "${name}" not found on node ${this.#deps.nodeName}`, {
        namespace,
        name,
      });
    }
    return entry;
  }

  /** The PodView of `containerName` (default: the first container). SimError K8S_NOT_FOUND / K8S_BAD_REQUEST. */
  view(namespace: string, name: string, containerName?: string): PodView {
    const entry = this.find(namespace, name);
    const { spec } = entry.pod;
    const container = containerName
      ? [...(spec.initContainers ?? []), ...spec.containers].find((c) => c.name === containerName)
      : spec.containers[0];
    if (!container) {
      throw new SimError('K8S_BAD_REQUEST', `container ${containerName} is not valid for pod ${name}`, {
        field: 'container',
      });
    }
    if (entry.phase !== 'Running') {
      throw new SimError(
        'K8S_BAD_REQUEST',
        `container "${container.name}" in pod "${name}" is waiting to start: ContainerCreating`,
        { field: 'container' },
      );
    }
    return createContainerView({
      pod: entry.pod,
      container,
      mounts: entry.mounts.get(container.name) ?? [],
      caller: entry.caller,
      fs: this.#deps.fs,
      net: this.#deps.net,
      isRunning: () => this.#pods.get(entry.key) === entry,
    });
  }

  /** Register the pod as Pending with its address and caller. */
  #admit(pod: Pod, key: string, namespace: string, name: string, uid: string): PodEntry {
    const { nodeName, nodeIp, pool, clock } = this.#deps;
    const hostNetwork = pod.spec.hostNetwork === true;
    const ip = hostNetwork ? nodeIp : pool.allocate();
    const caller: Caller = {
      kind: 'pod',
      id: key,
      node: nodeName,
      hostNetwork,
      hops: hostNetwork ? 1 : 2,
      vantage: 'vpc',
      sourceIp: ip,
    };
    const entry: PodEntry = {
      key,
      namespace,
      name,
      uid,
      ip,
      hostNetwork,
      caller,
      phase: 'Pending',
      startedAtMs: clock.nowMs(),
      pod,
      volumeDirs: new Map(),
      mounts: new Map(),
    };
    this.#pods.set(key, entry);
    return entry;
  }

  #tearDown(entry: PodEntry): void {
    this.#deps.tokens.stopPod(entry.uid);
    this.#deps.fs.remove(podDir(entry.uid));
    if (!entry.hostNetwork) this.#deps.pool.release(entry.ip);
    if (this.#pods.get(entry.key) === entry) this.#pods.delete(entry.key);
  }
}

function checkPod(pod: Pod, nodeName: string): { namespace: string; name: string; uid: string } {
  const meta = pod?.metadata;
  if (!meta || typeof meta.name !== 'string' || !meta.name || typeof meta.uid !== 'string' || !meta.uid) {
    throw new TypeError('runPod: pod needs metadata.name and metadata.uid (a stored pod)');
  }
  if (!Array.isArray(pod.spec?.containers) || pod.spec.containers.length === 0) {
    throw new TypeError('runPod: pod needs at least one container');
  }
  if (pod.spec.nodeName && pod.spec.nodeName !== nodeName) {
    throw new TypeError(`runPod: pod ${meta.name} is bound to node ${pod.spec.nodeName}, not ${nodeName}`);
  }
  return { namespace: meta.namespace ?? 'default', name: meta.name, uid: meta.uid };
}
