/**
 * The worker-thread side of a learner's sandbox (see sandbox.ts): it imports
 * the learner's module with tsx, runs the calls
 * the checker sends, and calls the checker's functions back (fetch, now,
 * readFile, ...) when learner code uses them.
 *
 * A call back into the checker blocks this thread until the answer comes
 * (Atomics.wait, then the answer is taken off a port of its own): a
 * synchronous function such as now() or readFile() must stay synchronous
 * for the learner's code. An asynchronous one (fetch) answers the same way
 * once its promise settles on the checker's side, and the learner gets a
 * settled promise: the simulation runs in memory, so nothing in this
 * thread had anything to do meanwhile.
 */
import { format } from 'node:util';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import {
  type ConsoleLevel,
  decode,
  encode,
  type FromWorker,
  type HostAnswer,
  type Register,
  type SandboxBoot,
  type ToWorker,
} from './sandbox-wire.js';

const port = parentPort;
if (!port) throw new Error('sandbox-worker runs in a worker thread only');
const { answers, signal } = workerData as SandboxBoot;
const flag = new Int32Array(signal);

// a throw in learner code then points at the learner's own line (tsx inlines source maps)
process.setSourceMapsEnabled(true);

// learner logging goes to the checker's console, as it did before the sandbox (the runner shows it above its frame)
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const satisfies readonly ConsoleLevel[]) {
  console[level] = (...data: unknown[]) => port.postMessage({ type: 'console', level, text: format(...data) });
}

const learnerFns = new Map<number, { fn: (...args: unknown[]) => unknown; self: unknown }>();
let nextId = 1;
const register: Register = (fn, self) => {
  const id = nextId++;
  learnerFns.set(id, { fn, self });
  return id;
};

/** A function of the checker's, called synchronously from learner code. */
const hostFunction =
  (fn: number) =>
  (...args: unknown[]): unknown => {
    Atomics.store(flag, 0, 0);
    port.postMessage({ type: 'host', fn, args: encode(args, register) } satisfies FromWorker);
    Atomics.wait(flag, 0, 0);
    const answer = receiveMessageOnPort(answers)?.message as HostAnswer | undefined;
    if (!answer) throw new Error('the checker did not answer a call back (a bug in the lab)');
    const value = decode(answer.value, hostFunction);
    if (answer.async) return answer.ok ? Promise.resolve(value) : Promise.reject(value);
    if (!answer.ok) throw value;
    return value;
  };

function reply(id: number, ok: boolean, value: unknown): void {
  try {
    port?.postMessage({ type: 'done', id, ok, value: encode(value, register) } satisfies FromWorker);
  } catch (err) {
    // a value structured clone refuses (a Map holding functions, say)
    const why = new TypeError(`the value cannot be handed to the checker: ${(err as Error).message}`);
    port?.postMessage({ type: 'done', id, ok: false, value: encode(why, register) } satisfies FromWorker);
  }
}

port.on('message', async (m: ToWorker) => {
  try {
    if (m.type === 'load') {
      // through tsx, which the thread registered before loading this file (sandbox.ts): ESM or CommonJS (a lab
      // folder without package.json), no tsconfig
      reply(m.id, true, await import(m.url));
      return;
    }
    const target = learnerFns.get(m.fn);
    if (!target) throw new Error(`no function #${m.fn} in the sandbox (a bug in the lab)`);
    const args = decode(m.args, hostFunction) as unknown[];
    reply(m.id, true, await target.fn.apply(target.self, args));
  } catch (err) {
    reply(m.id, false, err);
  }
});

port.postMessage({ type: 'ready' } satisfies FromWorker);
