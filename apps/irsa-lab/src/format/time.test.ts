/** Unit tests of simulated-time formatting: the clock, durations, relative times, NumericDates. */
import { describe, expect, it } from 'vitest';
import { describeNumericDate, formatClock, formatDuration, formatRelative, formatShortClock } from './time.js';

const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const M = 60_000;
const H = 60 * M;

describe('formatClock', () => {
  it('prints the simulated clock with seconds and a Z', () => {
    expect(formatClock(START)).toBe('2026-01-05 09:00:00Z');
    expect(formatClock(START + 19 * H + 12 * M + 999)).toBe('2026-01-06 04:12:00Z');
    expect(formatShortClock(START + 7 * 24 * H)).toBe('Jan 12 09:00');
    expect(formatClock(Number.NaN)).toBe('invalid time');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [5 * M, '5m'],
    [5 * M + 30_000, '5m30s'],
    [H, '1h'],
    [19 * H + 12 * M, '19h12m'],
    [24 * H, '1d'],
    [26 * H + 59 * M, '1d2h'],
    [7 * 24 * H, '7d'],
    [-90 * M, '-1h30m'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('says how far away an event is', () => {
    expect(formatRelative(START + 19 * H + 12 * M, START)).toBe('in 19h12m');
    expect(formatRelative(START - 2 * 24 * H, START)).toBe('2d ago');
    expect(formatRelative(START + 500, START)).toBe('now');
  });

  it('shows JWT NumericDates with their clock time', () => {
    expect(describeNumericDate(START / 1000)).toBe('1767603600 (2026-01-05 09:00:00Z)');
  });
});
