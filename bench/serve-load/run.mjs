/**
 * Serve-mode load, against moto in the same run. `irsa-lab serve`'s default
 * world (server.mjs `world`, its own process, on the Node flags `irsa-lab serve` runs with) and moto_server (moto's
 * standalone server, python3 -m moto.server) are driven over loopback by the
 * same load client (16 keep-alive connections by default) with the same
 * request mix: STS AssumeRoleWithWebIdentity with the projected token of
 * payments/billing-api, and GetCallerIdentity SigV4-signed (by the AWS SDK's
 * signer) with the credentials that server minted, in turn. The two are
 * measured in interleaved rounds, so a change in the machine's load hits
 * both; the ratio is of their medians. Goal: ours at least 10 times moto's
 * requests per second.
 *
 * What each request costs. Ours, every time: AssumeRoleWithWebIdentity
 * verifies the JWT's RS256 signature against the issuer's JWKS (fetched
 * through the simulated network and cached in simulated time), its iss,
 * aud, sub, exp, nbf and iat, that the account has the issuer's OIDC
 * provider with that audience, and the role's trust policy through the
 * policy engine, then mints credentials and writes a CloudTrail record;
 * GetCallerIdentity checks the SigV4 header, X-Amz-Date and the 15-minute
 * skew, looks up the access key, checks the credential scope, the
 * credentials' expiry, the session token and the payload hash, recomputes
 * the signature, and writes a CloudTrail record. moto validates neither:
 * it accepts any web identity token and does not check signatures (it
 * reads the access key from the Authorization header to say whose it is).
 * moto's server also closes the connection after every response
 * (Connection: close), so against it the client opens one per request,
 * as any client of it would.
 *
 * Two more rows, for information: ours with AssumeRoleWithWebIdentity only
 * (the earlier goal of 5,000 req/s was set for that), and a bare node:http
 * server answering a canned response (the floor: what the sockets and the
 * client cost anyway). Prints req/s and latency percentiles and writes
 * bench/results/serve-load.json. Not part of any test run, nor of .ci/run.
 *
 * usage: node bench/serve-load/run.mjs [--seconds 5] [--rounds 3] [--warmup 1] [--connections 16] [--client auto|undici|http|raw]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SignatureV4 } from '@smithy/signature-v4';
import { serveFlags } from '../../apps/irsa-lab/bin/launch.mjs';
import { binLaunch } from '../../scripts/bin-launch.mjs';
import { median, writeResult } from '../lib/measure.mjs';
import { loadUndici, runLoad } from './load.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const GOAL_RATIO = 10;
const GOAL_RPS = 5000;
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '16' },
    client: { type: 'string', default: 'auto' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
const connections = Number(values.connections);
if (!(seconds > 0) || !(warmup >= 0) || ![connections, rounds].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error('--seconds and --warmup must be positive numbers, --connections and --rounds positive whole numbers');
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

/** Resolves with the first line `child` prints on stdout; rejects if it exits first. */
function firstLine(child, what) {
  return new Promise((resolveLine, reject) => {
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout }).once('line', resolveLine);
  });
}

/**
 * The environment and Node flags `irsa-lab serve` runs with, so that ours is measured as users run it: those on
 * the first line of the app's bin (scripts/bin-launch.mjs reads it), less the walkthrough's own, which the bin
 * drops when it starts serve (apps/irsa-lab/bin/launch.mjs).
 */
const BIN_LAUNCH = binLaunch(join(here, '../../apps/irsa-lab/bin/irsa-lab.mjs'));
const SERVE_LAUNCH = { env: BIN_LAUNCH.env, flags: serveFlags(BIN_LAUNCH.flags) };

