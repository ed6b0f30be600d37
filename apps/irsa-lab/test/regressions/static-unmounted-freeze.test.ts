/**
 * Regression: leaving a finished walkthrough froze the app. Ink 6.8 keeps a
 * pointer to a <Static> node after it unmounts (vadimdemedes/ink#904, #979)
 * and reads its freed Yoga node on every frame; the walkthrough owned a
 * <Static>, so after `b` the next frames read garbage sizes, allocated
 * gigabytes and never finished (q, Ctrl-C and SIGTERM went unanswered).
 * The app now has one <Static> for its whole life. Reproduced as reported:
 * the built app under tmux at 120x40.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answeredWithin, answerTime, CATALOGUE, openScenario, runToEnd } from '../tmux/app-driver.js';
import { hasTmux, Terminal } from '../tmux/terminal.js';

const bundle = join(import.meta.dirname, '../../dist/irsa-lab.mjs');
// run as `npx irsa-lab` runs it: the bin, with the Node flags of its first line
const bin = join(import.meta.dirname, '../../bin/irsa-lab.mjs');
const RSS_LIMIT = 150 * 1024 * 1024;
let term: Terminal | undefined;

afterEach(() => term?.close());

describe.runIf(hasTmux)('leaving a finished walkthrough for the catalogue', () => {
  // as reported: the filter typed is part of the id (how many rows the catalogue draws decides which memory
  // the freed node's is reused for, and whether the bug shows)
  it.each([
    ['imds-leakage', 'imds'],
    ['host-network', 'host'],
  ])(
    'after %s ran to its end, b, Esc and typing in the filter still draw, in bounded memory',
    async (id, filter) => {
      expect(existsSync(bundle), `${bundle} is missing: run \`npm run build\``).toBe(true);
      term = new Terminal(`'${bin}'`, { columns: 120, rows: 40 });
      await openScenario(term, id, filter);
      await runToEnd(term);
      term.press('b');
      await term.waitFor(CATALOGUE);
      term.press('Escape');
      await term.waitFor('filter: (type to filter)');
      term.press('x');
      await term.waitFor('filter: x▏', 60_000); // the old build never shows it; a busy machine only shows it late
      const answer = await answerTime(term);
      expect(answeredWithin(answer, 1_000), JSON.stringify(answer)).toBe(true);
      expect(term.rssBytes()).toBeLessThan(RSS_LIMIT);
      term.press('Escape'); // q is a letter of the filter while it has text
      await term.waitFor('filter: (type to filter)');
      term.press('q');
      expect(await term.ended()).toBe(true);
    },
    120_000,
  );
});
