/**
 * The built-in ServiceAccount admission plugin (plugin/pkg/admission/
 * serviceaccount): runs before the webhooks and, unless automounting is off,
 * gives every container the `kube-api-access-<5>` projected volume (a 3607 s
 * token for the apiserver's own audiences, the cluster CA and the namespace).
 */
import { clone } from '../lib/json.js';
import type { Container, Pod, ServiceAccount, Volume } from '../types.js';

/** Where the Kubernetes API token is mounted in every container. */
export const API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The volume name prefix (`ServiceAccountVolumeName`). */
export const API_ACCESS_VOLUME_PREFIX = 'kube-api-access-';
/** The token lifetime the plugin asks for; exactly the value that triggers the 3607 extension. */
export const API_TOKEN_EXPIRATION_SECONDS = 3607;

/** The alphabet of apimachinery's utilrand.String (no vowels, no look-alikes). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Five characters of utilrand's alphabet, from 10 hex digits of the seeded id maker. */
export function nameSuffix(hex10: string): string {
  let out = '';
  for (let i = 0; i < 10; i += 2) out += SUFFIX_ALPHABET[Number.parseInt(hex10.slice(i, i + 2), 16) % 27];
  return out;
}

function apiAccessVolume(name: string): Volume {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: API_TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
      defaultMode: 420,
    },
  };
}

/**
 * Mount the API token into every container that has nothing at the default
 * mount path, adding the volume if some container needed it. Returns a copy.
 */
export function admitServiceAccount(pod: Pod, sa: ServiceAccount, suffix: () => string): Pod {
  const automount = pod.spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true;
  if (!automount) return pod;
  const out = clone(pod);
  const existing = (out.spec.volumes ?? []).find((v) => v.name.startsWith(API_ACCESS_VOLUME_PREFIX));
  const volumeName = existing?.name ?? `${API_ACCESS_VOLUME_PREFIX}${suffix()}`;
  let needed = false;
  const containers: Container[] = [...(out.spec.initContainers ?? []), ...out.spec.containers];
  for (const c of containers) {
    if ((c.volumeMounts ?? []).some((m) => m.mountPath === API_TOKEN_MOUNT_PATH)) continue;
    c.volumeMounts = [...(c.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath: API_TOKEN_MOUNT_PATH }];
    needed = true;
  }
  if (!existing && needed) out.spec.volumes = [...(out.spec.volumes ?? []), apiAccessVolume(volumeName)];
  return out;
}