/** Start server.mjs in `mode`, as the bin starts Node; resolves with its child process and the endpoints it printed. */
async function startServer(mode, ...args) {
  const child = spawn(process.execPath, [...SERVE_LAUNCH.flags, join(here, 'server.mjs'), mode, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...SERVE_LAUNCH.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return { child, endpoints: JSON.parse(await firstLine(child, `server.mjs ${mode}`)) };
}

/** A free loopback port (moto_server needs one named). */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** moto_server on a free port; resolves once it answers. */
async function startMoto() {
  const found = spawnSync('python3', ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`moto is not installed for python3: ${found.stderr.trim()}`);
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    if (waited > 30_000) throw new Error('moto_server did not answer within 30 s');
    const up = await fetch(`${url}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, version: found.stdout.trim() };
}

function stop(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.removeAllListeners('exit');
    child.once('exit', done);
    child.kill('SIGTERM');
  });
}

/** SHA-256 and HMAC-SHA-256 for the SDK's signer, from node:crypto. */
class Sha256 {
  constructor(secret) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

async function post(url, body, headers = {}) {
  const response = await fetch(`${url}/`, { method: 'POST', headers: { 'content-type': FORM, ...headers }, body });
  return { status: response.status, text: await response.text() };
}

const xmlValue = (xml, name) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/**
 * The request mix for the STS at `url`: AssumeRoleWithWebIdentity with `token` for `roleArn`, and
 * GetCallerIdentity signed with the credentials it answered. Checks that this server answers both with 200.
 */
async function requestMix(url, token, roleArn) {
  const assume = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: 'serve-load',
    WebIdentityToken: token,
  }).toString();
  const assumed = await post(url, assume);
  if (assumed.status !== 200 || !assumed.text.includes('<AssumeRoleWithWebIdentityResult>')) {
    throw new Error(`${url}: AssumeRoleWithWebIdentity answered ${assumed.status}: ${assumed.text.slice(0, 300)}`);
  }
  const credentials = {
    accessKeyId: xmlValue(assumed.text, 'AccessKeyId'),
    secretAccessKey: xmlValue(assumed.text, 'SecretAccessKey'),
    sessionToken: xmlValue(assumed.text, 'SessionToken'),
  };
  const { hostname, port } = new URL(url);
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'sts', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname,
    port: Number(port),
    path: '/',
    query: {},
    headers: { host: `${hostname}:${port}`, 'content-type': FORM },
    body,
  });
  const { host: _host, ...headers } = signed.headers;
  const identity = await post(url, body, headers);
  if (identity.status !== 200 || !/<Arn>arn:aws:sts::\d+:assumed-role\//.test(identity.text)) {
    throw new Error(`${url}: GetCallerIdentity answered ${identity.status}: ${identity.text.slice(0, 300)}`);
  }
  return { assumeOnly: assume, mix: [{ body: assume }, { body, headers }], sample: assumed.text };
}

async function measure(url, body) {
  if (warmup > 0) await runLoad({ url: `${url}/`, body, connections, seconds: warmup, client, undici });
  return runLoad({ url: `${url}/`, body, connections, seconds, client, undici });
}

const allOk = (r) => Object.keys(r.statuses).every((s) => s === '200');

const ours = await startServer('world');
let moto;
const runs = { ours: [], moto: [] };
let oursAssumeOnly;
let floor;
let motoVersion;
try {
  moto = await startMoto();
  motoVersion = moto.version;
  const env = await (await fetch(`${ours.endpoints.control}/pods/payments/billing-api/env`)).json();
  const token = readFileSync(env.AWS_WEB_IDENTITY_TOKEN_FILE, 'utf8');
  const oursMix = await requestMix(ours.endpoints.sts, token, env.AWS_ROLE_ARN);
  const motoMix = await requestMix(moto.url, token, env.AWS_ROLE_ARN);
  for (let round = 0; round < rounds; round++) {
    runs.ours.push(await measure(ours.endpoints.sts, oursMix.mix));
    runs.moto.push(await measure(moto.url, motoMix.mix));
  }
  oursAssumeOnly = await measure(ours.endpoints.sts, oursMix.assumeOnly);
  await Promise.all([stop(ours.child), stop(moto.child)]);
  const bare = await startServer('floor', oursMix.sample);
  try {
    floor = await measure(bare.endpoints.sts, oursMix.mix);
  } finally {
    await stop(bare.child);
  }
} finally {
  await Promise.all([stop(ours.child), moto ? stop(moto.child) : undefined]);
}

const oursRps = median(runs.ours.map((r) => r.rps));
const motoRps = median(runs.moto.map((r) => r.rps));
const ratio = oursRps / motoRps;
const everyOk = [...runs.ours, ...runs.moto, oursAssumeOnly].every(allOk);
const fmt = (r) =>
  `${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.latencyMs.p50.toFixed(2)} ms   p90 ${r.latencyMs.p90.toFixed(2)} ms   p99 ${r.latencyMs.p99.toFixed(2)} ms   statuses ${JSON.stringify(r.statuses)}`;
console.log(
  `serve-load on Node ${process.version}: ${connections} connections, ${rounds} rounds of ${seconds} s each (after ${warmup} s warm-up), client ${client}`,
);
console.log('mix: AssumeRoleWithWebIdentity and GetCallerIdentity (SigV4) in turn');
for (const [i, r] of runs.ours.entries()) console.log(`  irsa-lab serve, round ${i + 1}  ${fmt(r)}`);
for (const [i, r] of runs.moto.entries()) console.log(`  moto ${motoVersion}, round ${i + 1}    ${fmt(r)}`);
console.log(
  `  medians: irsa-lab ${oursRps.toFixed(0)} req/s, moto ${motoRps.toFixed(0)} req/s: ${ratio.toFixed(1)}× moto; goal ≥ ${GOAL_RATIO}× ${ratio >= GOAL_RATIO ? '(met)' : '(NOT met)'}`,
);
console.log(`  irsa-lab, AssumeRoleWithWebIdentity only ${fmt(oursAssumeOnly)}`);
console.log(`    earlier goal ${GOAL_RPS} req/s for it: ${oursAssumeOnly.rps >= GOAL_RPS ? 'met' : 'NOT met'}`);
console.log(`  floor (bare node:http, the mix)        ${fmt(floor)}`);
if (!everyOk) console.log('  NOT every answer was 200: see the statuses above');

writeResult('serve-load', {
  client,
  connections,
  seconds,
  rounds,
  warmupSeconds: warmup,
  mix: ['AssumeRoleWithWebIdentity', 'GetCallerIdentity'],
  moto: motoVersion,
  irsaLab: { medianRps: oursRps, rounds: runs.ours },
  motoServer: { medianRps: motoRps, rounds: runs.moto },
  ratioToMoto: ratio,
  goalRatio: GOAL_RATIO,
  met: ratio >= GOAL_RATIO && everyOk,
  assumeRoleWithWebIdentityOnly: oursAssumeOnly,
  goalRpsAssumeOnly: GOAL_RPS,
  floor,
});
process.exitCode = everyOk ? 0 : 1;
