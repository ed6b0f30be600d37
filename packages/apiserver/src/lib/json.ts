/**
 * Small helpers over plain JSON values: cloning, canonical text for
 * comparison, and the merge kubectl apply performs between the last applied
 * manifest, the new one and the live object.
 */

/** True for a plain object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy of a JSON value. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!isPlainObject(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = v[k];
    return sorted;
  });
}

/** Structural equality of two JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Three-way merge as `kubectl apply` does it for plain maps: keys that were in
 * the last applied manifest but are gone from the new one are removed, keys in
 * the new one are set, everything else on the live object is kept (so fields
 * set by controllers or `kubectl annotate` survive). Arrays are replaced.
 */
export function threeWayMerge(
  live: Record<string, unknown>,
  lastApplied: Record<string, unknown> | undefined,
  next: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...live };
  for (const key of Object.keys(lastApplied ?? {})) {
    if (!(key in next)) delete out[key];
  }
  for (const [key, value] of Object.entries(next)) {
    const current = out[key];
    const last = lastApplied?.[key];
    out[key] =
      isPlainObject(value) && isPlainObject(current)
        ? threeWayMerge(current, isPlainObject(last) ? last : undefined, value)
        : clone(value);
  }
  return out;
}
