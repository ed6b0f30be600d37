/**
 * What crosses between the checker and a learner's worker thread keeps what
 * the checks rely on: methods (a class's too, called with their object as
 * `this`), an Error's name, message and code, shared and cyclic references,
 * dates. Round trips through structuredClone, as postMessage does; the
 * function handles are resolved in the same thread here.
 */
import { describe, expect, it } from 'vitest';
import { decode, encode, type Register } from './sandbox-wire.js';

/** Encode, clone as postMessage would, decode: functions are called back through a local table. */
function roundTrip(value: unknown): unknown {
  const table = new Map<number, { fn: (...args: unknown[]) => unknown; self: unknown }>();
  const register: Register = (fn, self) => {
    table.set(table.size + 1, { fn, self });
    return table.size;
  };
  const wire = structuredClone(encode(value, register));
  return decode(wire, (id) => {
    const entry = table.get(id);
    return (...args) => entry?.fn.apply(entry.self, args);
  });
}

describe('sandbox wire', () => {
  it("a class instance keeps its prototype's methods, called with the instance as this", () => {
    class Validator {
      readonly #audience = 'billing-gateway';
      seen = 0;
      verify(token: string) {
        this.seen += 1;
        return { token, aud: this.#audience, seen: this.seen };
      }
    }
    const v = roundTrip(new Validator()) as { verify(token: string): unknown; seen: number };
    expect(typeof v.verify).toBe('function');
    expect(v.verify('t1')).toEqual({ token: 't1', aud: 'billing-gateway', seen: 1 });
    expect(v.verify('t2')).toEqual({ token: 't2', aud: 'billing-gateway', seen: 2 });
  });

  it('an Error keeps its name, message, code and stack; what was thrown that is not an Error stays itself', () => {
    const err = Object.assign(new RangeError('no applicable key'), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    const back = roundTrip(err) as Error & { code?: string };
    expect(back).toBeInstanceOf(Error);
    expect(back.name).toBe('RangeError');
    expect(back.message).toBe('no applicable key');
    expect(back.code).toBe('ERR_JWKS_NO_MATCHING_KEY');
    expect(back.stack).toBe(err.stack);
    expect(roundTrip('a string')).toBe('a string');
    expect(roundTrip({ code: 'x' })).toEqual({ code: 'x' });
  });

  it('shared and cyclic references survive; dates and maps are cloned as they are', () => {
    const shared = { kid: 'a' };
    const node: Record<string, unknown> = { keys: [shared, shared], at: new Date(0), seen: new Map([['a', 1]]) };
    node.self = node;
    const back = roundTrip(node) as typeof node & { keys: unknown[] };
    expect(back.self).toBe(back);
    expect(back.keys[0]).toBe(back.keys[1]);
    expect(back.at).toEqual(new Date(0));
    expect(back.seen).toEqual(new Map([['a', 1]]));
  });

  it('a promise or a symbol inside a value arrives as undefined, not as a broken object', () => {
    const back = roundTrip({ later: Promise.resolve(1), tag: Symbol('t'), n: 1 }) as Record<string, unknown>;
    expect(back).toEqual({ later: undefined, tag: undefined, n: 1 });
  });
});
