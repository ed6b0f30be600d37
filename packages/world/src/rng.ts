/**
 * Rng: the seeded random source of the simulation (xoroshiro128+ from
 * pure-rand). Every random choice in a world comes from here, so a seed
 * reproduces a run.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

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
    for (let i = 0; i < n; i++) out[i] = this.int(0, 255);
    return out;
  }

  /** A string of `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
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
