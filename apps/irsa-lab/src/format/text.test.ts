/** Unit tests of the text primitives: truncation, wrapping, indentation, clamping. */
import { describe, expect, it } from 'vitest';
import { clampLines, line, truncate, wrapIndented, wrapText } from './text.js';

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
