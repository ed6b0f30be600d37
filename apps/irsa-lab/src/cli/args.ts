/**
 * Command-line parsing (node:util parseArgs): `irsa-lab`, `irsa-lab list`,
 * `irsa-lab run <scenario> [--plain | --json] [--seed N]`, `--help`. Bad
 * input becomes a one-line usage error, never an exception: a code and the
 * offending argument for callers to act on, and the line to print.
 */
import { parseArgs } from 'node:util';
import { MAX_SEED, parseSeedValue, seedFlagProblem } from './seed.js';

export const DEFAULT_SEED = 42;

/** How a learner runs the command from the repository (a bare `irsa-lab` is not on PATH): every pasteable hint uses it. */
export const COMMAND = 'npx irsa-lab';

export type Command =
  | { readonly kind: 'interactive'; readonly seed: number }
  | { readonly kind: 'list'; readonly format: 'plain' | 'json' }
  | { readonly kind: 'run'; readonly scenario: string; readonly format: 'plain' | 'json'; readonly seed: number }
  | { readonly kind: 'help' }
  | UsageError;

/** Why a command line was refused. */
export type UsageErrorCode =
  /** The first argument is not a command (`value`: it). */
  | 'UNKNOWN_COMMAND'
  /** node:util parseArgs refused it: an unknown option, or a value where none goes. */
  | 'BAD_OPTION'
  /** `--seed` without a whole number from 0 to 2^32-1 (`value`: what came with it, when something did). */
  | 'BAD_SEED'
  /** An option that the command does not take (`value`: the option). */
  | 'OPTION_NOT_ALLOWED'
  /** Two options that exclude each other. */
  | 'CONFLICTING_OPTIONS'
  /** More arguments than the command takes (`value`: the extra ones, space-separated). */
  | 'EXTRA_ARGUMENTS'
  /** `run` without a scenario id. */
  | 'MISSING_SCENARIO';

/** A refused command line: callers switch on `code`; `message` is the line to print. */
export interface UsageError {
  readonly kind: 'usage-error';
  readonly code: UsageErrorCode;
  /** The argument at fault, as given, where there is one. */
  readonly value?: string;
  readonly message: string;
}

function usageError(code: UsageErrorCode, message: string, value?: string): UsageError {
  return value === undefined ? { kind: 'usage-error', code, message } : { kind: 'usage-error', code, value, message };
}

/** The commands in the help, with what each does (the descriptions line up in one column). */
export const USAGE_ROWS: readonly (readonly [synopsis: string, description: string])[] = [
  ['irsa-lab [--seed N]', 'open the interactive walkthrough'],
  ['irsa-lab list [--json]', 'list the scenarios (--json: id, group, title, goal)'],
  ['irsa-lab run <scenario> [--plain | --json] [--seed N]', 'run a scenario headless and print its transcript'],
  ['irsa-lab serve [--world FILE] [--seed N] [--json]', 'serve a world on 127.0.0.1 for the AWS CLI, boto3, SDKs'],
  ['irsa-lab env <namespace>/<pod>', 'the env a real client needs to act as that pod (shell lines)'],
  ['irsa-lab labs list | check <n|all> | hint <n> | reset <n>', 'the workshop labs'],
  ['irsa-lab --help', 'this help'],
];

/** Where the descriptions start; a longer synopsis puts its description on the next line. */
const DESCRIPTION_COLUMN = 58;

function usageLine([synopsis, description]: readonly [string, string], i: number): string {
  const lead = i === 0 ? 'usage: ' : '       ';
  const left = `${lead}${synopsis}`;
  return left.length + 2 <= DESCRIPTION_COLUMN
    ? `${left.padEnd(DESCRIPTION_COLUMN)}${description}`
    : `${left}\n${' '.repeat(DESCRIPTION_COLUMN)}${description}`;
}

export const USAGE = `${USAGE_ROWS.map(usageLine).join('\n')}

From a checkout of the repository (after npm run build) the command is ${COMMAND}.
--seed N is a whole number from 0 to ${MAX_SEED} (2^32-1); default ${DEFAULT_SEED}.
Exit codes: 0 ok; 1 a scenario's checks failed or a step errored; 2 bad command line or unknown scenario.`;

function parseSeed(raw: string | undefined): number | string {
  return raw === undefined ? DEFAULT_SEED : parseSeedValue(raw);
}

function describeParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // parseArgs messages carry advice meant for script authors ("To specify a positional argument ..."); keep the first sentence
  return message.split(/\.\s/)[0]?.replace(/\.$/, '') ?? message;
}

/** Parse `argv` (without node and the script). */
export function parseCommand(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  const seedProblem = seedFlagProblem(argv);
  if (seedProblem) return usageError('BAD_SEED', seedProblem);
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return usageError('BAD_OPTION', describeParseError(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const seed = parseSeed(values.seed);
  if (typeof seed === 'string') return usageError('BAD_SEED', seed, values.seed);
  const [command, ...rest] = positionals;
  if (command !== 'run' && values.plain)
    return usageError('OPTION_NOT_ALLOWED', '--plain only goes with `run`', '--plain');
  if (command !== 'run' && command !== 'list' && values.json) {
    return usageError('OPTION_NOT_ALLOWED', '--json only goes with `run` or `list`', '--json');
  }
  if (command === undefined) return { kind: 'interactive', seed };
  if (command === 'help') return { kind: 'help' };
  if (command === 'list') {
    const extra = rest.join(' ');
    if (rest.length > 0) return usageError('EXTRA_ARGUMENTS', `list takes no arguments, got "${extra}"`, extra);
    if (values.seed !== undefined)
      return usageError('OPTION_NOT_ALLOWED', '--seed goes with `run` or the interactive app', '--seed');
    return { kind: 'list', format: values.json ? 'json' : 'plain' };
  }
  if (command === 'run') {
    const [scenario, ...extra] = rest;
    if (scenario === undefined)
      return usageError('MISSING_SCENARIO', `run needs a scenario id (see \`${COMMAND} list\`)`);
    if (extra.length > 0)
      return usageError('EXTRA_ARGUMENTS', `run takes one scenario, got "${rest.join(' ')}"`, extra.join(' '));
    if (values.plain && values.json) return usageError('CONFLICTING_OPTIONS', 'choose one of --plain and --json');
    return { kind: 'run', scenario, format: values.json ? 'json' : 'plain', seed };
  }
  return usageError('UNKNOWN_COMMAND', `unknown command "${command}"`, command);
}

const OPTIONS = {
  plain: { type: 'boolean' },
  json: { type: 'boolean' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
