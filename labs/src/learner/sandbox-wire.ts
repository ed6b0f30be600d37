/**
 * How values cross between the checker and a learner's module running in a
 * worker thread (sandbox.ts, sandbox-worker.ts). postMessage clones data
 * but not functions, class methods or what an Error carries beyond its
 * message, so values are encoded first: a function becomes a handle the
 * other side calls back through, an object keeps its methods (its class's
 * too) as handles, an Error keeps its name, message, stack and code.
 * Shared references and cycles survive (an encoded node is reused, and
 * structured clone keeps it shared).
 *
 * This module is loaded in both threads: it imports only types.
 */
import type { MessagePort } from 'node:worker_threads';

/** One encoded value: primitives as themselves, everything else tagged. */
export type Wire =
  | string
  | number
  | boolean
  | bigint
  | null
  | undefined
  | { readonly t: 'fn'; readonly id: number }
  | { readonly t: 'err'; readonly name: string; readonly message: string; readonly stack?: string; code?: string }
  | { readonly t: 'arr'; readonly v: Wire[] }
  | { readonly t: 'obj'; readonly v: Record<string, Wire> }
  | { readonly t: 'raw'; readonly v: unknown }
  | { readonly t: 'none'; readonly what: string };

/** Register `fn` (called with `self` as this) and return the handle the other side calls it by. */
export type Register = (fn: (...args: unknown[]) => unknown, self: unknown) => number;
/** A callable for the other side's handle `id`. */
export type Proxy = (id: number) => (...args: unknown[]) => unknown;

// ---- The messages between the two threads. ----

/** What the checker hands the worker at start. */
export interface SandboxBoot {
  /** Answers to calls back into the checker, one at a time. */
  readonly answers: MessagePort;
  /** Int32 0 while a call back waits for its answer; the checker sets it to 1 and wakes us. */
  readonly signal: SharedArrayBuffer;
}

/** Checker → worker. */
export type ToWorker =
  | { readonly type: 'load'; readonly id: number; readonly url: string }
  | { readonly type: 'call'; readonly id: number; readonly fn: number; readonly args: Wire };

/** Worker → checker. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number; readonly ok: boolean; readonly value: Wire }
  | { readonly type: 'host'; readonly fn: number; readonly args: Wire }
  | { readonly type: 'console'; readonly level: ConsoleLevel; readonly text: string };

/** The console methods lab code may use (the typecheck's globals). */
export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

/** The checker's answer to a call back: `async` when the checker's function returned a promise. */
export interface HostAnswer {
  readonly ok: boolean;
  readonly value: Wire;
  readonly async: boolean;
}

// ---- Encoding. ----

/** Values structured clone copies faithfully as they are (when what they hold is plain data). */
function isCloneable(value: object): boolean {
  return (
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof Map ||
    value instanceof Set ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value)
  );
}

/** The object's own enumerable properties, and the methods of its class (up to Object.prototype). */
function members(value: object): [string, unknown][] {
  const out = new Map<string, unknown>(Object.entries(value));
  for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; ) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (key !== 'constructor' && !out.has(key) && typeof d?.value === 'function') out.set(key, d.value);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return [...out];
}

/** Encode `value` for the other thread; functions are registered with `register`. */
export function encode(value: unknown, register: Register): Wire {
  const seen = new Map<object, Wire>();
  const walk = (v: unknown, self: unknown): Wire => {
    if (v === null || v === undefined) return v;
    switch (typeof v) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'bigint':
        return v;
      case 'function':
        return { t: 'fn', id: register(v as (...args: unknown[]) => unknown, self) };
      case 'symbol':
        return { t: 'none', what: 'a symbol' };
    }
    const obj = v as object;
    const known = seen.get(obj);
    if (known !== undefined) return known;
    if (obj instanceof Error) {
      const code = (obj as { code?: unknown }).code;
      const err: Wire = { t: 'err', name: obj.name, message: obj.message, stack: obj.stack ?? '' };
      if (typeof code === 'string') err.code = code;
      seen.set(obj, err);
      return err;
    }
    if (typeof (obj as { then?: unknown }).then === 'function') return { t: 'none', what: 'a promise' };
    if (isCloneable(obj)) return { t: 'raw', v: obj };
    if (Array.isArray(obj)) {
      const arr: Wire[] = [];
      seen.set(obj, { t: 'arr', v: arr });
      for (const item of obj) arr.push(walk(item, obj));
      return seen.get(obj) as Wire;
    }
    const fields: Record<string, Wire> = {};
    seen.set(obj, { t: 'obj', v: fields });
    for (const [key, item] of members(obj)) fields[key] = walk(item, obj);
    return seen.get(obj) as Wire;
  };
  return walk(value, undefined);
}

/** Decode a value from the other thread; its function handles become `proxy` callables. */
export function decode(wire: Wire, proxy: Proxy): unknown {
  const seen = new Map<object, unknown>();
  const walk = (w: Wire): unknown => {
    if (w === null || typeof w !== 'object') return w;
    const known = seen.get(w);
    if (known !== undefined) return known;
    switch (w.t) {
      case 'fn':
        return proxy(w.id);
      case 'err': {
        const err = new Error(w.message);
        err.name = w.name;
        err.stack = w.stack ?? '';
        if (w.code !== undefined) Object.assign(err, { code: w.code });
        seen.set(w, err);
        return err;
      }
      case 'arr': {
        const arr: unknown[] = [];
        seen.set(w, arr);
        for (const item of w.v) arr.push(walk(item));
        return arr;
      }
      case 'obj': {
        const obj: Record<string, unknown> = {};
        seen.set(w, obj);
        for (const [key, item] of Object.entries(w.v)) obj[key] = walk(item);
        return obj;
      }
      case 'raw':
        return w.v;
      case 'none':
        return undefined;
    }
  };
  return walk(wire);
}
