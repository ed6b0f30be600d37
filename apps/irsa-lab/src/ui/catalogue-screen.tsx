/**
 * The catalogue: scenarios grouped, filtered as the learner types, chosen
 * with arrows and Enter. Printable keys go to the filter, except `q` (quit)
 * and `?` (help) while the filter is empty.
 */
import { useInput } from 'ink';
import type { CatalogueItem } from '../catalogue-item.js';
import { bestMatchIndex, filterCatalogue } from '../format/catalogue.js';
import { catalogueLines } from '../format/catalogue-view.js';
import { helpOverlay } from '../format/overlays.js';
import type { DisplayLine } from '../format/text.js';
import { Lines } from './lines.js';
import { useSyncState } from './use-sync-state.js';
import type { TerminalSize } from './use-terminal-size.js';

export interface CatalogueScreenProps {
  readonly catalogue: readonly CatalogueItem[];
  readonly seed: number;
  readonly size: TerminalSize;
  /** False while an overlay has the keyboard. */
  readonly active: boolean;
  readonly initialQuery?: string;
  /** Lines to show instead of the catalogue (help, terminal too small); its state is kept meanwhile. */
  readonly cover?: readonly DisplayLine[] | undefined;
  /** The help overlay's scroll position while it is open (the app handles its keys). */
  readonly help?: number | undefined;
  onOpen(scenario: CatalogueItem, query: string): void;
  onHelp(): void;
  onQuit(): void;
}

interface Selection {
  readonly query: string;
  readonly selected: number;
}

export function CatalogueScreen(props: CatalogueScreenProps) {
  const { catalogue, seed, size, active, onOpen, onHelp, onQuit } = props;
  const select = (query: string): Selection => ({
    query,
    selected: bestMatchIndex(filterCatalogue(catalogue, query), query),
  });
  const [view, get, set] = useSyncState<Selection>(() => select(props.initialQuery ?? ''));
  const filtered = filterCatalogue(catalogue, view.query);

  useInput(
    (input, key) => {
      const { query, selected } = get();
      const matching = filterCatalogue(catalogue, query);
      if (key.return) {
        const chosen = matching[Math.min(selected, matching.length - 1)];
        if (chosen) onOpen(chosen, query);
      } else if (key.upArrow) set({ query, selected: Math.max(0, selected - 1) });
      else if (key.downArrow) set({ query, selected: Math.min(Math.max(0, matching.length - 1), selected + 1) });
      else if (key.escape) set(select(''));
      // Esc and a letter typed fast arrive as one sequence, which Ink reads as Alt+letter: both keys count
      else if (key.meta && input.length === 1 && /^[\w .:/-]$/.test(input)) set(select(input));
      else if (key.backspace || key.delete) set(select(query.slice(0, -1)));
      else if (input === '?' && !key.ctrl) onHelp();
      else if (input === 'q' && query === '') onQuit();
      else if (input && !key.ctrl && !key.meta && !key.tab && /^[\w .:/-]+$/.test(input)) set(select(query + input));
    },
    { isActive: active },
  );

  if (props.cover) return <Lines lines={props.cover} />;
  if (props.help !== undefined) return <Lines lines={helpOverlay(size, props.help).lines} />;
  const lines = catalogueLines({
    filtered,
    total: catalogue.length,
    query: view.query,
    selected: Math.min(view.selected, Math.max(0, filtered.length - 1)),
    seed,
    columns: size.columns,
    rows: size.rows,
  });
  return <Lines lines={lines} />;
}
