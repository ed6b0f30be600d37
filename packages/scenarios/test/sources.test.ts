/**
 * Every source a scenario cites is something a learner can open: an https URL,
 * or a section of docs/reference.md that exists (anchors as GitHub renders them).
 * Links into docs/reference.md from the labs' READMEs and from the reference
 * itself are held to the same rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { catalogue } from '@irsa-lab/scenarios';
import { describe, expect, it } from 'vitest';

const REPO = new URL('../../../', import.meta.url);
const REFERENCE = 'docs/reference.md';
const read = (path: string) => readFileSync(new URL(path, REPO), 'utf8');

/** GitHub's heading anchor: lowercase, punctuation dropped, each space a hyphen. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown document's headings (outside code fences), repeats numbered as GitHub does. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

const anchors = headingAnchors(read(REFERENCE));

/** Why `href` is not something a learner can open, or undefined if it is. */
function problemWith(href: string): string | undefined {
  const section = /^docs\/reference\.md#(.+)$/.exec(href)?.[1];
  if (section !== undefined) return anchors.has(section) ? undefined : `${REFERENCE} has no heading #${section}`;
  if (!/^https:\/\/\S+$/.test(href)) return 'neither an https URL nor a docs/reference.md#section link';
  const url = new URL(href);
  return url.protocol === 'https:' && url.hostname.includes('.') ? undefined : 'not a usable https URL';
}

describe('scenario sources', () => {
  it('the slug rule matches how GitHub anchors headings', () => {
    expect(githubSlug('STS AssumeRoleWithWebIdentity')).toBe('sts-assumerolewithwebidentity');
    expect(githubSlug('hostNetwork pods')).toBe('hostnetwork-pods');
    expect(githubSlug("What's `HttpTokens`: v1, v2?")).toBe('whats-httptokens-v1-v2');
    expect([...headingAnchors('# A\n## A\n```\n# not a heading\n```\n## B')]).toEqual(['a', 'a-1', 'b']);
  });

  for (const scenario of catalogue) {
    it(`${scenario.id}: every source is an https URL or a section of ${REFERENCE}`, () => {
      expect(scenario.sources.length).toBeGreaterThan(0);
      const problems = scenario.sources.flatMap((s) => {
        const problem = s.label.trim() === '' ? 'has no label' : problemWith(s.href);
        return problem ? [`${s.href}: ${problem}`] : [];
      });
      expect(problems).toEqual([]);
    });
  }

  it(`links into ${REFERENCE} from the labs' READMEs and from the reference itself name existing headings`, () => {
    const exercises = 'labs/exercises/';
    const readmes = readdirSync(new URL(exercises, REPO)).map((lab) => `${exercises}${lab}/README.md`);
    const broken: string[] = [];
    for (const path of readmes) {
      for (const [, section] of read(path).matchAll(/reference\.md#([\w-]+)/g)) {
        if (section && !anchors.has(section)) broken.push(`${path}: #${section}`);
      }
    }
    for (const [, section] of read(REFERENCE).matchAll(/\]\(#([\w-]+)\)/g)) {
      if (section && !anchors.has(section)) broken.push(`${REFERENCE}: #${section}`);
    }
    expect(broken).toEqual([]);
  });
});
