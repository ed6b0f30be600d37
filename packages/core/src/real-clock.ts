/**
 * The one real-clock adapter. The simulation never reads the wall clock; a
 * boundary with real clients does: real SDKs sign requests with their own
 * clock (SigV4 X-Amz-Date), and serve mode runs simulated time alongside
 * real time. Pass this where such a boundary needs it.
 */
import type { Clock } from './clock.js';

/** The machine's wall clock. */
export const wallClock: Clock = Object.freeze({ nowMs: () => Date.now() });
