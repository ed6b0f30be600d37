/** Unit tests of catalogue filtering, grouping, selection and windowing. */
import { describe, expect, it } from 'vitest';
import { bestMatchIndex, catalogueRows, filterCatalogue, visibleWindow } from './catalogue.js';

const entry = (id: string, group: 'basics' | 'attacks' | 'time' | 'operations' | 'failures', goal = '') => ({
  id,
  title: id.replace('-', ' '),
  group,
  goal,
});
const CATALOGUE = [
  entry('key-rotation', 'time', 'the clock jumps 7 days'),
  entry('happy-path', 'basics', 'token becomes credentials'),
  entry('token-theft', 'attacks', 'a privileged pod reads a token'),
  entry('least-privilege', 'basics', 'only one ServiceAccount'),
];

describe('catalogue filtering', () => {
  it('orders by group, keeping catalogue order within a group', () => {
    expect(filterCatalogue(CATALOGUE, '').map((s) => s.id)).toEqual([
      'happy-path',
      'least-privilege',
      'token-theft',
      'key-rotation',
    ]);
  });

  it('matches every word against id, title, goal and group', () => {
    expect(filterCatalogue(CATALOGUE, 'token').map((s) => s.id)).toEqual(['happy-path', 'token-theft']);
    expect(filterCatalogue(CATALOGUE, 'TOKEN pod').map((s) => s.id)).toEqual(['token-theft']);
    expect(filterCatalogue(CATALOGUE, 'happy path').map((s) => s.id)).toEqual(['happy-path']);
    expect(filterCatalogue(CATALOGUE, 'leaks').map((s) => s.id)).toEqual(['token-theft']);
    expect(filterCatalogue(CATALOGUE, 'nothing-like-this')).toEqual([]);
  });

  it('selects the scenario named by the query over one that only mentions it', () => {
    const filtered = filterCatalogue(CATALOGUE, 'token');
    expect(filtered[bestMatchIndex(filtered, 'token')]?.id).toBe('token-theft');
  });

  it('puts a heading before each group', () => {
    const rows = catalogueRows(filterCatalogue(CATALOGUE, ''));
    expect(rows.map((r) => (r.kind === 'group' ? `# ${r.label}` : r.scenario.id))).toEqual([
      '# Basics',
      'happy-path',
      'least-privilege',
      '# Attacks and leaks',
      'token-theft',
      '# Time',
      'key-rotation',
    ]);
  });

  it('puts the problems people hit last, under their own heading, and finds them by it', () => {
    const withFailures = [entry('webhook-race', 'failures', 'the cache race'), ...CATALOGUE];
    const rows = catalogueRows(filterCatalogue(withFailures, ''));
    expect(rows.slice(-2).map((r) => (r.kind === 'group' ? `# ${r.label}` : r.scenario.id))).toEqual([
      '# Problems people hit',
      'webhook-race',
    ]);
    expect(filterCatalogue(withFailures, 'problems').map((s) => s.id)).toEqual(['webhook-race']);
  });

  it('scrolls the window to keep the focused row visible', () => {
    expect(visibleWindow(5, 4, 10)).toEqual({ start: 0, end: 5 });
    expect(visibleWindow(20, 0, 5)).toEqual({ start: 0, end: 5 });
    expect(visibleWindow(20, 10, 5)).toEqual({ start: 8, end: 13 });
    expect(visibleWindow(20, 19, 5)).toEqual({ start: 15, end: 20 });
  });
});

describe('catalogue screen', () => {
  // 14 scenarios in 4 groups, as the real catalogue: more than an 80x24 terminal's list fits
  const groups = ['basics', 'attacks', 'time', 'operations'] as const;
  const many = Array.from({ length: 14 }, (_, i) =>
    entry(`scenario-${i + 1}`, groups[Math.floor(i / 4)] ?? 'operations'),
  );
  const screen = async (selected: number, rows: number) => {
    const { catalogueLines } = await import('./catalogue-view.js');
    const filtered = filterCatalogue(many, '');
    return catalogueLines({ filtered, total: 14, query: '', selected, seed: 1, columns: 80, rows }).map((l) => l.text);
  };

  it('says how many scenarios are out of sight when the list does not fit', async () => {
    const top = await screen(0, 24);
    expect(top.some((t) => /↓ \d+ more below/.test(t))).toBe(true);
    expect(top.some((t) => t.includes('more above'))).toBe(false);
    const bottom = await screen(13, 24);
    expect(bottom.some((t) => /↑ \d+ more above/.test(t))).toBe(true);
    expect(bottom.some((t) => t.includes(' ▶ scenario-14'))).toBe(true);
    // everything fits at 40 rows: no hint
    expect((await screen(0, 40)).some((t) => t.includes('more below'))).toBe(false);
    expect((await screen(0, 24)).length).toBeLessThanOrEqual(23);
  });
});
