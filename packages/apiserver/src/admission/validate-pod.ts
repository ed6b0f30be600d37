/**
 * Pod defaulting and the part of pod validation (pkg/apis/core/validation)
 * that matters here: containers, volumes and mounts that fit together, and
 * projected token lifetimes within the TokenRequest limits.
 */
import { duplicateValue, type FieldCause, invalidValue, notFoundValue, requiredValue } from '../lib/k8s-errors.js';
import type { Container, Pod, Volume } from '../types.js';

/** Default projected token lifetime (SetDefaults_ServiceAccountTokenProjection). */
export const DEFAULT_PROJECTED_TOKEN_SECONDS = 3600;
/** Default file mode of projected and secret volumes (0644). */
const DEFAULT_MODE = 420;
/** TokenRequest and projected token lifetime bounds (ValidateTokenRequest). */
export const MIN_TOKEN_SECONDS = 600;
export const MAX_TOKEN_SECONDS = 2 ** 32;

/** Apply the API defaults the fields we support have. Mutates `pod`. */
export function applyPodDefaults(pod: Pod): void {
  for (const v of pod.spec.volumes ?? []) {
    if (v.projected) {
      v.projected.defaultMode ??= DEFAULT_MODE;
      for (const s of v.projected.sources ?? []) {
        if (s.serviceAccountToken) s.serviceAccountToken.expirationSeconds ??= DEFAULT_PROJECTED_TOKEN_SECONDS;
      }
    }
    if (v.secret) v.secret.defaultMode ??= DEFAULT_MODE;
  }
}

/** The token lifetime errors TokenRequest validation and projected volume validation share. */
export function expirationCauses(field: string, seconds: number): FieldCause[] {
  if (seconds < MIN_TOKEN_SECONDS)
    return [invalidValue(field, seconds, 'may not specify a duration less than 10 minutes')];
  if (seconds > MAX_TOKEN_SECONDS)
    return [invalidValue(field, seconds, 'may not specify a duration larger than 2^32 seconds')];
  return [];
}

const VOLUME_SOURCES = ['projected', 'hostPath', 'secret', 'emptyDir'] as const;

function volumeCauses(volumes: readonly Volume[]): FieldCause[] {
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  for (const [i, v] of volumes.entries()) {
    const at = `spec.volumes[${i}]`;
    if (seen.has(v.name)) causes.push(duplicateValue(`${at}.name`, v.name));
    seen.add(v.name);
    const sources = VOLUME_SOURCES.filter((s) => v[s] !== undefined);
    if (sources.length === 0) causes.push(requiredValue(at, 'must specify a volume type'));
    if (sources.length > 1) {
      causes.push({
        field: `${at}.${sources[1]}`,
        reason: 'FieldValueForbidden',
        message: 'Forbidden: may not specify more than 1 volume type',
      });
    }
    for (const [j, s] of (v.projected?.sources ?? []).entries()) {
      const token = s.serviceAccountToken;
      const tokenAt = `${at}.projected.sources[${j}].serviceAccountToken`;
      if (token?.expirationSeconds !== undefined) {
        causes.push(...expirationCauses(`${tokenAt}.expirationSeconds`, token.expirationSeconds));
      }
      if (token && token.path === '') causes.push(requiredValue(`${tokenAt}.path`));
    }
  }
  return causes;
}

function containerCauses(
  list: readonly Container[],
  field: string,
  volumes: Set<string>,
  names: Set<string>,
): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const [i, c] of list.entries()) {
    const at = `${field}[${i}]`;
    if (names.has(c.name)) causes.push(duplicateValue(`${at}.name`, c.name));
    names.add(c.name);
    if (!c.image) causes.push(requiredValue(`${at}.image`));
    const paths = new Set<string>();
    for (const [j, m] of (c.volumeMounts ?? []).entries()) {
      if (!volumes.has(m.name)) causes.push(notFoundValue(`${at}.volumeMounts[${j}].name`, m.name));
      if (paths.has(m.mountPath))
        causes.push(invalidValue(`${at}.volumeMounts[${j}].mountPath`, m.mountPath, 'must be unique'));
      paths.add(m.mountPath);
    }
  }
  return causes;
}

/** Field errors of a pod about to be stored (after admission); empty when valid. */
export function validatePod(pod: Pod): FieldCause[] {
  const volumes = pod.spec.volumes ?? [];
  const volumeNames = new Set(volumes.map((v) => v.name));
  const containerNames = new Set<string>();
  const causes = volumeCauses(volumes);
  if (pod.spec.containers.length === 0) causes.push(requiredValue('spec.containers'));
  causes.push(...containerCauses(pod.spec.initContainers ?? [], 'spec.initContainers', volumeNames, containerNames));
  causes.push(...containerCauses(pod.spec.containers, 'spec.containers', volumeNames, containerNames));
  return causes;
}
