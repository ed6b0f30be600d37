/**
 * Text primitives shared by the terminal app and the plain transcript: a
 * display line with a tone (colour is chosen by the renderer, not here),
 * word wrapping and truncation to a column budget.
 */

/** How a line should look; the Ink renderer maps tones to colours, the plain transcript ignores them. */
export type Tone = 'ok' | 'bad' | 'dim' | 'mark' | 'title' | 'warn';

export interface DisplayLine {
  readonly text: string;
  readonly tone?: Tone;
}

/** A display line, dropping an undefined tone so lines compare cleanly in tests. */
export function line(text: string, tone?: Tone): DisplayLine {
  return tone ? { text, tone } : { text };
}

/** Cut `text` to at most `width` characters, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length <= width) return text;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** Word-wrap `text` to `width` columns; words longer than a line are split. Keeps explicit newlines. */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      while ([...rest].length > w) {
        if (current) {
          out.push(current);
          current = '';
        }
        out.push([...rest].slice(0, w).join(''));
        rest = [...rest].slice(w).join('');
      }
      if (!rest) continue;
      if (!current) current = rest;
      else if ([...current].length + 1 + [...rest].length <= w) current = `${current} ${rest}`;
      else {
        out.push(current);
        current = rest;
      }
    }
    out.push(current);
  }
  return out;
}

/** Keep at most `max` lines; when cut, the last kept line says how many were hidden. */
export function clampLines(lines: readonly DisplayLine[], max: number): DisplayLine[] {
  if (lines.length <= max) return [...lines];
  if (max <= 0) return [];
  const kept = lines.slice(0, max - 1);
  return [...kept, line(`… ${lines.length - kept.length} more lines`, 'dim')];
}

/** Pad `text` with spaces to `width` characters (never cuts). */
export function padEnd(text: string, width: number): string {
  const n = [...text].length;
  return n >= width ? text : text + ' '.repeat(width - n);
}

/** Wrap one line to `width`, keeping its leading indentation on every continuation line. */
export function wrapIndented(text: string, width: number): string[] {
  if ([...text].length <= width) return [text];
  const indent = /^\s*/.exec(text)?.[0] ?? '';
  const inner = Math.max(1, width - indent.length - 2);
  return wrapText(text.slice(indent.length), inner).map((t, i) => `${indent}${i === 0 ? '' : '  '}${t}`);
}
