/**
 * `irsa-lab env <namespace>/<pod>`: ask a running `irsa-lab serve` (its
 * control endpoint from `--control` or $IRSA_LAB_CONTROL) for the env a real
 * client needs to act as that Pod, and print it as shell `export` lines
 * (or JSON). Returns 0, 1 when the server cannot answer, 2 for bad input.
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

async function fetchEnv(control: string, namespace: string, pod: string): Promise<Record<string, string> | string> {
  const url = `${control}/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(pod)}/env`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    return `no irsa-lab serve answers at ${control} (is it running? start one with \`${COMMAND} serve\`)`;
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status === 404) return `the served world has no running Pod ${namespace}/${pod}`;
  if (!response.ok || !isEnv(body)) return `${control} did not answer like irsa-lab serve (HTTP ${response.status})`;
  return body;
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
  const env = await fetchEnv(control, command.namespace, command.pod);
  if (typeof env === 'string') {
    io.stderr.write(`irsa-lab env: ${env}\n`);
    return 1;
  }
  io.stdout.write(command.json ? `${JSON.stringify(env)}\n` : exportLines(env));
  return 0;
}
