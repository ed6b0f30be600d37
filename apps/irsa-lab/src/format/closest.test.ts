/** Unit tests of "did you mean": edit distance and the closest scenario ids. */
import { describe, expect, it } from 'vitest';
import { closestIds, levenshtein } from './closest.js';

const IDS = [
  'happy-path',
  'least-privilege',
  'imds-leakage',
  'host-network',
  'key-rotation',
  'token-refresh',
  'token-theft',
];

describe('closest ids', () => {
  it('computes edit distance', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('same', 'same')).toBe(0);
  });

  it('suggests typos and partial names, closest first, and nothing for unrelated input', () => {
    expect(closestIds('happy-pth', IDS)).toEqual(['happy-path']);
    expect(closestIds('token', IDS)).toEqual(['token-refresh', 'token-theft']);
    expect(closestIds('key-rotaton', IDS)[0]).toBe('key-rotation');
    expect(closestIds('zzzzzzzz', IDS)).toEqual([]);
  });
});

describe('closest ids among similar names', () => {
  it('offers only the clear match when one id contains the input', () => {
    expect(closestIds('fixture-basic', ['fixture-basics', 'fixture-broken', 'fixture-expiry'])).toEqual([
      'fixture-basics',
    ]);
  });
});
