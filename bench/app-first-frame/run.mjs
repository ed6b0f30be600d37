/**
 * First frame of the bundled irsa-lab app under tmux, against a bare Ink
 * hello-world bundled with the same recipe, measured in the same run.
 * Each is started in a fresh tmux session N times (interleaved, after one
 * warm-up each); capture-pane is polled every few ms until the first frame's
 * text appears. Prints medians and the ratio (goal ≤ 1.3) and writes
 * bench/results/app-first-frame.json. Not part of any test run.
 *
 * usage: node bench/app-first-frame/run.mjs [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleApp } from '../../apps/lab/scripts/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const GOAL_RATIO = 1.3;
const GOAL_MS = 250;
const POLL_MS = 5;
const TIMEOUT_MS = 10_000;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a positive whole number, got "${values.runs}"`);
  process.exit(2);
}

const socket = `irsa-bench-${process.pid}`;
const tmux = (...args) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Milliseconds from starting the session until the pane shows `text`. */
async function firstFrameMs(bundle, text) {
  const session = 'bench';
  const start = performance.now();
  const created = tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `node '${bundle}'; sleep 30`);
  if (created.status !== 0) throw new Error(`tmux new-session failed: ${created.stderr.trim()}`);
  try {
    for (;;) {
      const elapsed = performance.now() - start;
      if (tmux('capture-pane', '-p', '-t', session).stdout.includes(text)) return elapsed;
      if (elapsed > TIMEOUT_MS) throw new Error(`"${text}" did not appear within ${TIMEOUT_MS} ms`);
      await sleep(POLL_MS);
    }
  } finally {
    tmux('kill-session', '-t', session);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('tmux is not installed');
  const work = mkdtempSync(join(tmpdir(), 'irsa-bench-'));
  const appBundle = join(root, 'apps/lab/dist/irsa-lab.mjs');
  if (!existsSync(appBundle)) await bundleApp(join(root, 'apps/lab/src/cli.tsx'), appBundle);
  const helloBundle = await bundleApp(join(here, 'hello.jsx'), join(work, 'hello.mjs'));
  const subjects = [
    { name: 'ink hello-world', bundle: helloBundle, text: 'irsa-bench hello world', ms: [] },
    { name: 'irsa-lab app', bundle: appBundle, text: 'irsa-lab ▸ scenarios', ms: [] },
  ];
  // a person's tmux is already running: keep the server up between runs so its start-up is not counted
  tmux('new-session', '-d', '-s', 'keeper', 'sleep 3600');
  try {
    for (const s of subjects) await firstFrameMs(s.bundle, s.text); // warm-up: file cache, tmux server
    for (let i = 0; i < runs; i++) for (const s of subjects) s.ms.push(await firstFrameMs(s.bundle, s.text));
  } finally {
    tmux('kill-server');
    rmSync(work, { recursive: true, force: true });
  }
  const [hello, app] = subjects.map((s) => ({ ...s, median: median(s.ms) }));
  const ratio = app.median / hello.median;
  console.log(`first frame under tmux, ${runs} runs each (median, min-max ms)`);
  for (const s of [hello, app]) {
    console.log(
      `  ${s.name.padEnd(16)} ${s.median.toFixed(0).padStart(5)} ms   ${Math.min(...s.ms).toFixed(0)}-${Math.max(...s.ms).toFixed(0)}`,
    );
  }
  console.log(
    `  ratio app/hello  ${ratio.toFixed(2).padStart(5)}      goal ≤ ${GOAL_RATIO} ${ratio <= GOAL_RATIO ? '(met)' : '(NOT met)'}`,
  );
  console.log(
    `  app first frame  ${app.median.toFixed(0).padStart(5)} ms   goal ≤ ${GOAL_MS} ms ${app.median <= GOAL_MS ? '(met)' : '(NOT met)'}`,
  );
  const resultsDir = join(root, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const result = {
    benchmark: 'app-first-frame',
    node: process.version,
    runs,
    pollMs: POLL_MS,
    helloMs: { median: hello.median, samples: hello.ms },
    appMs: { median: app.median, samples: app.ms },
    ratio,
    goalRatio: GOAL_RATIO,
    goalMs: GOAL_MS,
  };
  writeFileSync(join(resultsDir, 'app-first-frame.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`  written to bench/results/app-first-frame.json`);
}

main().catch((err) => {
  console.error(`app-first-frame: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
