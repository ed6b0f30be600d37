/**
 * Lines: prints display lines, one Ink <Text> each, colouring them by tone.
 * Every screen is computed as lines by a pure helper and drawn through this.
 */
import { Box, Text } from 'ink';
import type { DisplayLine, Tone } from '../format/text.js';

const STYLE: Readonly<Record<Tone, { color?: string; bold?: boolean; dimColor?: boolean }>> = {
  ok: { color: 'green' },
  bad: { color: 'red' },
  dim: { dimColor: true },
  mark: { color: 'cyan' },
  title: { bold: true },
  warn: { color: 'yellow' },
};

export interface LinesProps {
  readonly lines: readonly DisplayLine[];
}

export function Lines({ lines }: LinesProps) {
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        // lines have no identity of their own; their position is their key
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Text key={i} wrap="truncate-end" {...(l.tone ? STYLE[l.tone] : {})}>
          {l.text === '' ? ' ' : l.text}
        </Text>
      ))}
    </Box>
  );
}
