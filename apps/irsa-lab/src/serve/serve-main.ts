/**
 * `irsa-lab serve`: load a world (the default one, or `--world FILE`), serve
 * it on 127.0.0.1, print its endpoints (one JSON line with `--json`, a table
 * otherwise), and run until SIGINT/SIGTERM (or `io.signal`), then close
 * every listener and remove the token files. Returns the exit code: 0 after
 * a clean stop, 1 when the world cannot be served, 2 for bad input.
 */
import { readFile } from 'node:fs/promises';
import { AWS_ROLE_ARN, isSimError } from '@irsa-lab/core';
import { type Endpoints, serveWorld, type WorldServer } from '@irsa-lab/serve';
import { COMMAND } from '../cli/args.js';
import { CONTROL_ENV_VAR, parseServeArgs, SERVE_USAGE, type ServeCommand } from './serve-args.js';

export interface ServeIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Stops the server when aborted; without it, SIGINT and SIGTERM do. */
  readonly signal?: AbortSignal;
}

/** How often simulated time is brought up to the wall clock when no request does it (token files stay fresh). */
const SYNC_INTERVAL_MS = 30_000;

/** The readable table of endpoints; `examplePod` is the one the hint shows. */
export function endpointsTable(endpoints: Endpoints, about: string, examplePod?: string): string {
  const rows: [string, string][] = [
    ['issuer', `${endpoints.issuer}  (/.well-known/openid-configuration, /keys)`],
    ['sts', endpoints.sts],
    ['s3', endpoints.s3],
    ['kubernetes', endpoints.kubernetes],
    ['control', `${endpoints.control}  (/clock, /clock/advance, /keys/rotate, /apply, /audit, /pods/{ns}/{pod}/env)`],
    ...Object.entries(endpoints.imds).map(([pod, url]): [string, string] => [`imds ${pod}`, url]),
    ...Object.entries(endpoints.podIdentityAgent ?? {}).map(([pod, url]): [string, string] => [
      `pod-identity-agent ${pod}`,
      `${url}/v1/credentials`,
    ]),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const firstPod = examplePod ?? Object.keys(endpoints.imds)[0] ?? '<namespace>/<pod>';
  return [
    about,
    ...rows.map(([name, url]) => `  ${name.padEnd(width)}  ${url}`),
    '',
    'Act as a Pod from a shell in this repository:',
    `  export ${CONTROL_ENV_VAR}=${endpoints.control}`,
    `  eval "$(${COMMAND} env ${firstPod})"`,
    `After POST ${endpoints.control}/clock/advance, run the eval again (the AWS CLI caches credentials).`,
    'Stop with Ctrl-C.',
    '',
  ].join('\n');
}

/** The first Pod using IRSA, for the hint. */
function irsaPod(server: WorldServer): string | undefined {
  return Object.keys(server.endpoints().imds).find((key) => {
    const [namespace = '', pod = ''] = key.split('/');
    return server.podEnv(namespace, pod)[AWS_ROLE_ARN] !== undefined;
  });
}

function problem(err: unknown): string {
  if (isSimError(err)) return err.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Resolves when `signal` aborts, or at the first SIGINT/SIGTERM. The process
 * signal handlers then stay until the process exits (signal handlers do not
 * keep it alive): a second Ctrl-C or a SIGTERM during shutdown, or in the
 * moment between shutdown and exit, must not kill it before it exits 0.
 */
function stopped(signal: AbortSignal | undefined): { done: Promise<void>; release: () => void } {
  if (signal) {
    const done = new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return { done, release: () => undefined };
  }
  let stop: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    stop = resolve;
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { done, release: () => undefined };
}

async function start(command: Extract<ServeCommand, { kind: 'serve' }>, io: ServeIo): Promise<WorldServer | number> {
  let worldText: string | undefined;
  if (command.world !== undefined) {
    try {
      worldText = await readFile(command.world, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      io.stderr.write(`irsa-lab: cannot read the world file ${command.world}${code ? ` (${code})` : ''}\n`);
      return 2;
    }
  }
  try {
    return await serveWorld({
      seed: command.seed,
      ports: command.ports,
      ...(worldText === undefined ? {} : { worldText, worldFile: command.world }),
    });
  } catch (err) {
    const input = isSimError(err) && err.code.startsWith('INPUT_') && err.detail.field !== 'port';
    io.stderr.write(`irsa-lab: ${problem(err)}\n`);
    return input ? 2 : 1;
  }
}

/**
 * Run `irsa-lab serve` with `argv` (the arguments after `serve`); never throws.
 * @example process.exitCode = await serveMain(process.argv.slice(3), process);
 */
export async function serveMain(argv: readonly string[], io: ServeIo): Promise<number> {
  const command = parseServeArgs(argv);
  if (command.kind === 'help') {
    io.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  if (command.kind === 'usage-error') {
    io.stderr.write(`irsa-lab serve: ${command.message}. Try \`${COMMAND} serve --help\`.\n`);
    return 2;
  }
  const server = await start(command, io);
  if (typeof server === 'number') return server;
  const stop = stopped(io.signal);
  const endpoints = server.endpoints();
  const { world } = server;
  const about = `irsa-lab serve: ${command.world ?? 'the default world'} (seed ${command.seed}): cluster ${world.clusterName} in ${world.region}, account ${world.accountId}`;
  io.stdout.write(command.json ? `${JSON.stringify(endpoints)}\n` : endpointsTable(endpoints, about, irsaPod(server)));
  const timer = setInterval(() => void server.sync().catch(() => undefined), SYNC_INTERVAL_MS);
  timer.unref();
  await stop.done;
  clearInterval(timer);
  await server.close();
  stop.release();
  if (!command.json) io.stdout.write('irsa-lab serve: stopped; listeners closed, token files removed.\n');
  return 0;
}
