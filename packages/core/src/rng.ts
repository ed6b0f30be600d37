/**
 * Rng: the seeded random source of the simulation (xoroshiro128+ from
 * pure-rand). Every random choice in a world comes from here, so a seed
 * reproduces a run.
 */
import { Buffer } from 'node:buffer';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** Scratch space for chars(): the drawn characters, turned into a string in one go. */
const CHAR_BYTES = Buffer.alloc(4096);
/** Alphabets seen by chars(), and whether every character is one byte in Latin-1. */
const LATIN1_ALPHABETS = new Map<string, boolean>();

function isLatin1(alphabet: string): boolean {
  let latin1 = LATIN1_ALPHABETS.get(alphabet);
  if (latin1 === undefined) {
    latin1 = !/[\u0100-\uffff]/.test(alphabet);
    if (LATIN1_ALPHABETS.size < 64) LATIN1_ALPHABETS.set(alphabet, latin1);
  }
  return latin1;
}

export class Rng {
  readonly seed: number;
  #gen: JumpableRandomGenerator;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new TypeError('seed must be a safe integer');
    this.seed = seed;
    // xoroshiro128plus takes a 32-bit seed: fold the high bits in so large seeds differ
    this.#gen = xoroshiro128plus((seed | 0) ^ Math.floor(seed / 2 ** 32));
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new TypeError(`bad range [${min}, ${max}]`);
    }
    return uniformInt(this.#gen, min, max);
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new TypeError('cannot pick from an empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    const gen = this.#gen;
    for (let i = 0; i < n; i++) out[i] = uniformInt(gen, 0, 255);
    return out;
  }

  /** A string of `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    // the same draws as `s += alphabet[this.int(0, alphabet.length - 1)]` a character at a time, but
    // written into a buffer and made one flat string: the appended string would be a rope of `length`
    // nodes, kept alive as long as the string is (session tokens are kept for a day of simulated time)
    if (!(length > 0)) return '';
    const max = alphabet.length - 1;
    if (max < 0) this.int(0, max); // an empty alphabet: the same TypeError as int()
    const gen = this.#gen;
    if (length > CHAR_BYTES.length || !isLatin1(alphabet)) {
      const out: string[] = [];
      for (let i = 0; i < length; i++) out.push(alphabet[uniformInt(gen, 0, max)] as string);
      return out.join('');
    }
    const count = Math.ceil(length);
    for (let i = 0; i < count; i++) CHAR_BYTES[i] = alphabet.charCodeAt(uniformInt(gen, 0, max));
    return CHAR_BYTES.toString('latin1', 0, count);
  }

  /** An independent child stream (2^64 steps away), for a sub-system that must not disturb others. */
  fork(): Rng {
    const child = new Rng(this.seed);
    child.#gen = this.#gen.clone();
    child.#gen.jump();
    // move the parent two jumps on, so the next fork and the parent's own stream differ from this child
    this.#gen.jump();
    this.#gen.jump();
    return child;
  }
}
