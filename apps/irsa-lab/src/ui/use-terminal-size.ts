/**
 * useTerminalSize: the terminal's columns and rows, following resizes. A
 * fixed size can be passed in (tests, and terminals that report none).
 */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** Smallest terminal the walkthrough is laid out for. */
export const MIN_SIZE: TerminalSize = { columns: 80, rows: 24 };

export function useTerminalSize(fixed?: TerminalSize): TerminalSize {
  // Ink 8 types its stdout as any writable stream; the app renders to a terminal's (or a test's), which has a size
  const stdout = useStdout().stdout as NodeJS.WriteStream;
  const read = (): TerminalSize => ({
    columns: stdout.columns || MIN_SIZE.columns,
    rows: stdout.rows || MIN_SIZE.rows,
  });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize({ columns: stdout.columns || MIN_SIZE.columns, rows: stdout.rows || MIN_SIZE.rows });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}
