/** Unit tests of timeline strips: scaling, bars, marks, the now marker, the legend. */
import { describe, expect, it } from 'vitest';
import { columnOf, laneStrip, timelineLines } from './timeline.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

describe('timeline strips', () => {
  it('maps times onto columns across the range, clamped to the strip', () => {
    expect(columnOf(T0, T0, T0 + 10 * H, 11)).toBe(0);
    expect(columnOf(T0 + 5 * H, T0, T0 + 10 * H, 11)).toBe(5);
    expect(columnOf(T0 + 10 * H, T0, T0 + 10 * H, 11)).toBe(10);
    expect(columnOf(T0 + 99 * H, T0, T0 + 10 * H, 11)).toBe(10);
  });

  it('draws spans as bars, alternating fill so back-to-back spans stay apart, and marks as ◆', () => {
    const lane = {
      label: 'creds',
      spans: [
        { fromMs: T0, toMs: T0 + 4 * H, label: '' },
        { fromMs: T0 + 5 * H, toMs: T0 + 9 * H, label: '' },
      ],
      marks: [{ atMs: T0 + 10 * H, label: 'expiry' }],
    };
    expect(laneStrip(lane, T0, T0 + 10 * H, 11)).toBe('├━━━┤├═══┤◆');
  });

  it('writes a span label inside its bar when it fits', () => {
    const lane = { label: 'token', spans: [{ fromMs: T0, toMs: T0 + 10 * H, label: 'tok' }], marks: [] };
    expect(laneStrip(lane, T0, T0 + 10 * H, 11)).toBe('├tok━━━━━━┤');
  });

  it('lays out the axis, one row per lane, the now marker and a legend within the width', () => {
    const lines = timelineLines(
      [
        {
          label: 'token',
          spans: [{ fromMs: T0, toMs: T0 + 24 * H, label: 'token 1' }],
          marks: [{ atMs: T0 + 19.2 * H, label: 'refresh due' }],
        },
        { label: 'key', spans: [{ fromMs: T0, toMs: T0 + 7 * 24 * H, label: 'kid-a' }], marks: [] },
      ],
      { nowMs: T0 + 12 * H, width: 60 },
    );
    const text = lines.map((l) => l.text);
    expect(text[0]).toMatch(/^\s+Jan 05 09:00\s+Jan 12 09:00$/);
    expect(text[1]).toMatch(/^token\s+├━+◆━+┤·+$/);
    expect(text[2]).toMatch(/^key\s+├kid-a━+┤$/);
    expect(text[3]).toContain('▲ now Jan 05 21:00');
    expect(text[4]).toBe('token: ◆ refresh due Jan 06 04:12 (in 7h12m)');
    for (const t of text.slice(0, 4)) expect([...t].length).toBeLessThanOrEqual(60);
  });

  it('puts the now marker where the clock is, even past every span', () => {
    const lanes = [{ label: 'token', spans: [{ fromMs: T0, toMs: T0 + H, label: '' }], marks: [] }];
    const now = timelineLines(lanes, { nowMs: T0 + 10 * H, width: 40 })[2]?.text ?? '';
    expect(now.trimEnd().endsWith('▲')).toBe(true);
  });
});
