/**
 * Every source a scenario cites is something a learner can open: an https URL,
 * or a section of docs/reference.md that exists (anchors as GitHub renders them,
 * by the slug rule the repository's citation checks share: test/markdown-anchors.ts).
 * Links from the Markdown and the code into docs/ are checked by test/citations.test.ts.
 */
import { readFileSync } from 'node:fs';
import { catalogue } from '@irsa-lab/scenarios';
import { describe, expect, it } from 'vitest';
import { headingAnchors } from '../../../test/markdown-anchors.js';

const REPO = new URL('../../../', import.meta.url);
const REFERENCE = 'docs/reference.md';
const read = (path: string) => readFileSync(new URL(path, REPO), 'utf8');

const anchors = headingAnchors(read(REFERENCE));

/** Why `href` is not something a learner can open, or undefined if it is. */
function problemWith(href: string): string | undefined {
  const section = /^docs\/reference\.md#(.+)$/.exec(href)?.[1];
  if (section !== undefined) return anchors.has(section) ? undefined : `${REFERENCE} has no heading #${section}`;
  if (!/^https:\/\/\S+$/.test(href)) return `neither an https URL nor a ${REFERENCE}#<section> link`;
  const url = new URL(href);
  return url.protocol === 'https:' && url.hostname.includes('.') ? undefined : 'not a usable https URL';
}

describe('scenario sources', () => {
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
});
