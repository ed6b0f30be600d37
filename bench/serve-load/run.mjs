/**
 * Serve-mode load: `irsa-lab serve`'s default world in its own process,
 * driven over loopback by keep-alive connections (16 by default), each
 * sending AssumeRoleWithWebIdentity with the fully valid projected token of
 * payments/billing-api (every request verifies the JWT signature, the
 * claims, the OIDC provider and the trust policy, and mints credentials).
 * The same load against a bare node:http server answering a canned copy of
 * the real response, in the same run, is the floor. Prints req/s and
 * p50/p90/p99 latency for both and writes bench/results/serve-load.json.
 * Goal: at least 5,000 req/s. Not part of any test run.
 *
 * usage: node bench/serve-load/run.mjs [--seconds 5] [--warmup 1] [--connections 16] [--client auto|undici|http|raw]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadUndici, runLoad } from './load.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const GOAL_RPS = 5000;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '16' },
    client: { type: 'string', default: 'auto' },
  },
});
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const connections = Number(values.connections);
if (!(seconds > 0) || !(warmup >= 0) || !Number.isInteger(connections) || connections < 1) {
  console.error('--seconds and --warmup must be positive numbers, --connections a positive whole number');
  process.exit(2);
}
const undici = await loadUndici();
const client = values.client === 'auto' ? (undici ? 'undici' : 'http') : values.client;
if (!['undici', 'http', 'raw'].includes(client) || (client === 'undici' && !undici)) {
  console.error(
    `--client must be auto, http, raw${undici ? ' or undici' : ' (undici is not installed)'}; got ${values.client}`,
  );
  process.exit(2);
}

/** Start server.mjs in `mode`; resolves with its child process and the JSON line it printed. */
function startServer(mode, ...args) {
  const child = spawn(process.execPath, [join(here, 'server.mjs'), mode, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return new Promise((resolveStart, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`server.mjs ${mode} exited with ${code} before printing its endpoints`)),
    );
    createInterface({ input: child.stdout }).once('line', (line) =>
      resolveStart({ child, endpoints: JSON.parse(line) }),
    );
  });
}

function stop(child) {
  return new Promise((done) => {
    child.removeAllListeners('exit');
    child.once('exit', done);
    child.kill('SIGTERM');
  });
}

async function measure(url, body) {
  if (warmup > 0) await runLoad({ url, body, connections, seconds: warmup, client, undici });
  return runLoad({ url, body, connections, seconds, client, undici });
}

const world = await startServer('world');
let result;
let floor;
let sample;
try {
  const env = await (await fetch(`${world.endpoints.control}/pods/payments/billing-api/env`)).json();
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: env.AWS_ROLE_ARN,
    RoleSessionName: 'serve-load',
    WebIdentityToken: readFileSync(env.AWS_WEB_IDENTITY_TOKEN_FILE, 'utf8'),
  }).toString();
  const check = await fetch(`${world.endpoints.sts}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  sample = await check.text();
  if (check.status !== 200 || !sample.includes('<AssumeRoleWithWebIdentityResult>')) {
    throw new Error(`the token is not accepted (${check.status}): ${sample.slice(0, 300)}`);
  }
  result = await measure(`${world.endpoints.sts}/`, body);
  await stop(world.child);
  const bare = await startServer('floor', sample);
  try {
    floor = await measure(`${bare.endpoints.sts}/`, body);
  } finally {
    await stop(bare.child);
  }
} finally {
  if (world.child.exitCode === null) await stop(world.child);
}

const fmt = (r) =>
  `${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.latencyMs.p50.toFixed(2)} ms   p90 ${r.latencyMs.p90.toFixed(2)} ms   p99 ${r.latencyMs.p99.toFixed(2)} ms   statuses ${JSON.stringify(r.statuses)}`;
console.log(
  `serve-load: ${connections} keep-alive connections, ${seconds} s (after ${warmup} s warm-up), client ${client}`,
);
console.log(`  AssumeRoleWithWebIdentity  ${fmt(result)}`);
console.log(`  floor (bare node:http)     ${fmt(floor)}`);
console.log(
  `  ratio to floor ${(result.rps / floor.rps).toFixed(3)}; goal ${GOAL_RPS} req/s: ${result.rps >= GOAL_RPS ? 'met' : 'NOT met'}`,
);

mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/serve-load.json'),
  `${JSON.stringify(
    {
      benchmark: 'serve-load',
      node: process.version,
      cpus: cpus().length,
      loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
      client,
      connections,
      seconds,
      warmupSeconds: warmup,
      goalRps: GOAL_RPS,
      assumeRoleWithWebIdentity: result,
      floor,
      ratioToFloor: result.rps / floor.rps,
      goalMet: result.rps >= GOAL_RPS,
    },
    null,
    2,
  )}\n`,
);
