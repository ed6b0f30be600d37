/**
 * Volume set-up for one pod, as the kubelet's volume plugins lay it out on
 * the host: a directory per projected / emptyDir / secret volume under the
 * pod's kubelet directory, hostPath volumes straight onto the host path, and
 * each container's volumeMounts as mountPath → host directory. Token files
 * are described here and written by the TokenManager.
 */
import { SimError } from '@irsa-lab/core';
import type { FileOwner, HostFs } from '../host/host-fs.js';
import { joinInside, normalizePath } from '../host/paths.js';
import type { Container, Pod, Volume } from './k8s-types.js';
import { emptyDirVolumeDir, projectedVolumeDir, secretVolumeDir } from './kubelet-paths.js';
import type { TokenSlotSpec } from './token-manager.js';

/** Default `defaultMode` of projected volumes (0644 = 420). */
export const DEFAULT_PROJECTED_MODE = 0o644;

/** One mount inside a container. */
export interface MountPoint {
  /** Normalised path inside the container. */
  readonly mountPath: string;
  /** The host path it shows. */
  readonly hostPath: string;
  readonly volume: string;
  readonly readOnly: boolean;
}

/** What setting up a pod's volumes produced. */
export interface PodVolumes {
  /** Token files to fetch and write, in volume order. */
  readonly tokens: readonly TokenSlotSpec[];
  /** Mounts of each container (init containers included), by container name. */
  readonly mounts: ReadonlyMap<string, readonly MountPoint[]>;
  /** Host directory of each volume, by volume name. */
  readonly volumeDirs: ReadonlyMap<string, string>;
}

/**
 * How the kubelet sets a projected token file's mode and owner: `since-1.19` (kubernetes/kubernetes#89193,
 * KEP 1598) as below; `before-1.19`: 0600 and root-owned whatever the pod says, group-readable only through
 * fsGroup (aws/amazon-eks-pod-identity-webhook#8, and the webhook README's fix).
 */
export type TokenFilePermissions = 'since-1.19' | 'before-1.19';

/** Create the pod's volume directories on `fs` and work out every container's mounts. SimError K8S_INVALID on a bad mount. */
export function setUpVolumes(fs: HostFs, pod: Pod, permissions: TokenFilePermissions = 'since-1.19'): PodVolumes {
  const uid = pod.metadata.uid;
  const volumeDirs = new Map<string, string>();
  const tokens: TokenSlotSpec[] = [];
  const { mode: tokenModeFor, owner } = permissions === 'before-1.19' ? legacyOwnership(pod) : tokenOwnership(pod);
  for (const volume of pod.spec.volumes ?? []) {
    const dir = hostDirOf(uid, volume);
    if (!volume.hostPath) fs.mkdir(dir);
    volumeDirs.set(volume.name, dir);
    for (const source of volume.projected?.sources ?? []) {
      const projection = source.serviceAccountToken;
      if (!projection) continue; // Simplification: configMap, secret and downwardAPI sources are not filled in
      tokens.push({
        pod,
        volume: volume.name,
        projection,
        path: joinInside(dir, projection.path),
        mode: tokenModeFor(volume.projected?.defaultMode ?? DEFAULT_PROJECTED_MODE),
        owner,
      });
    }
  }
  const mounts = new Map<string, MountPoint[]>();
  const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  for (const [i, container] of containers.entries()) {
    mounts.set(container.name, containerMounts(container, i, volumeDirs));
  }
  return { tokens, mounts, volumeDirs };
}

function hostDirOf(podUid: string, volume: Volume): string {
  if (volume.hostPath) return normalizePath(volume.hostPath.path);
  if (volume.projected) return projectedVolumeDir(podUid, volume.name);
  if (volume.secret) return secretVolumeDir(podUid, volume.name); // Simplification: left empty
  // emptyDir, and (Simplification) any other volume type, is an empty directory
  return emptyDirVolumeDir(podUid, volume.name);
}

function containerMounts(container: Container, index: number, volumeDirs: ReadonlyMap<string, string>): MountPoint[] {
  return (container.volumeMounts ?? []).map((mount, j) => {
    const dir = volumeDirs.get(mount.name);
    if (dir === undefined) {
      throw new SimError(
        'K8S_INVALID',
        `container ${container.name}: volumeMount ${mount.name} names no volume of the pod`,
        {
          field: `containers[${index}].volumeMounts[${j}].name`,
        },
      );
    }
    if (typeof mount.mountPath !== 'string' || !mount.mountPath.startsWith('/')) {
      throw new SimError('K8S_INVALID', `container ${container.name}: mountPath must be absolute`, {
        field: `containers[${index}].volumeMounts[${j}].mountPath`,
      });
    }
    return {
      mountPath: normalizePath(mount.mountPath),
      hostPath: mount.subPath ? joinInside(dir, mount.subPath) : dir,
      volume: mount.name,
      readOnly: mount.readOnly ?? false,
    };
  });
}

/**
 * Mode and owner of projected token files (pkg/volume/projected): with an
 * fsUser (every container runs as the same runAsUser) or an fsGroup the file
 * is 0600, owned by that user, and SetVolumeOwnership then adds group read
 * for the fsGroup (0640); otherwise it gets the volume's defaultMode, root-owned.
 */
function tokenOwnership(pod: Pod): { mode: (defaultMode: number) => number; owner: FileOwner } {
  const podContext = pod.spec.securityContext;
  const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  const users = containers.map((c) => c.securityContext?.runAsUser ?? podContext?.runAsUser);
  const first = users[0];
  const fsUser = first !== undefined && users.every((u) => u === first) ? first : undefined;
  const fsGroup = podContext?.fsGroup;
  const owner = { uid: fsUser ?? 0, gid: fsGroup ?? 0 };
  if (fsUser === undefined && fsGroup === undefined) return { mode: (m) => m, owner };
  return { mode: () => (fsGroup === undefined ? 0o600 : 0o640), owner };
}

/**
 * Before Kubernetes 1.19 a projected token was written 0600, root-owned; an fsGroup made the volume's files
 * group-owned and group-readable (SetVolumeOwnership), the only way a non-root container could read it.
 */
function legacyOwnership(pod: Pod): { mode: (defaultMode: number) => number; owner: FileOwner } {
  const fsGroup = pod.spec.securityContext?.fsGroup;
  return { mode: () => (fsGroup === undefined ? 0o600 : 0o640), owner: { uid: 0, gid: fsGroup ?? 0 } };
}
