/**
 * Where the kubelet keeps a pod's volumes on the host, as it lays them out
 * under its root directory (`--root-dir`, default /var/lib/kubelet):
 * `pods/<pod uid>/volumes/<escaped plugin name>/<volume name>`.
 */

/** The kubelet's root directory (default of `--root-dir`). */
export const KUBELET_ROOT = '/var/lib/kubelet';

/** `/var/lib/kubelet/pods/<uid>`: everything the kubelet keeps for one pod. */
export function podDir(podUid: string): string {
  return `${KUBELET_ROOT}/pods/${checkSegment(podUid, 'pod uid')}`;
}

/** The host directory of a projected volume (plugin kubernetes.io/projected, `/` escaped as `~`). */
export function projectedVolumeDir(podUid: string, volumeName: string): string {
  return `${podDir(podUid)}/volumes/kubernetes.io~projected/${checkSegment(volumeName, 'volume name')}`;
}

/** The host directory of an emptyDir volume (plugin kubernetes.io/empty-dir). */
export function emptyDirVolumeDir(podUid: string, volumeName: string): string {
  return `${podDir(podUid)}/volumes/kubernetes.io~empty-dir/${checkSegment(volumeName, 'volume name')}`;
}

/** The host directory of a secret volume (plugin kubernetes.io/secret). */
export function secretVolumeDir(podUid: string, volumeName: string): string {
  return `${podDir(podUid)}/volumes/kubernetes.io~secret/${checkSegment(volumeName, 'volume name')}`;
}

/** A uid or volume name becomes one path segment: it must not be empty, `.`/`..` or contain `/`. */
function checkSegment(value: string, what: string): string {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..' || value.includes('/')) {
    throw new TypeError(`${what} must be a single path segment, got ${JSON.stringify(value)}`);
  }
  return value;
}
