/**
 * Shared pieces of the `npm run bench` benchmarks: wall-clock timing (benchmarks
 * measure real time; the simulation's own clock is not involved), peak
 * memory sampling, the crypto floor (jose signing and verifying the same
 * tokens), a where-the-time-goes profile by package, the result table and
 * the JSON written to bench/results/ for comparison over time.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompactSign, compactVerify, generateKeyPair } from 'jose';

const here = dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = resolve(here, '../results');

/** Run `fn` while sampling memory every 5 ms; returns its value, wall ms and peak RSS / heap (MiB) above nothing. */
export async function measured(fn) {
  globalThis.gc?.();
  const peak = { rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const start = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - start;
    sample();
    return { value, ms, peakRssMiB: peak.rss / 2 ** 20, peakHeapMiB: peak.heapUsed / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The crypto floor: RS256 sign (jose) of each payload, and verify of each signed token, with one 2048-bit key. */
export async function cryptoFloor() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const encoder = new TextEncoder();
  const header = { alg: 'RS256', kid: 'floor-key' };
  return {
    sign: (payload) =>
      new CompactSign(encoder.encode(JSON.stringify(payload))).setProtectedHeader(header).sign(privateKey),
    verify: (token) => compactVerify(token, publicKey, { algorithms: ['RS256'] }),
  };
}

/** Which package a profiled frame belongs to. */
function packageOf(url, functionName) {
  const own = /\/packages\/([^/]+)\//.exec(url);
  if (own) return `@irsa-lab/${own[1]}`;
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dep) return dep[1];
  if (url.startsWith('node:')) return 'node internals';
  if (url) return 'bench script';
  if (functionName.startsWith('(')) return functionName; // (idle): waiting, e.g. for crypto on the thread pool
  // native frames without a script: chiefly WebCrypto's job.run() (RSA sign/verify) as this profiler sees it
  return 'native code (WebCrypto jobs, …)';
}

/** Profile `fn` with the inspector and return self time per package (packages/<name>, node_modules/<pkg>, node). */
export async function profileByPackage(fn) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  await fn();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const where = packageOf(frame?.url ?? '', frame?.functionName ?? '');
    self.set(where, (self.get(where) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([where, ms]) => ({ where, ms: Math.round(ms), share: `${((100 * ms) / total).toFixed(1)}%` }));
}

/** Print rows `{ metric, value, floor, ratio, goal, met }` as a table. */
export function printTable(title, rows) {
  console.log(`\n${title}`);
  console.table(
    rows.map((r) => ({
      metric: r.metric,
      value: r.value,
      floor: r.floor ?? '',
      ratio: r.ratio === undefined ? '' : r.ratio.toFixed(2),
      goal: r.goal ?? '',
      met: r.met === undefined ? '' : r.met ? 'yes' : 'NO',
    })),
  );
}

/** Write bench/results/<name>.json (latest) and append one line to <name>.history.jsonl. */
export function writeResult(name, data) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const record = {
    name,
    at: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    ...data,
  };
  writeFileSync(resolve(RESULTS_DIR, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  appendFileSync(resolve(RESULTS_DIR, `${name}.history.jsonl`), `${JSON.stringify(record)}\n`);
  console.log(`wrote bench/results/${name}.json`);
  return record;
}

/** `--name value` options of a benchmark script. */
export function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive whole number, got "${process.argv[i + 1]}"`);
    process.exit(2);
  }
  return value;
}

export const flag = (name) => process.argv.includes(`--${name}`);
