/**
 * Every screen fits the terminal: the live area never exceeds rows - 1 lines
 * (at `rows` Ink would clear the screen on each frame) nor the width, at the
 * minimum size and larger, for every step of the fixture scenarios.
 */
import { describe, expect, it } from 'vitest';
import { fixtureCatalogue } from '../../test/fixtures/scenarios.js';
import { ScenarioSession } from '../scenario-api.js';
import { catalogueLines } from './catalogue-view.js';
import { explainBody, helpOverlay, overlayLines } from './overlays.js';
import type { DisplayLine } from './text.js';
import { walkthroughLines } from './walkthrough.js';

const SIZES = [
  { columns: 80, rows: 24 },
  { columns: 120, rows: 40 },
];

function expectFits(lines: readonly DisplayLine[], size: { columns: number; rows: number }) {
  expect(lines.length).toBeLessThanOrEqual(size.rows - 1);
  for (const l of lines) expect([...l.text].length, l.text).toBeLessThanOrEqual(size.columns);
}

describe('layout fits the terminal', () => {
  for (const size of SIZES) {
    it(`walkthrough, every step, every panel, explain and help at ${size.columns}×${size.rows}`, async () => {
      for (const scenario of fixtureCatalogue) {
        const session = await ScenarioSession.start(scenario, 42);
        for (;;) {
          const done = session.done;
          for (let panel = 0; panel < 4; panel++) {
            const view = walkthroughLines({
              scenario,
              seed: 42,
              nowMs: session.world.clock.nowMs(),
              done,
              nextStep: session.nextStep,
              running: undefined,
              panelIndex: panel,
              scroll: 0,
              notice: {
                kind: 'moved',
                label: '+7 days',
                move: {
                  fromMs: 0,
                  toMs: 7 * 86_400_000,
                  summary: Array.from({ length: 12 }, (_, i) => `kind ${i} ×${i + 30} (payments/billing-api)`),
                },
              },
              upcoming: session.upcoming(3),
              ...size,
            });
            expectFits(view.lines, size);
          }
          expectFits(
            overlayLines('Explain', explainBody(done[done.length - 1]), { ...size, scroll: 0, hint: 'Esc' }).lines,
            size,
          );
          if (session.finished) break;
          await session.runNext();
        }
      }
      expectFits(helpOverlay(size, 0, { text: 'header' }).lines, size);
    });
  }

  it('the catalogue windows 14 scenarios into 80×24 and keeps the selection visible', () => {
    const groups = ['basics', 'attacks', 'time', 'operations'] as const;
    const filtered = Array.from({ length: 14 }, (_, i) => ({
      id: `scenario-${i}`,
      title: `Scenario ${i}`,
      group: groups[Math.floor(i / 4)] ?? 'operations',
      goal: 'a goal long enough to need truncating at eighty columns, and then some more words after that',
    }));
    for (const selected of [0, 7, 13]) {
      const lines = catalogueLines({ filtered, total: 14, query: '', selected, seed: 1, ...SIZES[0]! });
      expectFits(lines, SIZES[0]!);
      expect(lines.some((l) => l.text.startsWith(` ▶ scenario-${selected} `))).toBe(true);
    }
  });
});
