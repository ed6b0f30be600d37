/**
 * The faster Rng.chars, IdMaker.uuid and isoSeconds (sped up for the benchmarks) give exactly
 * what the straightforward versions gave: the same characters from the same
 * draws, the same ids for a seed, the same timestamps, cache or no cache.
 */

import { IdMaker, isoSeconds, Rng } from '@irsa-lab/core';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';

/** The character-at-a-time version chars() replaced, on the same generator Rng uses. */
function referenceChars(seed: number, calls: readonly [string, number][]): string[] {
  const gen = xoroshiro128plus((seed | 0) ^ Math.floor(seed / 2 ** 32));
  return calls.map(([alphabet, length]) => {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[uniformInt(gen, 0, alphabet.length - 1)];
    return s;
  });
}

/** The uuid() it replaced, over the same bytes. */
function referenceUuid(b: Uint8Array): string {
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

describe('Rng.chars', () => {
  it('draws the same characters as appending one at a time, for every kind of alphabet and length', () => {
    const calls: [string, number][] = [
      ['0123456789abcdef', 32],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 300],
      ['x', 5],
      ['ab', 0],
      ['abc', 2.5],
      ['éü\u00ff', 40], // Latin-1 beyond ASCII
      ['αβγδ€', 30], // not Latin-1: the other path
      ['😀a', 9], // surrogate halves are drawn as UTF-16 units, as before
      ['0123456789', 5000], // longer than the scratch buffer
      ['0123456789', 4096],
    ];
    for (const seed of [1, 7, 2 ** 40 + 3]) {
      const rng = new Rng(seed);
      expect(calls.map(([alphabet, length]) => rng.chars(alphabet, length))).toEqual(referenceChars(seed, calls));
    }
  });

  it('still refuses an empty alphabet, and returns nothing for no characters', () => {
    expect(() => new Rng(1).chars('', 3)).toThrow(new TypeError('bad range [0, -1]'));
    expect(new Rng(1).chars('', 0)).toBe('');
    expect(new Rng(1).chars('ab', Number.NaN)).toBe('');
  });
});

describe('IdMaker.uuid', () => {
  it('formats the same 16 bytes as before', () => {
    const ids = new IdMaker(new Rng(99));
    const bytes = new Rng(99);
    for (let i = 0; i < 200; i++) expect(ids.uuid()).toBe(referenceUuid(bytes.bytes(16)));
  });
});

describe('isoSeconds', () => {
  it('gives the same text with its small cache as without, over more instants than it keeps', () => {
    const plain = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const instants = Array.from({ length: 50 }, (_, i) => Date.UTC(2026, 0, 5, 9) + i * 61_001);
    for (let round = 0; round < 3; round++) {
      for (const ms of instants) expect(isoSeconds(ms)).toBe(plain(ms));
      for (const ms of instants.slice(0, 5)) expect(isoSeconds(ms)).toBe(plain(ms));
    }
    expect(isoSeconds(0)).toBe('1970-01-01T00:00:00Z');
    expect(isoSeconds(-0)).toBe('1970-01-01T00:00:00Z');
    expect(() => isoSeconds(Number.NaN)).toThrow(RangeError);
    expect(() => isoSeconds(Number.NaN)).toThrow(RangeError);
  });
});
