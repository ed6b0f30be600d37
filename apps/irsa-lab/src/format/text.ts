/**
 * Text primitives shared by the terminal app and the plain transcript: a
 * display line with a tone (colour is chosen by the renderer, not here),
 * word wrapping and truncation to a column budget. Widths are terminal
 * columns measured with string-width, as Ink measures them (a CJK character
 * or an emoji takes 2, a combining mark 0), and lines are cut between
 * graphemes, never inside one.
 */
import stringWidth from 'string-width';

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

/** Printable ASCII: one column and one grapheme per character. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/**
 * Text of code points that nothing joins (Grapheme_Cluster_Break Other,
 * Unicode rule GB999): printable ASCII and Latin-1 but the soft hyphen, Latin
 * Extended-A and -B, General Punctuation's spaces and punctuation, currency,
 * letterlike symbols, arrows, mathematical and technical symbols, box
 * drawing, blocks, shapes, dingbats, Braille: the app's own ─ ▶ … · ✗.
 * Such text is one grapheme per UTF-16 unit (all are in the BMP), so it is
 * measured without segmenting it. The test checks each against Intl.Segmenter.
 */
export const ONE_GRAPHEME_PER_UNIT =
  /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u024f\u2000-\u200a\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2100-\u27bf\u2800-\u28ff]*$/;
let segmenter: Intl.Segmenter | undefined;
/**
 * Each grapheme's width, measured once: string-width runs several Unicode
 * regexes on every grapheme it measures, and a frame measures the same few
 * (─ ▶ … ·) over and over. A terminal's worth of distinct graphemes is small.
 */
const widths = new Map<string, number>();

function widthOf(grapheme: string): number {
  let width = widths.get(grapheme);
  if (width === undefined) {
    width = stringWidth(grapheme);
    if (widths.size < 4096) widths.set(grapheme, width);
  }
  return width;
}

/** The user-perceived characters of `text` (a base and its combining marks, an emoji sequence), each with its width. */
function graphemes(text: string): { readonly text: string; readonly columns: number }[] {
  if (ONE_GRAPHEME_PER_UNIT.test(text)) return Array.from(text, (c) => ({ text: c, columns: widthOf(c) }));
  // built on first use: the first Intl.Segmenter loads ICU's break rules
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), ({ segment }) => ({ text: segment, columns: widthOf(segment) }));
}

/**
 * How many terminal columns `text` takes, as Ink measures it (string-width):
 * a CJK character or an emoji takes 2, a combining mark 0. The text is plain:
 * colour comes from tones, never escape codes.
 */
export function columns(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  if (ONE_GRAPHEME_PER_UNIT.test(text)) for (const c of text) width += widthOf(c);
  else for (const g of graphemes(text)) width += g.columns;
  return width;
}

/** The longest start of `text` that fits in `width` columns (at least one grapheme, so splitting always moves on). */
function fitStart(text: string, width: number): { readonly head: string; readonly rest: string } {
  let head = '';
  let used = 0;
  for (const part of graphemes(text)) {
    if (head !== '' && used + part.columns > width) break;
    head += part.text;
    used += part.columns;
  }
  return { head, rest: text.slice(head.length) };
}

/** Cut `text` to at most `width` columns, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (columns(text) <= width) return text;
  if (width === 1) return '…';
  const { head } = fitStart(text, width - 1);
  return `${columns(head) <= width - 1 ? head : ''}…`;
}

/** Word-wrap `text` to `width` columns; words longer than a line are split. Keeps explicit newlines. */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    let currentColumns = 0;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      let restColumns = columns(rest);
      while (restColumns > w) {
        if (current) {
          out.push(current);
          current = '';
          currentColumns = 0;
        }
        const split = fitStart(rest, w);
        out.push(split.head);
        rest = split.rest;
        restColumns = columns(rest);
      }
      if (!rest) continue;
      if (!current) {
        current = rest;
        currentColumns = restColumns;
      } else if (currentColumns + 1 + restColumns <= w) {
        current = `${current} ${rest}`;
        currentColumns += 1 + restColumns;
      } else {
        out.push(current);
        current = rest;
        currentColumns = restColumns;
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

/** Pad `text` with spaces to `width` columns (never cuts). */
export function padEnd(text: string, width: number): string {
  const n = columns(text);
  return n >= width ? text : text + ' '.repeat(width - n);
}

/** Wrap one line to `width`, keeping its leading indentation on every continuation line. */
export function wrapIndented(text: string, width: number): string[] {
  if (columns(text) <= width) return [text];
  const indent = /^\s*/.exec(text)?.[0] ?? '';
  const inner = Math.max(1, width - indent.length - 2);
  return wrapText(text.slice(indent.length), inner).map((t, i) => `${indent}${i === 0 ? '' : '  '}${t}`);
}
