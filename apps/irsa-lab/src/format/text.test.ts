/** Unit tests of the text primitives: truncation, wrapping, indentation, clamping, all in terminal columns. */

import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { clampLines, columns, line, ONE_GRAPHEME_PER_UNIT, padEnd, truncate, wrapIndented, wrapText } from './text.js';

describe('text', () => {
  it('truncates with an ellipsis only when needed', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
    expect(truncate('abc', 0)).toBe('');
  });

  it('wraps words to the width, splitting words longer than a line', () => {
    expect(wrapText('the quick brown fox', 10)).toEqual(['the quick', 'brown fox']);
    expect(wrapText('abcdefghij klm', 4)).toEqual(['abcd', 'efgh', 'ij', 'klm']);
    expect(wrapText('one\ntwo', 20)).toEqual(['one', 'two']);
    for (const l of wrapText('a '.repeat(50), 7)) expect(l.length).toBeLessThanOrEqual(7);
  });

  it('keeps indentation when wrapping a trace line', () => {
    expect(wrapIndented('    ✗ sub does not match the condition', 20)).toEqual([
      '    ✗ sub does not',
      '      match the',
      '      condition',
    ]);
  });

  it('clamps lines and says how many were hidden', () => {
    const lines = ['a', 'b', 'c', 'd'].map((t) => line(t));
    expect(clampLines(lines, 4)).toEqual(lines);
    expect(clampLines(lines, 3).map((l) => l.text)).toEqual(['a', 'b', '… 2 more lines']);
  });
});

describe('text in terminal columns', () => {
  // 日本 is two wide characters (4 columns); é is e and a combining acute accent (1 column, 2 code points)
  const WIDE = '日本';
  const COMBINING = 'e\u0301';

  it('measures wide characters as 2 columns and combining marks as 0', () => {
    expect(columns(WIDE)).toBe(4);
    expect(columns(COMBINING)).toBe(1);
    expect(columns('🔑 key')).toBe(6);
    expect(columns('plain')).toBe(5);
    for (const text of ['👩‍💻 dev', '🇩🇪 flag', '✗ ▶ ─── … ·', `${WIDE}${COMBINING}─x`, 'ｶﾞ', '한국어', '\u200b']) {
      expect(columns(text), text).toBe(stringWidth(text));
    }
  });

  it('measures text of code points nothing joins without segmenting it: each is one grapheme (checked by Intl.Segmenter)', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const count = (text: string) => [...segmenter.segment(text)].length;
    const joined: string[] = [];
    let checked = 0;
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      if (!ONE_GRAPHEME_PER_UNIT.test(c)) continue;
      checked++;
      if (count(`${c}${c}`) !== 2 || count(`e${c}`) !== 2 || count(`${c}e`) !== 2 || columns(c) !== stringWidth(c)) {
        joined.push(code.toString(16));
      }
    }
    expect(joined).toEqual([]);
    expect(checked).toBeGreaterThan(2000);
    expect(ONE_GRAPHEME_PER_UNIT.test(COMBINING)).toBe(false);
  });

  it('pads to columns', () => {
    expect(padEnd(WIDE, 6)).toBe(`${WIDE}  `);
    expect(padEnd(`caf${COMBINING}`, 6)).toBe(`caf${COMBINING}  `);
  });

  it('truncates to columns, never inside a wide character or between a letter and its mark', () => {
    expect(truncate('日本語のテキスト', 7)).toBe('日本語…');
    expect(truncate('日本語のテキスト', 6)).toBe('日本…');
    expect(truncate(`${WIDE}語`, 6)).toBe(`${WIDE}語`);
    expect(truncate(`caf${COMBINING}s and more`, 5)).toBe(`caf${COMBINING}…`);
    expect(truncate(WIDE, 2)).toBe('…');
    for (let width = 1; width <= 12; width++)
      expect(columns(truncate('日本語のテキスト', width))).toBeLessThanOrEqual(width);
  });

  it('wraps to columns, splitting long words between graphemes', () => {
    expect(wrapText('日本語のテキスト', 6)).toEqual(['日本語', 'のテキ', 'スト']);
    expect(wrapText('日本 語の テキスト', 9)).toEqual(['日本 語の', 'テキスト']);
    expect(wrapText(`${COMBINING.repeat(5)} x`, 3)).toEqual([COMBINING.repeat(3), COMBINING.repeat(2), 'x']);
    for (const l of wrapText('日本語 の テキスト を 折り返す '.repeat(5), 7)) expect(columns(l)).toBeLessThanOrEqual(7);
  });

  it('keeps indentation when wrapping wide text', () => {
    expect(wrapIndented('  ✗ 日本語のテキスト', 10)).toEqual(['  ✗', '    日本語', '    のテキ', '    スト']);
  });
});
