/**
 * `irsa-lab env <namespace>/<pod>`: ask a running `irsa-lab serve` (its
 * control endpoint from `--control` or $IRSA_LAB_CONTROL) for the env a real
 * client needs to act as that Pod, and print it as shell lines (or JSON): an
 * `unset` of the shell's AWS_* variables that would steer the client
 * elsewhere, then `export` lines. Returns 0, 1 when the server cannot answer, 2 for bad input
 * (a Pod the served world does not run: the message lists those it does).
 */
import {
  AWS_CONTAINER_AUTHORIZATION_TOKEN,
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
  AWS_CONTAINER_CREDENTIALS_FULL_URI,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  AWS_EC2_METADATA_DISABLED,
  AWS_ROLE_ARN,
  AWS_ROLE_SESSION_NAME,
  AWS_WEB_IDENTITY_TOKEN_FILE,
} from '@irsa-lab/core';
import { COMMAND } from '../cli/args.js';
import { CONTROL_ENV_VAR, ENV_USAGE, parseEnvArgs } from './serve-args.js';

export interface EnvIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** The shell's env: where $IRSA_LAB_CONTROL is read, and the AWS_* variables to unset (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Milliseconds to wait for the control endpoint. */
const TIMEOUT_MS = 5000;

/** `value` quoted for a POSIX shell. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The env as `export NAME=value` lines. */
export function exportLines(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}=${shellQuote(value)}\n`)
    .join('');
}

/**
 * Variables that make a client use something other than the Pod's
 * credentials (keys, a profile, another web identity or container
 * credentials, IMDS switched off): always unset unless the Pod sets them, so
 * the lines isolate the client even when pasted into another shell.
 */
const ALWAYS_UNSET = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  AWS_ROLE_ARN,
  AWS_ROLE_SESSION_NAME,
  AWS_WEB_IDENTITY_TOKEN_FILE,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  AWS_CONTAINER_CREDENTIALS_FULL_URI,
  AWS_CONTAINER_AUTHORIZATION_TOKEN,
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
  AWS_EC2_METADATA_DISABLED,
];

/** AWS_* variables that only set how the CLI or an SDK looks or connects (pager, prompts, warnings, CA bundle): left alone. */
const HARMLESS = /^AWS_(PAGER$|CLI_|SDK_JS_|NODEJS_|CA_BUNDLE$)/;

/**
 * The names to unset before exporting `env`: the ones above, and every
 * AWS_* variable of the shell the command runs in (`inherited`; under
 * `eval "$(...)"` that is the learner's shell) that could steer a client
 * (an endpoint, a profile, a credentials file), except those `env` sets.
 */
export function namesToUnset(
  env: Readonly<Record<string, string>>,
  inherited: Readonly<Record<string, string | undefined>>,
): string[] {
  const fromShell = Object.keys(inherited).filter(
    (name) => /^AWS_[A-Z0-9_]+$/.test(name) && !HARMLESS.test(name) && inherited[name] !== undefined,
  );
  return [...new Set([...ALWAYS_UNSET, ...fromShell])].filter((name) => !(name in env)).sort();
}

/** The lines to eval: one `unset` line, then the exports. */
export function shellLines(
  env: Readonly<Record<string, string>>,
  inherited: Readonly<Record<string, string | undefined>>,
): string {
  const unset = namesToUnset(env, inherited);
  return `${unset.length > 0 ? `unset ${unset.join(' ')}\n` : ''}${exportLines(env)}`;
}

function isEnv(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.entries(value).every(([k, v]) => /^[A-Z_][A-Z0-9_]*$/.test(k) && typeof v === 'string')
  );
}

/** The env, or why there is none and the exit code (2 when the input names no Pod, 1 otherwise). */
type EnvAnswer =
  | { readonly ok: true; readonly env: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly message: string; readonly exitCode: 1 | 2 };

/** Most Pods listed when the one asked for does not exist. */
const MAX_LISTED_PODS = 20;

function podList(pods: readonly string[]): string {
  if (pods.length === 0) return 'it runs no Pods';
  const shown = pods.slice(0, MAX_LISTED_PODS).join(', ');
  const more =
    pods.length > MAX_LISTED_PODS ? ` and ${pods.length - MAX_LISTED_PODS} more (GET /endpoints lists them)` : '';
  return `its Pods: ${shown}${more}`;
}

function podsIn(body: unknown): string[] | undefined {
  const pods = (body as { error?: { pods?: unknown } } | undefined)?.error?.pods;
  return Array.isArray(pods) && pods.every((p) => typeof p === 'string') ? pods : undefined;
}

async function fetchEnv(control: string, namespace: string, pod: string): Promise<EnvAnswer> {
  const url = `${control}/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(pod)}/env`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    return {
      ok: false,
      message: `no irsa-lab serve answers at ${control} (is it running? start one with \`${COMMAND} serve\`)`,
      exitCode: 1,
    };
  }
  const body: unknown = await response.json().catch(() => undefined);
  const pods = response.status === 404 ? podsIn(body) : undefined;
  if (pods)
    return { ok: false, message: `the served world has no Pod ${namespace}/${pod}; ${podList(pods)}`, exitCode: 2 };
  if (!response.ok || !isEnv(body)) {
    return {
      ok: false,
      message: `${control} did not answer like irsa-lab serve (HTTP ${response.status})`,
      exitCode: 1,
    };
  }
  return { ok: true, env: body };
}

/**
 * Run `irsa-lab env` with `argv` (the arguments after `env`); never throws.
 * @example process.exitCode = await envMain(['payments/billing-api'], process);
 */
export async function envMain(argv: readonly string[], io: EnvIo): Promise<number> {
  const command = parseEnvArgs(argv);
  if (command.kind === 'help') {
    io.stdout.write(`${ENV_USAGE}\n`);
    return 0;
  }
  if (command.kind === 'usage-error') {
    io.stderr.write(`irsa-lab env: ${command.message}. Try \`${COMMAND} env --help\`.\n`);
    return 2;
  }
  const inherited = io.env ?? process.env;
  const control = command.control ?? inherited[CONTROL_ENV_VAR]?.replace(/\/$/, '');
  if (!control) {
    io.stderr.write(
      `irsa-lab env: say where the server is: --control URL, or export ${CONTROL_ENV_VAR} (serve prints it).\n`,
    );
    return 2;
  }
  const answer = await fetchEnv(control, command.namespace, command.pod);
  if (!answer.ok) {
    io.stderr.write(`irsa-lab env: ${answer.message}\n`);
    return answer.exitCode;
  }
  const { env } = answer;
  io.stdout.write(command.json ? `${JSON.stringify(env)}\n` : shellLines(env, inherited));
  return 0;
}
