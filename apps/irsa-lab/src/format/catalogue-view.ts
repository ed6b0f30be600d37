/**
 * The catalogue screen as lines: title, the filter being typed, grouped
 * scenario rows with the selection marked (windowed to fit), the selected
 * scenario's title and goal, and the key hints.
 */
import { type CatalogueEntry, catalogueRows, visibleWindow } from './catalogue.js';
import { clampLines, type DisplayLine, line, padEnd, truncate, wrapText } from './text.js';
import { keyHintLines } from './walkthrough.js';

export interface CatalogueViewState {
  readonly filtered: readonly CatalogueEntry[];
  readonly total: number;
  readonly query: string;
  readonly selected: number;
  readonly seed: number;
  readonly columns: number;
  readonly rows: number;
}

export const CATALOGUE_KEYS = ['type to filter', '↑↓ select', 'Enter open', 'Esc clear filter', '? help', 'q quit'];

/** The catalogue screen, at most `rows - 1` lines. */
export function catalogueLines(s: CatalogueViewState): DisplayLine[] {
  const width = s.columns;
  const count = s.filtered.length === s.total ? `${s.total}` : `${s.filtered.length} of ${s.total}`;
  const title = `irsa-lab ▸ scenarios (${count})`;
  const right = `seed ${s.seed}`;
  const head: DisplayLine[] = [
    line(`${title}${' '.repeat(Math.max(2, width - title.length - right.length))}${right}`, 'title'),
    line('─'.repeat(width), 'dim'),
    line(truncate(s.query ? `filter: ${s.query}▏` : 'filter: (type to filter)', width), s.query ? 'mark' : 'dim'),
  ];
  const chosen = s.filtered[s.selected];
  const detail: DisplayLine[] = chosen
    ? [
        line('─'.repeat(width), 'dim'),
        line(truncate(`${chosen.title} (${chosen.id})`, width), 'title'),
        ...clampLines(
          wrapText(chosen.goal, width).map((t) => line(t)),
          2,
        ),
      ]
    : [];
  const footer = [line('─'.repeat(width), 'dim'), ...keyHintLines(CATALOGUE_KEYS, width)];
  const height = Math.max(1, s.rows - 1 - head.length - detail.length - footer.length);
  if (s.filtered.length === 0) {
    const message =
      s.total === 0 ? 'This build has no scenarios.' : `No scenario matches "${s.query}". Esc clears the filter.`;
    const none = line(truncate(message, width), 'warn');
    return [...head, none, ...footer];
  }
  const rows = catalogueRows(s.filtered);
  const idWidth = Math.min(24, Math.max(...s.filtered.map((e) => e.id.length)));
  const focus = rows.findIndex((r) => r.kind === 'scenario' && r.scenario === chosen);
  // when the list does not fit, its last line says how many scenarios are out of sight, and where
  const fits = rows.length <= height;
  const { start, end } = visibleWindow(rows.length, focus, fits ? height : Math.max(1, height - 1));
  const body = rows.slice(start, end).map((r) => {
    if (r.kind === 'group') return line(r.label, 'title');
    const isChosen = r.scenario === chosen;
    const text = `${isChosen ? ' ▶ ' : '   '}${padEnd(r.scenario.id, idWidth)}  ${r.scenario.goal}`;
    return line(truncate(text, width), isChosen ? 'mark' : undefined);
  });
  if (!fits) {
    const hidden = (part: typeof rows) => part.filter((r) => r.kind === 'scenario').length;
    const above = hidden(rows.slice(0, start));
    const below = hidden(rows.slice(end));
    const parts = [...(above > 0 ? [`↑ ${above} more above`] : []), ...(below > 0 ? [`↓ ${below} more below`] : [])];
    if (parts.length > 0) body.push(line(truncate(`   ${parts.join(' · ')} (↑↓ to move)`, width), 'dim'));
  }
  return [...head, ...body, ...detail, ...footer];
}
