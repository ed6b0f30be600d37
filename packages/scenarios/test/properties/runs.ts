/**
 * Run counts and replay for every property of properties.test.ts, from the environment
 * (turbo passes these three through): PROP_RUNS scales the world properties
 * (the isolation property runs exactly PROP_RUNS worlds, the costlier ones a
 * fraction of it), FUZZ_RUNS is the token fuzzer's run count, IRSA_SEED
 * replays a reported failure. fast-check prints the seed, the path and the
 * shrunk counterexample of any failure, and how to rerun it.
 */
import { test } from '@fast-check/vitest';
import fc, { type Parameters } from 'fast-check';

function positiveInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new TypeError(`${name} must be a positive integer, got "${text}"`);
  return value;
}

/** Worlds of the isolation property (the issue asks for at least 1,000 in the default run). */
export const PROP_RUNS = positiveInt('PROP_RUNS', 1000);
/** Mutated tokens of the fuzz property (at least 10,000 by default). */
export const FUZZ_RUNS = positiveInt('FUZZ_RUNS', 10_000);

/** A share of PROP_RUNS for a costlier property, never below `min`. */
export function scaled(divisor: number, min: number): number {
  return Math.max(min, Math.round(PROP_RUNS / divisor));
}

const seedText = process.env.IRSA_SEED;
/** The replay seed, when IRSA_SEED is set. */
export const REPLAY_SEED = seedText === undefined || seedText === '' ? undefined : Number(seedText);
if (REPLAY_SEED !== undefined && !Number.isSafeInteger(REPLAY_SEED)) {
  throw new TypeError(`IRSA_SEED must be an integer, got "${seedText}"`);
}

/** fast-check parameters for `numRuns` runs, seeded from IRSA_SEED when replaying. */
export function runs<T>(numRuns: number): Parameters<T> {
  return {
    numRuns,
    ...(REPLAY_SEED === undefined ? {} : { seed: REPLAY_SEED }),
    reporter: (details) => {
      if (!details.failed) return;
      const head = `property failed after ${details.numRuns} run(s) and ${details.numShrinks} shrink(s): seed ${details.seed}, path "${details.counterexamplePath}"`;
      const replay = `replay: IRSA_SEED=${details.seed} npx vitest run <this file>`;
      const example = fc.stringify(details.counterexample);
      const error = details.errorInstance;
      const cause = error instanceof Error ? (error.stack ?? error.message) : String(error);
      throw new Error(`${head}\n${replay}\nshrunk counterexample: ${example}\nerror: ${cause}`);
    },
  };
}

/** One property as data: the test files register several per file, so the costly imports are paid once. */
export interface PropertyDef<T> {
  readonly title: string;
  readonly arbitrary: fc.Arbitrary<T>;
  readonly numRuns: number;
  readonly check: (input: T) => Promise<void>;
  /** Generous time per run; the test's timeout is numRuns times this (at least five minutes), so big runs fit. */
  readonly msPerRun: number;
  /** Inputs checked each time the test runs, before the generated ones (fast-check `examples`). */
  readonly examples?: readonly T[];
}

/** Register `def` as a vitest test driven by @fast-check/vitest. */
export function registerProperty<T>(def: PropertyDef<T>): void {
  const timeoutMs = Math.max(300_000, def.numRuns * def.msPerRun);
  const params = { ...runs<[T]>(def.numRuns), examples: (def.examples ?? []).map((e): [T] => [e]) };
  test.prop([def.arbitrary], params)(def.title, (input) => def.check(input), timeoutMs);
}

/** Fail with every line in full (an assertion diff would truncate them), or do nothing when there are none. */
export function expectNone(lines: readonly string[], context?: string): void {
  if (lines.length === 0) return;
  throw new Error(`${lines.length} disagreement(s)${context ? ` (${context})` : ''}:\n${lines.join('\n')}`);
}
