/**
 * App: the catalogue and the walkthrough, the help overlay, and a message
 * instead of a broken layout when the terminal is too small. It takes the
 * catalogue and seed as props, so tests hand it fixture scenarios; the
 * terminal size can be fixed the same way.
 */
import { Box, Static, useApp, useInput, useStdout } from 'ink';
import { useCallback, useState } from 'react';
import type { CatalogueItem } from '../catalogue-item.js';
import { helpOverlay } from '../format/overlays.js';
import { type DisplayLine, line, wrapText } from '../format/text.js';
import { CatalogueScreen } from './catalogue-screen.js';
import { Lines } from './lines.js';
import { useSyncState } from './use-sync-state.js';
import { MIN_SIZE, type TerminalSize, useTerminalSize } from './use-terminal-size.js';
import { WalkthroughScreen } from './walkthrough-screen.js';

export interface AppProps {
  /** The scenarios to offer: full definitions, or catalogue lines that load theirs on demand. */
  readonly catalogue: readonly CatalogueItem[];
  readonly seed: number;
  /** Fixed terminal size; by default the real terminal's, following resizes. */
  readonly size?: TerminalSize;
}

/** Erase the screen and put the cursor at the top. */
export const CLEAR_SCREEN = '\u001b[2J\u001b[H';

/** A line printed once above the live area (a finished step's summary). */
interface PrintedLine {
  readonly id: number;
  readonly line: DisplayLine;
}

type Screen =
  | { readonly kind: 'catalogue'; readonly query: string }
  | { readonly kind: 'walkthrough'; readonly scenario: CatalogueItem; readonly query: string };

/** The message shown instead of the app while the terminal is smaller than MIN_SIZE. */
export function tooSmallLines(size: TerminalSize): DisplayLine[] {
  const text =
    `The terminal is ${size.columns}×${size.rows}; irsa-lab needs at least ${MIN_SIZE.columns}×${MIN_SIZE.rows}. ` +
    'Enlarge the window to continue, or press q to quit.';
  return wrapText(text, Math.max(10, size.columns)).map((t) => line(t, 'warn'));
}

export function App({ catalogue, seed, size }: AppProps) {
  const { exit } = useApp();
  const term = useTerminalSize(size);
  const [screen, , setScreen] = useSyncState<Screen>({ kind: 'catalogue', query: '' });
  // the help overlay's scroll position, or undefined when it is closed
  const [help, getHelp, setHelp] = useSyncState<number | undefined>(undefined);
  const tooSmall = term.columns < MIN_SIZE.columns || term.rows < MIN_SIZE.rows;
  // The walkthrough's finished steps are printed once, above the live area, by the app's one <Static>, which
  // stays mounted for the app's whole life. Ink 6.8 keeps a pointer to a <Static> node after it unmounts and
  // reads the freed Yoga node's size on every later frame (vadimdemedes/ink#904, #979): once the allocator
  // reuses that memory the size is garbage, Ink allocates a width × garbage grid per frame, and the app froze
  // with its heap growing by gigabytes (leaving a finished walkthrough for the catalogue, then typing).
  const [printed, setPrinted] = useState<PrintedLine[]>([]);
  const print = useCallback((lines: readonly DisplayLine[]) => {
    setPrinted((p) => [...p, ...lines.map((l, i) => ({ id: p.length + i, line: l }))]);
  }, []);
  // Ink never takes printed lines back: a restart and leaving for the catalogue clear the screen first, then
  // draw again (a state change), or the old run's lines would stay above the new screen
  const { write } = useStdout();
  const [, setDrawn] = useState(0);
  const clearScreen = useCallback(() => {
    write(CLEAR_SCREEN);
    setDrawn((n) => n + 1);
  }, [write]);

  useInput(
    (input, key) => {
      const scroll = getHelp();
      if (input === 'q') exit();
      else if (tooSmall || scroll === undefined) return;
      else if (key.escape || input === '?') setHelp(undefined);
      else if (key.upArrow) setHelp(Math.max(0, scroll - 1));
      else if (key.downArrow) setHelp(Math.min(helpOverlay(term, 0, line('')).maxScroll, scroll + 1));
    },
    { isActive: help !== undefined || tooSmall },
  );

  const cover = tooSmall ? tooSmallLines(term) : undefined;
  const active = cover === undefined && help === undefined;
  const openHelp = () => setHelp(0);

  const body =
    screen.kind === 'walkthrough' ? (
      <WalkthroughScreen
        key={screen.scenario.id}
        scenario={screen.scenario}
        seed={seed}
        size={term}
        active={active}
        cover={cover}
        help={help}
        onBack={() => {
          clearScreen();
          setScreen({ kind: 'catalogue', query: screen.query });
        }}
        onHelp={openHelp}
        onQuit={exit}
        onClearScreen={clearScreen}
        onPrint={print}
      />
    ) : (
      <CatalogueScreen
        catalogue={catalogue}
        seed={seed}
        size={term}
        active={active}
        cover={cover}
        help={help}
        initialQuery={screen.query}
        onOpen={(scenario, query) => setScreen({ kind: 'walkthrough', scenario, query })}
        onHelp={openHelp}
        onQuit={exit}
      />
    );
  return (
    <Box flexDirection="column">
      <Static items={printed}>{(p) => <Lines key={p.id} lines={[p.line]} />}</Static>
      {body}
    </Box>
  );
}
