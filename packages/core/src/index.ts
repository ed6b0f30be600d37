/**
 * @irsa-lab/core: the core of every simulated world: the clock, the seeded
 * random source, id makers, the event log and the error type.
 */

export type { Clock, SimClockOptions, TimerHandle } from './clock.js';
export { SimClock, SkewedClock } from './clock.js';
export type { SimErrorCode, SimErrorDetail } from './errors.js';
export { describeError, isSimError, SimError } from './errors.js';
export type { EventListener, SimEvent, SimEventType } from './events.js';
export { EventLog } from './events.js';
export type { AwsIdPrefix } from './ids.js';
export { IdMaker } from './ids.js';
export { MASK_SHOWS_TAIL_FROM_LENGTH, maskSecret } from './mask-secret.js';
export { wallClock } from './real-clock.js';
export { Rng } from './rng.js';
export { DAY_MS, DEFAULT_START_MS, HOUR_MS, isoSeconds, MINUTE_MS, SECOND_MS, toNumericDate } from './time.js';
