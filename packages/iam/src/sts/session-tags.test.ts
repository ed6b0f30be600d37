/**
 * AssumeRole's session tags on their own (session-tags.ts): the
 * `Tags.member.N` and `TransitiveTagKeys.member.N` parameters read in N
 * order, the API model's constraints with the member names STS writes in a
 * ValidationError (`tags.2.member.key`), the limit of 50 at its edge, and
 * the details of a refused combination.
 */
import { describe, expect, it } from 'vitest';
import { combineTags, MAX_SESSION_TAGS, tagsParam, tagViolations, transitiveKeysParam } from './session-tags.js';

const KEY_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+';
const VALUE_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';

describe('the Query parameters', () => {
  it('reads tags and transitive keys in member-number order, numerically, and a tag without a value as empty', () => {
    const form = new URLSearchParams(
      'Tags.member.10.Key=ten&Tags.member.10.Value=10&Tags.member.2.Key=two&Tags.member.2.Value=2' +
        '&Tags.member.1.Key=one&TransitiveTagKeys.member.2=two&TransitiveTagKeys.member.1=one',
    );
    expect(tagsParam(form)).toEqual([
      { Key: 'one', Value: '' },
      { Key: 'two', Value: '2' },
      { Key: 'ten', Value: '10' },
    ]);
    expect(transitiveKeysParam(form)).toEqual(['one', 'two']);
  });

  it('answers undefined, not an empty list, when none were sent', () => {
    const form = new URLSearchParams('Action=AssumeRole');
    expect(tagsParam(form)).toBeUndefined();
    expect(transitiveKeysParam(form)).toBeUndefined();
  });
});

describe('the constraints', () => {
  const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));

  it('allows 50 tags and 50 transitive keys, and refuses 51 of either', () => {
    const keys = (n: number) => tags(n).map((t) => t.Key);
    expect(tagViolations(tags(MAX_SESSION_TAGS), keys(MAX_SESSION_TAGS))).toEqual([]);
    expect(tagViolations(tags(51), keys(51))).toEqual([
      { member: 'tags', value: null, constraint: 'Member must have length less than or equal to 50' },
      { member: 'transitiveTagKeys', value: null, constraint: 'Member must have length less than or equal to 50' },
    ]);
  });

  it("names each refused member as STS does, with the model's pattern", () => {
    const out = tagViolations(
      [
        { Key: 'team', Value: 'ok' },
        { Key: 'bad#key', Value: 'bad#value' },
      ],
      ['team', 'bad#key'],
    );
    expect(out.map((v) => [v.member, v.constraint])).toEqual([
      ['tags.2.member.key', `Member must satisfy regular expression pattern: ${KEY_PATTERN}`],
      ['tags.2.member.value', `Member must satisfy regular expression pattern: ${VALUE_PATTERN}`],
      ['transitiveTagKeys.2.member', `Member must satisfy regular expression pattern: ${KEY_PATTERN}`],
    ]);
  });

  it('requires a key, allows an empty value, and holds keys to 128 and values to 256 characters', () => {
    expect(tagViolations([{ Value: 'x' } as never], undefined)).toEqual([
      { member: 'tags.1.member.key', value: null, sensitive: false, constraint: 'Member must not be null' },
    ]);
    expect(tagViolations([{ Key: 'k', Value: '' }], undefined)).toEqual([]);
    expect(tagViolations([{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }], ['k'.repeat(128)])).toEqual([]);
    const long = tagViolations([{ Key: 'k'.repeat(129), Value: 'v'.repeat(257) }], ['k'.repeat(129)]);
    expect(long.map((v) => [v.member, v.constraint])).toEqual([
      ['tags.1.member.key', 'Member must have length less than or equal to 128'],
      ['tags.1.member.value', 'Member must have length less than or equal to 256'],
      ['transitiveTagKeys.1.member', 'Member must have length less than or equal to 128'],
    ]);
  });
});

describe('combining passed and inherited tags', () => {
  it('names the key at fault in the detail', () => {
    const twice = combineTags(
      [
        { Key: 'Team', Value: 'a' },
        { Key: 'team', Value: 'b' },
      ],
      [],
      [],
    );
    expect(twice.ok || twice.detail).toContain('team');
    const stray = combineTags([{ Key: 'team', Value: 'a' }], ['project'], []);
    expect(stray.ok || stray.detail).toContain('project');
    const clash = combineTags([{ Key: 'team', Value: 'a' }], [], [{ Key: 'Team', Value: 'b' }]);
    expect(clash.ok || clash.detail).toContain('Team');
  });
});
