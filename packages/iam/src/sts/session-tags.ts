/**
 * Session tags of AssumeRole (IAM user guide, "Pass session tags in AWS
 * STS"): the `Tags.member.N.Key/Value` and `TransitiveTagKeys.member.N`
 * parameters as the Query protocol sends them, their API-model
 * constraints, and the tags a chained session inherits: the calling
 * session's transitive tags pass on, and a passed tag may not reuse an
 * inherited key (keys compare case-insensitively).
 */

import { checkString, type Violation } from '../iam/constraints.js';
import type { Tag } from '../iam/types.js';
import { stsErrors } from './messages.js';
import { members } from './run.js';
import type { StsError } from './types.js';

/** Most session tags (and transitive keys) one AssumeRole may pass (the API model's `tagListType` max). */
export const MAX_SESSION_TAGS = 50;

/** The model's tag key and value patterns (`[\p{L}\p{Z}\p{N}_.:/=+\-@]+` and `*`). */
const TAG_KEY_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+';
const TAG_KEY_REGEX = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';
const TAG_VALUE_REGEX = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** `Tags.member.N.Key` / `.Value` as a list of tags (undefined when none were sent). */
export function tagsParam(form: URLSearchParams): Tag[] | undefined {
  const keys = members(form, 'Tags', 'Key');
  const values = new Map(members(form, 'Tags', 'Value'));
  if (keys.length === 0) return undefined;
  return keys.map(([n, Key]) => ({ Key, Value: values.get(n) ?? '' }));
}

/** `TransitiveTagKeys.member.N` (undefined when none were sent). */
export function transitiveKeysParam(form: URLSearchParams): string[] | undefined {
  const keys = members(form, 'TransitiveTagKeys');
  return keys.length === 0 ? undefined : keys.map(([, key]) => key);
}

/** The API model's constraints on the tags and transitive keys. */
export function tagViolations(
  tags: readonly Tag[] | undefined,
  transitive: readonly string[] | undefined,
): Violation[] {
  const out: Violation[] = [];
  if ((tags?.length ?? 0) > MAX_SESSION_TAGS) {
    out.push({
      member: 'tags',
      value: null,
      constraint: `Member must have length less than or equal to ${MAX_SESSION_TAGS}`,
    });
  }
  if ((transitive?.length ?? 0) > MAX_SESSION_TAGS) {
    out.push({
      member: 'transitiveTagKeys',
      value: null,
      constraint: `Member must have length less than or equal to ${MAX_SESSION_TAGS}`,
    });
  }
  for (const [i, tag] of (tags ?? []).entries()) {
    const at = `tags.${i + 1}.member`;
    out.push(
      ...checkString(`${at}.key`, tag.Key, {
        required: true,
        min: 1,
        max: 128,
        pattern: TAG_KEY_PATTERN,
        regex: TAG_KEY_REGEX,
      }),
      ...checkString(`${at}.value`, tag.Value, {
        min: 0,
        max: 256,
        pattern: TAG_VALUE_PATTERN,
        regex: TAG_VALUE_REGEX,
      }),
    );
  }
  for (const [i, key] of (transitive ?? []).entries()) {
    out.push(
      ...checkString(`transitiveTagKeys.${i + 1}.member`, key, {
        min: 1,
        max: 128,
        pattern: TAG_KEY_PATTERN,
        regex: TAG_KEY_REGEX,
      }),
    );
  }
  return out;
}

/** The tags of a new session: the caller's inherited transitive tags, then the passed ones. */
export interface SessionTagSet {
  /** Every tag of the new session. */
  readonly tags: readonly Tag[];
  /** The keys that pass on again (inherited ones stay transitive). */
  readonly transitiveTagKeys: readonly string[];
  /** The tags passed in this request. */
  readonly requested: readonly Tag[];
  /** The tags inherited from the calling session. */
  readonly inherited: readonly Tag[];
}

/** The transitive tags a session passes to the sessions it creates. */
export function inheritedTags(
  session: { readonly sessionTags?: readonly Tag[]; readonly transitiveTagKeys?: readonly string[] } | undefined,
): Tag[] {
  const keys = new Set((session?.transitiveTagKeys ?? []).map((k) => k.toLowerCase()));
  return (session?.sessionTags ?? []).filter((t) => keys.has(t.Key.toLowerCase()));
}

/**
 * Combine what was passed with what is inherited, or the STS error for a
 * duplicate key, a transitive key that names no passed tag, or a passed key
 * that an inherited tag already has.
 */
export function combineTags(
  requested: readonly Tag[],
  transitive: readonly string[],
  inherited: readonly Tag[],
): { ok: true; value: SessionTagSet } | { ok: false; error: StsError; detail: string } {
  const seen = new Set<string>();
  for (const tag of requested) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key))
      return { ok: false, error: stsErrors.duplicateTagKeys(), detail: `tag key ${tag.Key} is passed twice` };
    seen.add(key);
  }
  const stray = transitive.find((k) => !seen.has(k.toLowerCase()));
  if (stray !== undefined) {
    return {
      ok: false,
      error: stsErrors.transitiveKeyNotPassed(),
      detail: `transitive key ${stray} names no passed tag`,
    };
  }
  const clash = inherited.find((t) => seen.has(t.Key.toLowerCase()));
  if (clash) {
    const detail = `tag ${clash.Key} is inherited as a transitive tag from the calling session and cannot be passed again`;
    return { ok: false, error: stsErrors.inheritedTagOverride(clash.Key), detail };
  }
  const value: SessionTagSet = {
    tags: [...inherited, ...requested],
    transitiveTagKeys: [...inherited.map((t) => t.Key), ...transitive],
    requested,
    inherited,
  };
  return { ok: true, value };
}
