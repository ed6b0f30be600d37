/**
 * `npm run bench`: runs the benchmarks one after another, each in
 * its own Node process (so peak memory is that benchmark's own, and
 * --expose-gc lets it start each phase from a collected heap), then prints
 * one summary table of ratios against the floors and goals. Each benchmark
 * also writes bench/results/<name>.json and appends to <name>.history.jsonl.
 * Never part of `npm test`. app-first-frame (another benchmark, needing
 * tmux) is run on its own: node bench/app-first-frame/run.mjs.
 *
 * usage: node bench/run.mjs [exchange] [month] [world-creation] [-- extra args for each, e.g. --profile]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ALL = ['exchange', 'month', 'world-creation'];
const dash = process.argv.indexOf('--');
const names = (dash === -1 ? process.argv.slice(2) : process.argv.slice(2, dash)).filter((a) => !a.startsWith('-'));
const extra = dash === -1 ? process.argv.slice(2).filter((a) => a.startsWith('-')) : process.argv.slice(dash + 1);
const unknown = names.filter((n) => !ALL.includes(n));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')} (known: ${ALL.join(', ')})`);
  process.exit(2);
}

const summary = [];
let failed = false;
for (const name of names.length ? names : ALL) {
  console.log(`\n=== ${name} ===`);
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--expose-gc', resolve(here, name, 'run.mjs'), ...extra], {
    stdio: 'inherit',
  });
  if (child.status !== 0) {
    failed = true;
    summary.push({ benchmark: name, result: `exited with ${child.status ?? child.signal}` });
    continue;
  }
  const r = JSON.parse(readFileSync(resolve(here, 'results', `${name}.json`), 'utf8'));
  const took = `${((performance.now() - started) / 1000).toFixed(0)} s`;
  if (name === 'exchange') {
    summary.push({
      benchmark: name,
      result: `${r.exchangesPerSecond.toFixed(0)} exchanges/s vs floor ${r.floorSignVerifyPerSecond.toFixed(0)}/s`,
      ratio: r.ratio.toFixed(2),
      goal: `≥ ${r.goal}`,
      met: r.met ? 'yes' : 'NO',
      'peak RSS MiB': r.peakRssMiB.toFixed(0),
      took,
    });
  } else if (name === 'month') {
    summary.push({
      benchmark: name,
      result: `${(r.monthMs / 1000).toFixed(1)} s vs floor ${(r.floorMs / 1000).toFixed(1)} s (${r.gaps} gaps)`,
      ratio: r.ratio.toFixed(2),
      goal: `≤ ${r.goal}`,
      met: r.met ? 'yes' : 'NO',
      'peak RSS MiB': r.peakRssMiB.toFixed(0),
      took,
    });
  } else {
    summary.push({
      benchmark: name,
      result: `createWorld ${r.bareMedianMs.toFixed(2)} ms, ready world ${r.readyMedianMs.toFixed(1)} ms (floor ${r.floorMedianMs.toFixed(2)} ms)`,
      ratio: r.ratioReady.toFixed(2),
      goal: '(tracked)',
      met: '',
      'peak RSS MiB': r.peakRssMiB.ready.toFixed(0),
      took,
    });
  }
}
console.log('\n=== summary (JSON in bench/results/) ===');
console.table(summary);
process.exit(failed ? 1 : 0);
