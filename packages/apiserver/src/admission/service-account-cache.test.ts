/**
 * The webhook's ServiceAccount cache on its own: what a lookup sees at a
 * time, and what the cache forgets. It may forget a change only once a
 * later one is visible (no lookup can return it any more), so it holds the
 * visible change plus those of the last lag window, however many. Lookups
 * here are never earlier than the last change recorded: simulated time
 * only moves on.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceAccount } from '../types.js';
import { ServiceAccountCache } from './service-account-cache.js';

const LAG_MS = 1000;

function sa(role: string): ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      namespace: 'payments',
      name: 'billing',
      uid: '6f1c7c1e-0000-4000-8000-000000000001',
      resourceVersion: '1',
      creationTimestamp: '2026-01-05T09:00:00Z',
      annotations: { 'eks.amazonaws.com/role-arn': role },
    },
  };
}
const roleOf = (found: ServiceAccount | undefined) => found?.metadata.annotations?.['eks.amazonaws.com/role-arn'];

describe('ServiceAccountCache', () => {
  it('shows each change once it is lagMs old, and nothing before the first', () => {
    const cache = new ServiceAccountCache(LAG_MS);
    cache.record('payments', 'billing', 0, sa('one'));
    expect(cache.get('payments', 'billing', LAG_MS - 1)).toBeUndefined();
    expect(roleOf(cache.get('payments', 'billing', LAG_MS))).toBe('one');
    cache.record('payments', 'billing', 5000, undefined); // deleted
    expect(roleOf(cache.get('payments', 'billing', 5999))).toBe('one');
    expect(cache.get('payments', 'billing', 6000)).toBeUndefined();
  });

  it('changes exactly lagMs apart: each supersedes the one before, which is forgotten', () => {
    const cache = new ServiceAccountCache(LAG_MS);
    for (let i = 0; i < 80; i++) cache.record('payments', 'billing', i * LAG_MS, sa(`r${i}`));
    // now (79 s) the change at 79 s is not visible yet; the one at 78 s is, and everything before it is gone
    expect(cache.changesHeld('payments', 'billing')).toBe(2);
    expect(roleOf(cache.get('payments', 'billing', 79 * LAG_MS))).toBe('r78');
    expect(roleOf(cache.get('payments', 'billing', 80 * LAG_MS))).toBe('r79');
  });

  it('forty changes inside one lag window: all kept with the visible one, which lookups still see', () => {
    const cache = new ServiceAccountCache(LAG_MS);
    cache.record('payments', 'billing', 0, sa('visible'));
    for (let i = 1; i <= 40; i++) cache.record('payments', 'billing', LAG_MS + i * 20, sa(`new${i}`));
    expect(cache.changesHeld('payments', 'billing')).toBe(41);
    expect(roleOf(cache.get('payments', 'billing', LAG_MS + 800))).toBe('visible');
    expect(roleOf(cache.get('payments', 'billing', 2 * LAG_MS + 800))).toBe('new40');
    // a change after the window: the forty are visible now, and all but the last are forgotten
    cache.record('payments', 'billing', 3 * LAG_MS, sa('later'));
    expect(cache.changesHeld('payments', 'billing')).toBe(2);
    expect(roleOf(cache.get('payments', 'billing', 3 * LAG_MS))).toBe('new40');
  });

  it('with no lag every change is visible at once, and only the latest is held', () => {
    const cache = new ServiceAccountCache(0);
    for (let i = 0; i < 5; i++) cache.record('payments', 'billing', 100, sa(`r${i}`));
    expect(cache.changesHeld('payments', 'billing')).toBe(1);
    expect(roleOf(cache.get('payments', 'billing', 100))).toBe('r4');
    expect(cache.changesHeld('payments', 'other')).toBe(0);
  });
});
