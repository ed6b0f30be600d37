/**
 * Command-line parsing (node:util parseArgs): `irsa-lab`, `irsa-lab list`,
 * `irsa-lab run <scenario> [--plain | --json] [--seed N]`, `--help`. Bad
 * input becomes a one-line usage error, never an exception.
 */
import { parseArgs } from 'node:util';

export const DEFAULT_SEED = 42;

/** How a learner runs the command from the repository (a bare `irsa-lab` is not on PATH): every pasteable hint uses it. */
export const COMMAND = 'npx irsa-lab';

export type Command =
  | { readonly kind: 'interactive'; readonly seed: number }
  | { readonly kind: 'list' }
  | { readonly kind: 'run'; readonly scenario: string; readonly format: 'plain' | 'json'; readonly seed: number }
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string };

export const USAGE = `usage: irsa-lab [--seed N]                         open the interactive walkthrough
       irsa-lab list                                    list the scenarios (id, group, goal)
       irsa-lab run <scenario> [--plain | --json] [--seed N]
                                                        run a scenario headless and print its transcript
       irsa-lab serve [--world FILE] [--seed N] [--json] serve a world on 127.0.0.1 for the AWS CLI, boto3, SDKs
       irsa-lab env <namespace>/<pod>                   the env a real client needs to act as that pod (export lines)
       irsa-lab labs list | check <n|all> | hint <n> | reset <n>
                                                        the workshop labs
       irsa-lab --help                                  this help

Exit codes: 0 ok; 1 a scenario's checks failed or a step errored; 2 bad command line or unknown scenario.`;

const MAX_SEED = 2 ** 32 - 1;

function parseSeed(raw: string | undefined): number | string {
  if (raw === undefined) return DEFAULT_SEED;
  if (!/^\d+$/.test(raw) || Number(raw) > MAX_SEED)
    return `--seed must be a whole number from 0 to ${MAX_SEED}, got "${raw}"`;
  return Number(raw);
}

function describeParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // parseArgs messages carry advice meant for script authors ("To specify a positional argument ..."); keep the first sentence
  return message.split(/\.\s/)[0]?.replace(/\.$/, '') ?? message;
}

/** Parse `argv` (without node and the script). */
export function parseCommand(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
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
  if (command !== 'run' && (values.plain || values.json)) {
    return { kind: 'usage-error', message: '--plain and --json only go with `run`' };
  }
  if (command === undefined) return { kind: 'interactive', seed };
  if (command === 'help') return { kind: 'help' };
  if (command === 'list') {
    if (rest.length > 0) return { kind: 'usage-error', message: `list takes no arguments, got "${rest.join(' ')}"` };
    if (values.seed !== undefined)
      return { kind: 'usage-error', message: '--seed goes with `run` or the interactive app' };
    return { kind: 'list' };
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
