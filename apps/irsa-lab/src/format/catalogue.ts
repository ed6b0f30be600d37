/**
 * The catalogue as rows: scenarios grouped (basics, attacks and leaks, time,
 * operations, problems people hit), filtered by what the learner types, with the row to select
 * after each keystroke and the window of rows that fits the screen.
 */
import type { ScenarioDef, ScenarioGroup } from '../scenario-api.js';

export const GROUP_ORDER: readonly ScenarioGroup[] = [
  'basics',
  'attacks',
  'time',
  'operations',
  'failures',
  'pod-identity',
];

export const GROUP_LABELS: Readonly<Record<ScenarioGroup, string>> = {
  basics: 'Basics',
  attacks: 'Attacks and leaks',
  time: 'Time',
  operations: 'Operations',
  failures: 'Problems people hit',
  'pod-identity': 'EKS Pod Identity',
};

/** What the catalogue needs of a scenario. */
export type CatalogueEntry = Pick<ScenarioDef<never>, 'id' | 'title' | 'group' | 'goal'>;

export type CatalogueRow<S extends CatalogueEntry = CatalogueEntry> =
  | { readonly kind: 'group'; readonly label: string }
  | { readonly kind: 'scenario'; readonly scenario: S };

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[-_\s]+/g, ' ')
    .trim();
}

/** True if every word of `query` occurs in the scenario's id, title, goal or group. */
export function matches(entry: CatalogueEntry, query: string): boolean {
  const words = normalise(query).split(' ').filter(Boolean);
  const hay = normalise(`${entry.id} ${entry.title} ${entry.goal} ${GROUP_LABELS[entry.group] ?? entry.group}`);
  return words.every((w) => hay.includes(w));
}

/** The scenarios matching `query`, in group order, catalogue order within a group. */
export function filterCatalogue<S extends CatalogueEntry>(catalogue: readonly S[], query: string): S[] {
  const rank = (g: ScenarioGroup) => {
    const i = GROUP_ORDER.indexOf(g);
    return i < 0 ? GROUP_ORDER.length : i;
  };
  return catalogue
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => matches(s, query))
    .sort((a, b) => rank(a.s.group) - rank(b.s.group) || a.i - b.i)
    .map(({ s }) => s);
}

/** Group headings and scenario rows for an already filtered, ordered list. */
export function catalogueRows<S extends CatalogueEntry>(filtered: readonly S[]): CatalogueRow<S>[] {
  const rows: CatalogueRow<S>[] = [];
  let group: ScenarioGroup | undefined;
  for (const scenario of filtered) {
    if (scenario.group !== group) {
      group = scenario.group;
      rows.push({ kind: 'group', label: GROUP_LABELS[group] ?? group });
    }
    rows.push({ kind: 'scenario', scenario });
  }
  return rows;
}

/**
 * Which of the filtered scenarios to select after the filter changes: the one
 * whose id starts with the query, else whose id or title contains it, else the first.
 */
export function bestMatchIndex(filtered: readonly CatalogueEntry[], query: string): number {
  const q = normalise(query);
  if (!q) return 0;
  const idStarts = filtered.findIndex((s) => normalise(s.id).startsWith(q));
  if (idStarts >= 0) return idStarts;
  const named = filtered.findIndex((s) => normalise(`${s.id} ${s.title}`).includes(q));
  return Math.max(named, 0);
}

/** The slice [start, end) of `total` rows to show in `height` lines so that row `focus` is visible. */
export function visibleWindow(total: number, focus: number, height: number): { start: number; end: number } {
  if (total <= height) return { start: 0, end: total };
  const start = Math.max(0, Math.min(focus - Math.floor(height / 2), total - height));
  return { start, end: start + height };
}
