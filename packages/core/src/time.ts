/** Unit helpers: time inside the simulator is epoch ms; JWT NumericDate seconds exist only at the JWT boundary. */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Recently formatted instants (a call formats the same few: now, an expiration); emptied when full. */
const recentIso = new Map<number, string>();
const MAX_RECENT_ISO = 16;

/** Epoch ms to ISO-8601 without milliseconds, as AWS writes timestamps (2026-11-28T21:19:43Z). */
export function isoSeconds(ms: number): string {
  let text = recentIso.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (recentIso.size >= MAX_RECENT_ISO) recentIso.clear();
    recentIso.set(ms, text);
  }
  return text;
}

/** Epoch ms to JWT NumericDate (whole seconds). */
export function toNumericDate(ms: number): number {
  return Math.floor(ms / 1000);
}

/** The default start of simulated time: 2026-01-05T09:00:00Z, a Monday morning. */
export const DEFAULT_START_MS = Date.UTC(2026, 0, 5, 9, 0, 0);
