/**
 * Where a serve-mode request's CPU goes: runs server.mjs `world` under
 * `node --cpu-prof`, drives it with the same AssumeRoleWithWebIdentity load
 * as run.mjs, and prints the server process's CPU time per request (from
 * /proc, so Linux only) and, from the profile, self time per request by
 * package and by function. Load on a noisy machine changes req/s but
 * hardly the CPU per request, which is what this reports. Not part of any
 * test run.
 *
 * The tables are V8's profiler's, which samples at wall-clock intervals: time
 * the kernel keeps the thread descheduled inside a system call counts to that
 * call, so `writev` and the start of a WebCrypto job (which wakes a thread-pool
 * thread) look larger than the CPU they use. For CPU only, run the server with
 * Node's `--perf-basic-prof` and `perf record -e cpu-clock -g -t <pid>` on its
 * main thread (bench/README.md, 7 December 2026, has such a breakdown).
 *
 * `--mode echo` profiles server.mjs `echo` instead: the same listener and
 * SimNetwork with one trivial msw handler, i.e. the serve path without STS;
 * `--mode floor` the bare node:http server.
 *
 * usage: node bench/serve-load/profile.mjs [--mode world|echo|floor] [--seconds 5] [--connections 16] [--client http|raw] [--top 30] [--keep]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runLoad } from './load.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    client: { type: 'string', default: 'http' },
    top: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
    mode: { type: 'string', default: 'world' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const top = Number(values.top);
const mode = values.mode;
if (!['world', 'echo', 'floor'].includes(mode)) {
  console.error(`--mode must be world, echo or floor; got ${mode}`);
  process.exit(2);
}
// echo and floor answer a canned response the size of the real one (about 1.5 kB)
const canned = `<AssumeRoleWithWebIdentityResponse>${'x'.repeat(1450)}</AssumeRoleWithWebIdentityResponse>`;

const profDir = mkdtempSync(join(tmpdir(), 'serve-load-prof-'));
const child = spawn(
  process.execPath,
  ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '250', join(here, 'server.mjs'), mode, canned],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
);
const endpoints = await new Promise((resolve, reject) => {
  child.once('exit', (code) => reject(new Error(`server.mjs exited with ${code}`)));
  createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
});

/** utime + stime of the server process, in ms. */
function cpuMs() {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}

const env =
  mode === 'world'
    ? await (await fetch(`${endpoints.control}/pods/payments/billing-api/env`)).json()
    : { AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/echo' };
const body = new URLSearchParams({
  Action: 'AssumeRoleWithWebIdentity',
  Version: '2011-06-15',
  RoleArn: env.AWS_ROLE_ARN,
  RoleSessionName: 'serve-load',
  WebIdentityToken: mode === 'world' ? readFileSync(env.AWS_WEB_IDENTITY_TOKEN_FILE, 'utf8') : `eyJ${'x'.repeat(1100)}`,
}).toString();
const url = `${endpoints.sts}/`;
await runLoad({ url, body, connections, seconds: 1, client: values.client });
const cpuBefore = cpuMs();
const result = await runLoad({ url, body, connections, seconds, client: values.client });
const cpuAfter = cpuMs();
await new Promise((done) => {
  child.removeAllListeners('exit');
  child.once('exit', done);
  child.kill('SIGTERM');
});

const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${profDir}`);
const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8'));
if (!values.keep) rmSync(profDir, { recursive: true, force: true });
else console.log(`profile: ${join(profDir, file)}`);

function packageOf(url, functionName) {
  const own = /\/(packages|apps)\/([^/]+)\//.exec(url);
  if (own) return `@irsa-lab/${own[2]}`;
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dep) return dep[1];
  if (url.startsWith('node:')) return 'node internals';
  if (url) return url;
  if (functionName.startsWith('(')) return functionName;
  return 'native (crypto, GC, …)';
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const byPackage = new Map();
const byFunction = new Map();
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)?.callFrame;
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  const pkg = packageOf(frame?.url ?? '', frame?.functionName ?? '');
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
  const fn = `${frame?.functionName || '(anonymous)'} ${(frame?.url ?? '').replace(/^.*\/(node_modules|packages)\//, '')}:${(frame?.lineNumber ?? 0) + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
});

// The profile covers start-up and warm-up too: scale to the measured window by sample time.
const requests = result.requests;
const cpu = cpuAfter - cpuBefore;
console.log(
  `${requests} requests in ${result.seconds.toFixed(1)} s (${result.rps.toFixed(0)} req/s, statuses ${JSON.stringify(result.statuses)})`,
);
console.log(
  `server process CPU (user+sys, /proc): ${cpu.toFixed(0)} ms = ${((1000 * cpu) / requests).toFixed(0)} µs per request`,
);
const totalProfiled = [...byPackage.values()].reduce((a, b) => a + b, 0);
const busy = totalProfiled - (byPackage.get('(idle)') ?? 0) - (byPackage.get('(program)') ?? 0);
console.log(
  `profile (whole process life incl. start-up and warm-up): ${totalProfiled.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms outside (idle)/(program)`,
);
const rows = (map) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, ms]) => ({ where, ms: Math.round(ms), share: `${((100 * ms) / totalProfiled).toFixed(1)}%` }));
console.log('\nself time by package');
console.table(rows(byPackage));
console.log('\nself time by function');
console.table(rows(byFunction));
