/**
 * `irsa-lab env <namespace>/<pod>`: ask a running `irsa-lab serve` (its
 * control endpoint from `--control` or $IRSA_LAB_CONTROL) for the env a real
 * client needs to act as that Pod, and print it as shell `export` lines
 * (or JSON). Returns 0, 1 when the server cannot answer, 2 for bad input
 * (a Pod the served world does not run: the message lists those it does).
 */
import { COMMAND } from '../cli/args.js';
import { CONTROL_ENV_VAR, ENV_USAGE, parseEnvArgs } from './serve-args.js';

export interface EnvIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Where $IRSA_LAB_CONTROL is read (default `process.env`). */
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
  const control = command.control ?? (io.env ?? process.env)[CONTROL_ENV_VAR]?.replace(/\/$/, '');
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
  io.stdout.write(command.json ? `${JSON.stringify(env)}\n` : exportLines(env));
  return 0;
}
