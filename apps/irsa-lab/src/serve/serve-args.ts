/**
 * Command lines of `irsa-lab serve` and `irsa-lab env` (node:util
 * parseArgs). Bad input becomes one usage-error line, never an exception.
 */
import { parseArgs } from 'node:util';
import { SERVICE_NAMES, type ServiceName } from '@irsa-lab/serve';
import { COMMAND } from '../cli/args.js';
import { MAX_SEED, parseSeedValue, seedFlagProblem } from '../cli/seed.js';

export const DEFAULT_SERVE_SEED = 42;
/** Where `irsa-lab env` finds a running server when `--control` is not given. */
export const CONTROL_ENV_VAR = 'IRSA_LAB_CONTROL';

export const SERVE_USAGE = `usage: irsa-lab serve [--world FILE] [--seed N] [--json] [--port SERVICE=N ...]
  Serve a simulated world on 127.0.0.1 for the real AWS CLI, boto3 and SDKs.
  --world FILE      a world file (docs/world-file.md); default: the default world
  --seed N          reproduces the world's ids and keys: 0 to ${MAX_SEED} (default ${DEFAULT_SERVE_SEED})
  --json            print the endpoints as one JSON line first (for scripts)
  --port SERVICE=N  a fixed port for issuer, sts, s3, kubernetes or control (free ports otherwise)
  Stop with Ctrl-C (SIGINT) or SIGTERM.`;

export const ENV_USAGE = `usage: irsa-lab env <namespace>/<pod> [--control URL] [--json]
  Print the env a real client needs to act as that Pod, as export lines:
    eval "$(${COMMAND} env payments/billing-api)"
  --control URL  the running server's control endpoint (default: $${CONTROL_ENV_VAR})
  --json         print the env as one JSON object instead`;

export type ServeCommand =
  | {
      readonly kind: 'serve';
      readonly world?: string;
      readonly seed: number;
      readonly json: boolean;
      readonly ports: Partial<Record<ServiceName, number>>;
    }
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string };

export type EnvCommand =
  | {
      readonly kind: 'env';
      readonly namespace: string;
      readonly pod: string;
      readonly control?: string;
      readonly json: boolean;
    }
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string };

function firstSentence(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split(/\.\s/)[0]?.replace(/\.$/, '') ?? message;
}

/** Arguments after the command name (a leading `serve` / `env` is tolerated). */
function rest(argv: readonly string[], command: string): string[] {
  return argv[0] === command ? argv.slice(1) : [...argv];
}

function parsePorts(specs: readonly string[]): Partial<Record<ServiceName, number>> | string {
  const ports: Partial<Record<ServiceName, number>> = {};
  for (const spec of specs) {
    const m = /^([a-z]+)=(\d{1,5})$/.exec(spec);
    const service = m?.[1] as ServiceName | undefined;
    const port = Number(m?.[2]);
    if (!m || !service || !SERVICE_NAMES.includes(service)) {
      return `--port takes SERVICE=N with SERVICE one of ${SERVICE_NAMES.join(', ')}, got "${spec}"`;
    }
    if (port < 1 || port > 65535) return `--port ${service}: the port must be 1-65535, got ${port}`;
    ports[service] = port;
  }
  return ports;
}

/** Parse `irsa-lab serve ...`. */
export function parseServeArgs(argv: readonly string[]): ServeCommand {
  let values: { world?: string; seed?: string; json?: boolean; port?: string[]; help?: boolean };
  let positionals: string[];
  const seedProblem = seedFlagProblem(rest(argv, 'serve'));
  if (seedProblem) return { kind: 'usage-error', message: seedProblem };
  try {
    ({ values, positionals } = parseArgs({
      args: rest(argv, 'serve'),
      options: {
        world: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        port: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (err) {
    return { kind: 'usage-error', message: firstSentence(err) };
  }
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0)
    return { kind: 'usage-error', message: `serve takes no arguments, got "${positionals.join(' ')}"` };
  const seed = values.seed === undefined ? DEFAULT_SERVE_SEED : parseSeedValue(values.seed);
  if (typeof seed === 'string') return { kind: 'usage-error', message: seed };
  const ports = parsePorts(values.port ?? []);
  if (typeof ports === 'string') return { kind: 'usage-error', message: ports };
  if (values.world === '') return { kind: 'usage-error', message: '--world needs a file name' };
  return {
    kind: 'serve',
    seed,
    json: values.json ?? false,
    ports,
    ...(values.world === undefined ? {} : { world: values.world }),
  };
}

/** Parse `irsa-lab env ...`. */
export function parseEnvArgs(argv: readonly string[]): EnvCommand {
  let values: { control?: string; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest(argv, 'env'),
      options: { control: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (err) {
    return { kind: 'usage-error', message: firstSentence(err) };
  }
  if (values.help) return { kind: 'help' };
  if (positionals.length !== 1) {
    return { kind: 'usage-error', message: 'env takes one <namespace>/<pod>, e.g. payments/billing-api' };
  }
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-.a-z0-9]*[a-z0-9])?)$/.exec(positionals[0] as string);
  if (!m)
    return { kind: 'usage-error', message: `"${positionals[0]}" is not <namespace>/<pod>, e.g. payments/billing-api` };
  if (values.control !== undefined && !/^https?:\/\/[^/]+\/?$/.test(values.control)) {
    return {
      kind: 'usage-error',
      message: `--control must be a URL such as http://127.0.0.1:4000, got "${values.control}"`,
    };
  }
  return {
    kind: 'env',
    namespace: m[1] as string,
    pod: m[3] as string,
    json: values.json ?? false,
    ...(values.control === undefined ? {} : { control: values.control.replace(/\/$/, '') }),
  };
}
