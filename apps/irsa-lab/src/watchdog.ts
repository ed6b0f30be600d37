/**
 * A watchdog for the interactive app: a worker thread that notices when the
 * main thread has stopped turning (a render or a step that never ends) and
 * still lets the learner out. Keys, Ctrl-C included, and SIGTERM are all
 * handled by JavaScript on the main thread (Ink reads the terminal in raw
 * mode, signal-exit listens for SIGTERM), so a frozen main thread ignores
 * them. While the main thread is stalled the worker reads the terminal
 * itself: Ctrl-C or q restores the terminal and ends the process; any other
 * key is handed back to the app. A stall past `giveUpAfterMs` ends the app
 * with a message, so a SIGTERM is never ignored for longer than that.
 */
import { Worker } from 'node:worker_threads';

export interface WatchdogOptions {
  /** How long without a heartbeat counts as stalled (the worker starts reading keys). */
  readonly stalledAfterMs?: number;
  /** How long a stall may last before the app is ended. */
  readonly giveUpAfterMs?: number;
  /** Printed on the way out, after the reason (what to report). */
  readonly report: string;
}

export interface Watchdog {
  stop(): void;
}

// The worker's code, as a CommonJS string, so the bundle needs no second file. Shared memory: [0] the main
// thread's heartbeat counter, [1] set to 1 when the watchdog is stopped.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const shared = new Int32Array(workerData.shared);
const pause = new Int32Array(new SharedArrayBuffer(4));
const { stalledAfterMs, giveUpAfterMs, report } = workerData;
const keys = Buffer.alloc(256);
let beat = Atomics.load(shared, 0);
let beatAt = Date.now();
let tty = -1;

function end(why) {
  // the terminal as Ink found it: cooked mode, echo, the cursor shown, on a fresh line
  spawnSync('stty', ['sane'], { stdio: ['inherit', 'ignore', 'ignore'] });
  try { fs.writeSync(1, '\\u001b[?25h\\n'); } catch {}
  try { fs.writeSync(2, 'irsa-lab: ' + why + '. ' + report + '\\n'); } catch {}
  process.kill(process.pid, 'SIGKILL');
}

for (;;) {
  Atomics.wait(pause, 0, 0, 100);
  if (Atomics.load(shared, 1) === 1) break;
  const now = Atomics.load(shared, 0);
  if (now !== beat) {
    beat = now;
    beatAt = Date.now();
    if (tty >= 0) { fs.closeSync(tty); tty = -1; }
    continue;
  }
  const stalledMs = Date.now() - beatAt;
  if (stalledMs < stalledAfterMs) continue;
  if (stalledMs >= giveUpAfterMs) end('the screen had not updated for ' + Math.round(stalledMs / 1000) + ' s, so the app was stopped');
  if (tty === -1) {
    try { tty = fs.openSync('/dev/tty', fs.constants.O_RDONLY | fs.constants.O_NONBLOCK); } catch { tty = -2; }
  }
  if (tty < 0) continue;
  let n = 0;
  try { n = fs.readSync(tty, keys); } catch { n = 0; } // EAGAIN: nothing typed
  if (n === 0) continue;
  const typed = keys.subarray(0, n);
  if (typed.includes(3) || typed.includes(0x71)) end('stopped on ' + (typed.includes(3) ? 'Ctrl-C' : 'q') + ' while the screen was not updating');
  parentPort.postMessage(Buffer.from(typed));
}
`;

/** Start the watchdog for this process; `stop()` ends it (call it once the app has exited). */
export function startWatchdog(options: WatchdogOptions): Watchdog {
  const shared = new SharedArrayBuffer(8);
  const beats = new Int32Array(shared);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      shared,
      stalledAfterMs: options.stalledAfterMs ?? 1_000,
      giveUpAfterMs: options.giveUpAfterMs ?? 10_000,
      report: options.report,
    },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  // keys the worker read while the app was stalled go back to the app, in order, once it turns again
  worker.on('message', (typed: Uint8Array) => process.stdin.push(Buffer.from(typed)));
  worker.on('error', () => {}); // a watchdog that fails must not take the app with it
  const heartbeat = setInterval(() => Atomics.add(beats, 0, 1), 100);
  heartbeat.unref();
  return {
    stop() {
      clearInterval(heartbeat);
      Atomics.store(beats, 1, 1);
      void worker.terminate();
    },
  };
}
