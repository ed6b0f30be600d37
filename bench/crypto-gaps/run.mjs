/**
 * How long one jose RS256 sign or verify takes depending on what the main
 * thread did just before it: nothing (back to back, as the floors of the
 * exchange and month benchmarks run), the other operation (sign then verify,
 * as an exchange does), or some busy JavaScript first (as the simulation
 * does between its crypto calls). WebCrypto runs each job on the libuv
 * thread pool; on this 2-vCPU virtual machine a pool thread or the main
 * thread that went idle for more than a fraction of a millisecond is slow
 * to wake, so the same job takes longer after a gap. This is one reason the
 * exchange and month ratios stay above their floors.
 * Informative only: no goal, not part of any test run, writes nothing.
 *
 * usage: node bench/crypto-gaps/run.mjs [--ops N]
 */
import { parseArgs } from 'node:util';
import { cryptoFloor, median } from '../lib/measure.mjs';

const { values } = parseArgs({ options: { ops: { type: 'string', default: '400' } } });
const ops = Number(values.ops);
if (!Number.isInteger(ops) || ops < 10) {
  console.error(`--ops must be a whole number of at least 10, got "${values.ops}"`);
  process.exit(2);
}

const floor = await cryptoFloor();
const claims = {
  aud: ['sts.amazonaws.com'],
  iss: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
  sub: 'system:serviceaccount:payments:billing',
  iat: 1767603600,
  exp: 1767690000,
};
const token = await floor.sign(claims);

/** Keep the main thread busy for `us` microseconds (stands in for the simulation's own work). */
function busy(us) {
  const end = performance.now() + us / 1000;
  while (performance.now() < end);
}

/** Median and mean latency (µs) of `op` when each call follows `before()`. */
async function latency(op, before) {
  const times = [];
  for (let i = 0; i < ops; i++) {
    await before();
    const start = performance.now();
    await op();
    times.push((performance.now() - start) * 1000);
  }
  return { median: median(times), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

const sign = () => floor.sign(claims);
const verify = () => floor.verify(token);
const nothing = async () => {};
await latency(sign, nothing); // warm-up
await latency(verify, nothing);

const rows = [
  ['back to back', await latency(sign, nothing), await latency(verify, nothing)],
  ['after the other operation', await latency(sign, verify), await latency(verify, sign)],
];
for (const gap of [100, 300, 1000, 3000]) {
  rows.push([
    `after ${gap} µs of JavaScript`,
    await latency(sign, () => busy(gap)),
    await latency(verify, () => busy(gap)),
  ]);
}
console.log(`jose RS256 (2048-bit) latency over ${ops} operations each: median / mean`);
const cell = (x) => `${Math.round(x.median)} / ${Math.round(x.mean)}`;
console.table(
  rows.map(([before, s, v]) => ({ 'what came before': before, 'sign (µs)': cell(s), 'verify (µs)': cell(v) })),
);
