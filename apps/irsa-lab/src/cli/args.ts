/**
 * Command-line parsing (node:util parseArgs): `irsa-lab`, `irsa-lab list`,
 * `irsa-lab run <scenario> [--plain | --json] [--seed N]`, `--help`. Bad
 * input becomes a one-line usage error, never an exception.
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
  | { readonly kind: 'usage-error'; readonly message: string };

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
  if (seedProblem) return { kind: 'usage-error', message: seedProblem };
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return { kind: 'usage-error', message: describeParseError(err) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const seed = parseSeed(values.seed);
  if (typeof seed === 'string') return { kind: 'usage-error', message: seed };
  const [command, ...rest] = positionals;
  if (command !== 'run' && values.plain) return { kind: 'usage-error', message: '--plain only goes with `run`' };
  if (command !== 'run' && command !== 'list' && values.json) {
    return { kind: 'usage-error', message: '--json only goes with `run` or `list`' };
  }
  if (command === undefined) return { kind: 'interactive', seed };
  if (command === 'help') return { kind: 'help' };
  if (command === 'list') {
    if (rest.length > 0) return { kind: 'usage-error', message: `list takes no arguments, got "${rest.join(' ')}"` };
    if (values.seed !== undefined)
      return { kind: 'usage-error', message: '--seed goes with `run` or the interactive app' };
    return { kind: 'list', format: values.json ? 'json' : 'plain' };
  }
  if (command === 'run') {
    if (rest.length === 0) return { kind: 'usage-error', message: `run needs a scenario id (see \`${COMMAND} list\`)` };
    if (rest.length > 1) return { kind: 'usage-error', message: `run takes one scenario, got "${rest.join(' ')}"` };
    if (values.plain && values.json) return { kind: 'usage-error', message: 'choose one of --plain and --json' };
    return { kind: 'run', scenario: rest[0] as string, format: values.json ? 'json' : 'plain', seed };
  }
  return { kind: 'usage-error', message: `unknown command "${command}"` };
}

const OPTIONS = {
  plain: { type: 'boolean' },
  json: { type: 'boolean' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
