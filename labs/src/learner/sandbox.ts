/**
 * A learner's TypeScript module, run in a worker thread of its own: a
 * synchronous endless loop in it cannot freeze the watch runner or
 * `labs check` (the thread is terminated after a time limit, see
 * ts-module.ts), and every check starts a fresh thread that is ended after
 * it, so checking again and again leaves no module behind (importing each
 * version into this process kept every one).
 *
 * Values cross as sandbox-wire.ts encodes them: the learner's functions
 * come back as async callables that run in the worker; the checker's
 * functions handed to learner code (fetch, now, readFile) run here, when
 * the worker calls them back.
 */
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import {
  decode,
  encode,
  type FromWorker,
  type HostAnswer,
  type Register,
  type ToWorker,
  type Wire,
} from './sandbox-wire.js';

/** Starting Node and tsx in the thread is the lab's work, not the learner's: generous for a loaded machine. */
const BOOT_LIMIT_MS = 60_000;

/**
 * The thread is gone: `stopped` by the checker (after a time limit, or at the end of the check), `crashed`
 * on an error thrown outside any call, or `exited` because learner code ended it (process.exit).
 */
export class SandboxEnded extends Error {
  override readonly name = 'SandboxEnded';
  constructor(
    readonly why: 'stopped' | 'crashed' | 'exited',
    readonly uncaught?: unknown,
  ) {
    super(`the learner module's thread ${why}`);
  }
}

/**
 * Registers tsx for the whole thread, once, then loads the worker side (it is .ts when the tests run the
 * sources, .js when built), which imports the learner's module with a plain import(). The thread runs one
 * check and ends, so nothing needs tsx's namespaces: a namespaced tsImport per module registered its hooks
 * again for each, about a third of a check's CPU (370 against 255 ms for the thread with lab 7's module).
 */
const BOOTSTRAP = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => {
  register({ tsconfig: false });
  return import(workerData.entry);
});
`;
const here = fileURLToPath(import.meta.url);
const WORKER_ENTRY = new URL(`./sandbox-worker${extname(here)}`, import.meta.url).href;

const live = new Set<LearnerSandbox>();

/** Sandboxes whose thread is running (for tests: none may outlive its check). */
export function liveSandboxes(): number {
  return live.size;
}

type Fn = (...args: unknown[]) => unknown;

/** One learner module in one worker thread. */
export class LearnerSandbox {
  readonly #worker: Worker;
  readonly #answers: MessagePort;
  readonly #flag = new Int32Array(new SharedArrayBuffer(4));
  readonly #hostFns = new Map<number, { fn: Fn; self: unknown }>();
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(err: unknown): void }>();
  readonly #ready: Promise<void>;
  #nextId = 1;
  #ended: SandboxEnded | undefined;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.#answers = port1;
    this.#worker = new Worker(BOOTSTRAP, {
      eval: true,
      // none of this process's flags (vitest's, --expose-gc, ...): the thread runs learner code only
      execArgv: [],
      workerData: {
        answers: port2,
        signal: this.#flag.buffer,
        tsx: import.meta.resolve('tsx/esm/api'),
        entry: WORKER_ENTRY,
      },
      transferList: [port2],
    });
    live.add(this);
    this.#ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the learner sandbox did not start within ${BOOT_LIMIT_MS / 1000} s`));
        void this.stop();
      }, BOOT_LIMIT_MS);
      this.#worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          clearTimeout(timer);
          resolve();
        } else this.#onMessage(m);
      });
      this.#worker.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
        this.#end(new SandboxEnded('crashed', err));
      });
      this.#worker.on('exit', () => {
        clearTimeout(timer);
        reject(new Error('the learner sandbox ended before it started'));
        this.#end(new SandboxEnded('exited'));
      });
    });
    // a failed start is reported by load(); no unhandled rejection meanwhile; an idle thread left behind
    // (never stopped) must not keep the process alive: only a start or a call in progress does (see #send)
    this.#ready.then(
      () => this.#idle(),
      () => {},
    );
  }

  #idle(): void {
    if (this.#pending.size === 0) this.#worker.unref();
  }

  /** Resolves once the thread runs (Node and tsx loaded); rejects if it could not start, which is the lab's fault. */
  started(): Promise<void> {
    return this.#ready;
  }

  /** Import the module at `path` in the thread; its exports, functions as async callables. */
  async load(path: string): Promise<Record<string, unknown>> {
    return (await this.#send({ type: 'load', id: this.#nextId++, url: pathToFileURL(path).href })) as Record<
      string,
      unknown
    >;
  }

  /** Terminate the thread; calls still waiting reject with SandboxEnded 'stopped'. */
  async stop(): Promise<void> {
    this.#end(new SandboxEnded('stopped'));
    await this.#worker.terminate();
  }

  #end(reason: SandboxEnded): void {
    live.delete(this);
    this.#ended ??= reason;
    for (const { reject } of this.#pending.values()) reject(this.#ended);
    this.#pending.clear();
    this.#answers.close();
  }

  #send(message: ToWorker): Promise<unknown> {
    if (this.#ended) return Promise.reject(this.#ended);
    return new Promise((resolve, reject) => {
      this.#pending.set(message.id, { resolve, reject });
      this.#worker.ref();
      this.#worker.postMessage(message);
    });
  }

  readonly #register: Register = (fn, self) => {
    const id = this.#nextId++;
    this.#hostFns.set(id, { fn, self });
    return id;
  };

  /** A learner function, called from here: it runs in the thread. */
  readonly #learnerFunction =
    (fn: number): Fn =>
    (...args) =>
      this.#send({ type: 'call', id: this.#nextId++, fn, args: encode(args, this.#register) });

  #onMessage(m: FromWorker): void {
    if (m.type === 'done') {
      const waiting = this.#pending.get(m.id);
      this.#pending.delete(m.id);
      this.#idle();
      const value = decode(m.value, this.#learnerFunction);
      if (m.ok) waiting?.resolve(value);
      else waiting?.reject(value);
    } else if (m.type === 'host') {
      this.#callHost(m.fn, m.args);
    } else if (m.type === 'console') {
      // the same console as before the sandbox: the runner shows it above its frame
      console[m.level](m.text);
    }
  }

  /** Learner code called a function of the checker's; the thread waits for the answer (sandbox-worker.ts). */
  #callHost(id: number, wireArgs: Wire): void {
    const answer = (ok: boolean, value: unknown, async: boolean) => {
      if (this.#ended) return;
      this.#answers.postMessage({ ok, value: encode(value, this.#register), async } satisfies HostAnswer);
      Atomics.store(this.#flag, 0, 1);
      Atomics.notify(this.#flag, 0);
    };
    const target = this.#hostFns.get(id);
    // the thread is blocked until the answer: a learner callback handed to the checker could never run
    const args = decode(wireArgs, () => () => {
      throw new TypeError('the lab does not call back functions passed to it');
    }) as unknown[];
    let result: unknown;
    try {
      if (!target) throw new Error(`no function #${id} in the checker (a bug in the lab)`);
      result = target.fn.apply(target.self, args);
    } catch (err) {
      answer(false, err, false);
      return;
    }
    if (typeof (result as { then?: unknown } | null)?.then === 'function') {
      (result as Promise<unknown>).then(
        (value) => answer(true, value, true),
        (err) => answer(false, err, true),
      );
    } else answer(true, result, false);
  }
}
