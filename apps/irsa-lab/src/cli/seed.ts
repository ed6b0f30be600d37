/**
 * `--seed N` for every command that takes one (the app, `run`, `serve`): a
 * whole number from 0 to 2^32-1. The simulation's Rng takes any safe
 * integer but folds it to 32 bits, so that range is the one where different
 * seeds give different worlds. Looked at before node:util parseArgs, whose
 * own messages for `--seed -3` ("argument is ambiguous") and a bare `--seed`
 * ("argument missing") do not say what the flag wants.
 */

/** The largest seed: 2^32-1. */
export const MAX_SEED = 2 ** 32 - 1;

const NEEDS = `--seed needs a whole number from 0 to ${MAX_SEED} (2^32-1)`;

function got(raw: string): string {
  return raw === '' ? `${NEEDS}, got an empty value` : `${NEEDS}, got ${raw}`;
}

/** The seed in `raw`, or the message saying what `--seed` needs. */
export function parseSeedValue(raw: string): number | string {
  return /^\d+$/.test(raw) && Number(raw) <= MAX_SEED ? Number(raw) : got(raw);
}

/**
 * The problem with a `--seed` in `argv` that parseArgs would misreport: no
 * value after it (the end, or another option), or a negative number.
 * Undefined when there is none (parseArgs and `parseSeedValue` take it from there).
 */
export function seedFlagProblem(argv: readonly string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') return undefined;
    if (arg !== '--seed') continue;
    const next = argv[i + 1];
    if (next === undefined || /^--?[a-z]/i.test(next)) return `${NEEDS}, got nothing`;
    if (next.startsWith('-')) return got(next);
  }
  return undefined;
}
