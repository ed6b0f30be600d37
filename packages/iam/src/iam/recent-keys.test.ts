/**
 * RecentKeys, the bounded FIFO behind STS's remembered traces and the
 * credential store: what is kept and what is forgotten, and in
 * which order, across the compactions of its array.
 */
import { describe, expect, it } from 'vitest';
import { RecentKeys } from './recent-keys.js';

describe('RecentKeys', () => {
  it('is a FIFO: peek and shift give the oldest key, across many compactions', () => {
    const q = new RecentKeys<number>();
    expect(q.peek()).toBeUndefined();
    expect(q.shift()).toBeUndefined();
    let next = 0;
    let oldest = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 300; i++) q.push(next++);
      for (let i = 0; i < 250; i++) {
        expect(q.peek()).toBe(oldest);
        expect(q.shift()).toBe(oldest++);
      }
      expect(q.size).toBe(next - oldest);
    }
    while (q.size > 0) expect(q.shift()).toBe(oldest++);
    expect(oldest).toBe(next);
  });
});
