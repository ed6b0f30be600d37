/** Unit tests of the walkthrough helpers: fired-event summaries, key hints, header, narration. */
import { describe, expect, it } from 'vitest';
import { headerLine, keyHintLines, narrationLines, outcomeMark, walkthroughLines } from './walkthrough.js';

describe('walkthrough helpers', () => {
  it('shows a time move lesson first, never cutting a rotation or an IRSA refresh behind the API token', () => {
    const summary = [
      'signing key rotated',
      'IRSA token refreshed ×7 (payments/billing-api)',
      'Kubernetes API token refreshed ×210 (payments/billing-api, web/frontend, kube-system/node-agent)',
    ];
    const view = walkthroughLines({
      scenario: { title: 'Fixture', steps: [] },
      seed: 1,
      nowMs: 7 * 86_400_000,
      done: [],
      nextStep: undefined,
      running: undefined,
      panelIndex: 0,
      scroll: 0,
      notice: { kind: 'moved', label: '+7 days', move: { fromMs: 0, toMs: 7 * 86_400_000, summary } },
      upcoming: [],
      columns: 80,
      rows: 24,
    });
    const text = view.lines.map((l) => l.text).join(' ');
    expect(text).toContain('⏱ +7 days: Jan 01 00:00 → Jan 08 00:00 (+7d) · signing key rotated · IRSA token');
    expect(text).toContain('refreshed ×7 (payments/billing-api)');
    expect(text.indexOf('signing key rotated')).toBeLessThan(text.indexOf('Kubernetes API token'));
  });

  it('reads break and fix the right way round: a leak is a warning, a block is good', () => {
    expect(outcomeMark('allowed', 'break')).toEqual({ mark: '⚠ LEAKED', tone: 'warn' });
    expect(outcomeMark('denied', 'fix')).toEqual({ mark: '✓ BLOCKED', tone: 'ok' });
    expect(outcomeMark('denied', 'break')).toEqual({ mark: '✗ DENIED', tone: 'bad' });
    expect(outcomeMark('allowed', 'fix')).toEqual({ mark: '✓ ALLOWED', tone: 'ok' });
    expect(outcomeMark('info', 'break')).toEqual({ mark: '•' });
  });

  it('packs key hints into as few lines as fit', () => {
    const lines = keyHintLines(['Enter run', 'e explain', 'q quit'], 22).map((l) => l.text);
    expect(lines).toEqual(['Enter run · e explain', 'q quit']);
  });

  it('shows title, progress bar, clock and seed in the header, cutting the title first', () => {
    const start = Date.UTC(2026, 0, 5, 9);
    const header = headerLine('A very long scenario title indeed', 3, 7, start, 42, 80).text;
    expect(header.length).toBe(80);
    expect(header.endsWith('done 3/7 ▰▰▰▱▱▱▱  2026-01-05 09:00:00Z  seed 42')).toBe(true);
    expect(header.startsWith('irsa-lab ▸ A very long')).toBe(true);
    expect(headerLine('t', 0, 2, undefined, 1, 80).text).toContain('----------  --:--:--');
  });
});

describe('narration', () => {
  it('keeps a long narration to its line budget and says where to read the rest', () => {
    const lines = narrationLines('word '.repeat(60), 40, 2).map((l) => l.text);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith('… (e: read it all)')).toBe(true);
    expect(lines[1]?.length).toBeLessThanOrEqual(40);
    expect(narrationLines('short', 40, 2)).toEqual([{ text: 'short' }]);
  });
});

describe('checks in the live area', () => {
  type Check = { name: string; expected: string; actual: string; pass: boolean };
  /** The live area's text after one finished step with `checks`, run `learnerMovedMs` off the script. */
  async function liveText(
    checks: Check[],
    learnerMovedMs = 0,
    panels: { kind: 'text'; title: string; lines: string[] }[] = [],
  ): Promise<string[]> {
    const { walkthroughLines } = await import('./walkthrough.js');
    const view = walkthroughLines({
      scenario: { title: 't', steps: [] },
      seed: 1,
      nowMs: 0,
      done: [
        {
          index: 0,
          step: { id: 's', title: 's', narration: 'n', run: async () => ({}) as never },
          atMs: 0,
          result: { action: 'a', outcome: 'info', summary: 's', panels, checks },
          learnerMovedMs,
        },
      ],
      nextStep: undefined,
      running: undefined,
      panelIndex: 0,
      scroll: 0,
      notice: undefined,
      upcoming: [],
      columns: 80,
      rows: 24,
    });
    return view.lines.map((l) => l.text);
  }
  const checks = ['a', 'b', 'c', 'd'].map((name, i) => ({
    name,
    expected: 'x',
    actual: i === 3 ? 'y' : 'x',
    pass: i !== 3,
  }));
  const OFF_SCRIPT = /^⚠ You moved the clock 7d off the scenario's timeline/;

  it('shows failures first, each check with what it found, all of them when there is room', async () => {
    const text = await liveText(checks);
    const first = text.findIndex((t) => t.startsWith('✗ d: expected x, got y'));
    expect(first).toBeGreaterThan(0);
    expect(text.slice(first + 1, first + 4)).toEqual(['✓ a: x', '✓ b: x', '✓ c: x']);
    expect(text.some((t) => t.startsWith('⚠'))).toBe(false);
  });

  it('counts the checks it has no room for, below a long panel', async () => {
    const long = [{ kind: 'text' as const, title: 'long', lines: Array.from({ length: 40 }, (_, i) => `line ${i}`) }];
    const text = await liveText(checks, 0, long);
    const first = text.findIndex((t) => t.startsWith('✗ d: expected x, got y'));
    expect(text.slice(first + 1, first + 3)).toEqual(['✓ a: x', '… 2 more checks: 2 ✓ (all in `irsa-lab run`)']);
  });

  it('says a failed check ran off the script when the learner moved the clock before the step', async () => {
    const text = await liveText(checks, 7 * 24 * 3600_000);
    const warning = text.findIndex((t) => OFF_SCRIPT.test(t));
    expect(warning).toBeGreaterThan(text.findIndex((t) => t.startsWith('✗ d')));
    expect(text.slice(warning).join(' ')).toContain('r restarts the scenario');
    // moved, but every check held: nothing to explain
    const passing = checks.map((c) => ({ ...c, actual: 'x', pass: true }));
    expect((await liveText(passing, 7 * 24 * 3600_000)).some((t) => t.startsWith('⚠'))).toBe(false);
  });
});
