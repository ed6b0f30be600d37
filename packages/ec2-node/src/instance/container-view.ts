/**
 * The PodView of one container: its environment from the spec, files read
 * through its mounts (the longest mountPath prefix wins, as the kernel's
 * mount table resolves it) with its user and groups, and the network as its
 * pod. Once the pod is deleted the view sees no files and reaches no one.
 */

import { SimError } from '@irsa-lab/core';
import type { Caller, SimNetwork } from '@irsa-lab/net';
import type { FsReader, HostFs } from '../host/host-fs.js';
import { isUnder, joinInside, resolvePath } from '../host/paths.js';
import type { Container, Pod } from '../kubelet/k8s-types.js';
import type { MountPoint } from '../kubelet/mount-volumes.js';
import type { PodView } from '../pod-view.js';

/** What a container's view is built from. */
export interface ContainerViewDeps {
  readonly pod: Pod;
  readonly container: Container;
  readonly mounts: readonly MountPoint[];
  readonly caller: Caller;
  readonly fs: HostFs;
  readonly net: SimNetwork;
  /** Whether the pod is still running on the node. */
  readonly isRunning: () => boolean;
}

/**
 * Build the PodView of one container. `readFile` returns undefined when no
 * mount covers the path (Simplification: the image's own filesystem is not
 * modelled) or no file is there, and throws SimError FS_PERMISSION_DENIED when
 * the container's user may not read the file.
 */
export function createContainerView(deps: ContainerViewDeps): PodView {
  const { pod, container, caller, fs, net, isRunning } = deps;
  const mounts = [...deps.mounts].sort((a, b) => b.mountPath.length - a.mountPath.length);
  const reader = readerOf(pod, container);
  const cwd = container.workingDir?.startsWith('/') ? container.workingDir : '/';
  const env = Object.freeze(envOf(container));
  return {
    podKey: caller.id,
    container: container.name,
    caller,
    env: () => env,
    readFile(path: string): string | undefined {
      if (typeof path !== 'string') throw new TypeError('path must be a string');
      if (!isRunning() || path === '') return undefined;
      const inContainer = resolvePath(cwd, path);
      const mount = mounts.find((m) => isUnder(inContainer, m.mountPath));
      if (!mount) return undefined;
      const hostPath = joinInside(mount.hostPath, inContainer.slice(mount.mountPath.length));
      if (fs.stat(hostPath)?.type !== 'file') return undefined;
      return fs.read(hostPath, reader);
    },
    async fetch(request: Request): Promise<Response> {
      if (!isRunning()) {
        throw new SimError('NET_UNREACHABLE', `pod ${caller.id} is not running: its network namespace is gone`, {
          pod: caller.id,
        });
      }
      return net.fetch(request, caller);
    },
  };
}

/** The environment from `env[].value`; later entries win. Simplification: `valueFrom` and `$(VAR)` expansion are not supported. */
function envOf(container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    if (typeof variable.value === 'string') env[variable.name] = variable.value;
  }
  return env;
}

/**
 * The container's process identity: runAsUser/runAsGroup from the container,
 * else the pod; groups are fsGroup and supplementalGroups. Simplification:
 * without runAsUser the image's USER is unknown, so the process is root.
 */
function readerOf(pod: Pod, container: Container): FsReader {
  const podContext = pod.spec.securityContext;
  const groups = [
    ...(podContext?.fsGroup !== undefined ? [podContext.fsGroup] : []),
    ...(podContext?.supplementalGroups ?? []),
  ];
  return {
    uid: container.securityContext?.runAsUser ?? podContext?.runAsUser ?? 0,
    gid: container.securityContext?.runAsGroup ?? podContext?.runAsGroup ?? 0,
    groups,
  };
}
