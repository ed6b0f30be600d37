/**
 * Test helpers: render the app with fixture scenarios and drive it with key
 * presses. `frame(text)` waits until the last frame shows `text`, then
 * yields a macrotask so useInput re-subscribes before the next key (Ink 6
 * dropped keys written before that; harmless since Ink 7:
 * docs/dependencies.md#ink-68--80-through-7).
 */
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { expect, vi } from 'vitest';

// The app imports the engine (and with it the whole simulated world) on first use; load it
// here, while the test file is being imported, rather than inside the first test's time limit.
await import('@irsa-lab/scenarios');

export const KEY = {
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  up: '\u001B[A',
  down: '\u001B[B',
  backspace: '\u007F',
} as const;

export function drive(element: ReactElement) {
  const r = render(element);
  const frame = async (text: string) => {
    await vi.waitFor(() => expect(r.lastFrame()).toContain(text), { timeout: 20_000, interval: 5 });
    await new Promise((resolve) => setImmediate(resolve));
  };
  const gone = async (text: string) => {
    await vi.waitFor(() => expect(r.lastFrame()).not.toContain(text), { timeout: 20_000, interval: 5 });
    await new Promise((resolve) => setImmediate(resolve));
  };
  /** Write `keys`, then wait for `text` to appear. */
  const press = async (keys: string, text: string) => {
    r.stdin.write(keys);
    await frame(text);
  };
  /** The frame below the scroll-back: what the live area shows now. */
  const live = () => {
    const all = r.lastFrame() ?? '';
    const i = all.indexOf('irsa-lab ▸');
    return i < 0 ? all : all.slice(i);
  };
  return { ...r, frame, gone, press, live };
}
