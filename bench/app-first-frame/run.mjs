/**
 * First frame of the bundled irsa-lab app under tmux, against a bare Ink
 * hello-world built with the same recipe (hello.mjs), measured in the same
 * run. The app starts as its bin starts it, with the environment and Node
 * flags of the bin's first line (scripts/bin-launch.mjs); hello-world with
 * plain `node`, as such a program is run.
 *
 * A tmux control-mode client (`tmux -C`) stays attached to a keeper
 * session, as a person's terminal would. Each run opens a new 120x40 window
 * running the bundle and times from that command until the window's
 * text shows the first frame: on every `%output` notification (tmux got
 * bytes from the program) the client asks for `capture-pane` over the same
 * control connection, so there is no polling interval and no tmux process
 * spawned per check competing with the program for the two cores. Runs are
 * interleaved, after one warm-up each (so the files are in the OS's cache).
 *
 * Both programs turn on Node's compile cache before loading Ink, so each is
 * measured twice: cold, the first start after a build (each run gets an
 * empty cache directory through NODE_COMPILE_CACHE), and warm, what a person
 * sees on the second and later starts (a directory filled once by a start
 * that stayed up long enough to write it, as the app does a second after its
 * first frame). The goal (ratio ≤ 1.3) is for the warm start; the cold one
 * is reported beside it. A plain `node -e` that prints one line is measured
 * the same way, for the cost of Node and tmux alone, and after them the labs
 * runner (`npm run labs`), for information. When NODE_EXTRA_CA_CERTS is set
 * (it is on this machine's image), Node reads that certificate bundle as it
 * starts, so node alone and the warm app are also measured with it unset, as
 * extra rows marked *.
 * Prints medians and ratios and writes bench/results/app-first-frame.json.
 * Not part of any test run.
 *
 * usage: node bench/app-first-frame/run.mjs [--runs N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleApp } from '../../apps/irsa-lab/scripts/bundle.mjs';
import { binLaunch } from '../../scripts/bin-launch.mjs';
import { median, writeResult } from '../lib/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const GOAL_RATIO = 1.3;
const TIMEOUT_MS = 10_000;
const COLS = 120;
const ROWS = 40;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a positive whole number, got "${values.runs}"`);
  process.exit(2);
}

const socket = `irsa-bench-${process.pid}`;
const tmux = (...args) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;

/** A control-mode client on the keeper session: send commands, read notifications and command output. */
function controlClient() {
  const child = spawn('tmux', ['-L', socket, '-C', 'attach', '-t', 'keeper'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let pending = '';
  let onLine = () => {};
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    pending += chunk;
    for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n')) {
      const line = pending.slice(0, i);
      pending = pending.slice(i + 1);
      onLine(line);
    }
  });
  return {
    send: (command) => child.stdin.write(`${command}\n`),
    listen: (fn) => {
      onLine = fn;
    },
    close: () => child.stdin.end(),
  };
}

/**
 * Milliseconds from asking tmux for a window running `command` until the window shows `text`; then, after
 * `holdMs`, the window is killed and `settleMs` given to the program to end.
 */
function firstFrameMs(client, command, text, { settleMs = 150, holdMs = 0 } = {}) {
  return new Promise((resolvePromise, reject) => {
    let captured = null; // lines of the capture-pane reply being read
    let asked = false; // a capture-pane is on its way
    let stale = false; // output arrived while it was on its way
    const timer = setTimeout(() => finish(new Error(`"${text}" did not appear within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    const finish = async (result) => {
      clearTimeout(timer);
      client.listen(() => {});
      if (!(result instanceof Error)) await sleep(holdMs);
      client.send('kill-window -t keeper:9');
      // let the killed program's last output drain before the next run
      await sleep(settleMs);
      if (result instanceof Error) reject(result);
      else resolvePromise(result);
    };
    const ask = () => {
      asked = true;
      stale = false;
      client.send('capture-pane -p -t keeper:9');
    };
    client.listen((line) => {
      if (line.startsWith('%output ')) {
        if (asked) stale = true;
        else ask();
      } else if (line.startsWith('%begin ')) {
        captured = [];
      } else if (line.startsWith('%end ') || line.startsWith('%error ')) {
        const screen = captured?.join('\n') ?? '';
        captured = null;
        if (!asked) return; // the reply to new-window or kill-window
        asked = false;
        if (screen.includes(text)) finish(performance.now() - start);
        else if (stale) ask();
      } else if (captured) {
        captured.push(line);
      }
    });
    const start = performance.now();
    client.send(`new-window -d -t keeper:9 ${quote(`${command}; sleep 30`)}`);
  });
}

/** `command` run with NODE_COMPILE_CACHE=`dir` (a function of the run, so each cold run gets its own). */
const withCache = (dir, command) => () => `env NODE_COMPILE_CACHE=${quote(dir())} ${command}`;

const stats = (s) => ({
  median: median(s.ms),
  min: Math.min(...s.ms),
  max: Math.max(...s.ms),
  samples: s.ms.map((ms) => Math.round(ms)),
});

async function main() {
  if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('tmux is not installed');
  const work = mkdtempSync(join(tmpdir(), 'irsa-bench-'));
  const appBundle = join(root, 'apps/irsa-lab/dist/irsa-lab.mjs');
  const labsBundle = join(root, 'labs/dist/runner.mjs');
  for (const bundle of [appBundle, labsBundle]) {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
  }
  const helloBundle = await bundleApp(join(here, 'hello.mjs'), join(work, 'hello/hello.mjs'));
  const warm = () => join(work, 'cache-warm');
  let colds = 0;
  const cold = () => join(work, `cache-cold-${colds++}`);
  // the app as its bin starts it (the environment and Node flags of the bin's first line); hello as plain node
  const launch = binLaunch(join(root, 'apps/irsa-lab/bin/irsa-lab.mjs'));
  const app = [
    'env',
    ...Object.entries(launch.env).map(([k, v]) => `${k}=${v}`),
    'node',
    ...launch.flags,
    quote(appBundle),
  ].join(' ');
  const hello = `node ${quote(helloBundle)}`;
  const APP_TEXT = 'irsa-lab ▸ scenarios';
  const HELLO_TEXT = 'irsa-bench hello world';
  const subjects = [
    { name: 'node alone', command: () => `node -e "console.log('irsa-bench node')"`, text: 'irsa-bench node' },
    { name: 'hello, cold', command: withCache(cold, hello), text: HELLO_TEXT },
    { name: 'app, cold', command: withCache(cold, app), text: APP_TEXT },
    { name: 'hello, warm', command: withCache(warm, hello), text: HELLO_TEXT },
    { name: 'app, warm', command: withCache(warm, app), text: APP_TEXT },
  ];
  // Node reads NODE_EXTRA_CA_CERTS as it starts: when it is set, also show what a terminal without it gets
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: run on its own, never as a turbo task
  const extraCa = process.env.NODE_EXTRA_CA_CERTS;
  if (extraCa) {
    for (const s of [subjects[0], subjects[4]]) {
      subjects.push({ ...s, name: `${s.name}*`, command: () => `env -u NODE_EXTRA_CA_CERTS ${s.command()}` });
    }
  }
  for (const s of subjects) s.ms = [];
  const labsRunner = { name: 'labs runner', ms: [] };
  const loadBefore = loadAverage();
  // a person's tmux is already running: keep the server up between runs so its start-up is not counted
  const made = tmux('new-session', '-d', '-s', 'keeper', '-x', String(COLS), '-y', String(ROWS), 'sleep 3600');
  if (made.status !== 0) throw new Error(`tmux new-session failed: ${made.stderr.trim()}`);
  const socketPath = tmux('display-message', '-p', '#{socket_path}').stdout.trim();
  const client = controlClient();
  let warmEntries;
  try {
    client.send(`refresh-client -C ${COLS}x${ROWS}`);
    await sleep(200);
    // warm-up (file cache, tmux server); the warm subjects' warm-up stays up until their cache is written
    for (const s of subjects) {
      await firstFrameMs(client, s.command(), s.text, { holdMs: s.name.includes('warm') ? 2000 : 0 });
    }
    warmEntries = countFiles(warm());
    if (warmEntries === 0) throw new Error(`the warm-up wrote no compile cache into ${warm()}`);
    for (let i = 0; i < runs; i++) {
      for (const s of subjects) s.ms.push(await firstFrameMs(client, s.command(), s.text));
    }
    // informative, no goal: the labs runner (`npm run labs`). After its first frame it loads and runs its first
    // check, which a hang-up interrupts only between module loads, so it runs after the others, and each run is
    // given time to end before the next
    const command = `node ${quote(labsBundle)}`;
    await firstFrameMs(client, command, 'irsa-lab labs', { settleMs: 2000 });
    for (let i = 0; i < runs; i++) {
      labsRunner.ms.push(await firstFrameMs(client, command, 'irsa-lab labs', { settleMs: 2000 }));
    }
  } finally {
    client.close();
    tmux('kill-server');
    if (socketPath) rmSync(socketPath, { force: true }); // tmux leaves its socket file behind
    rmSync(work, { recursive: true, force: true });
  }
  const [node, helloCold, appCold, helloWarm, appWarm, ...withoutExtraCa] = subjects.map((s) => ({
    ...s,
    ...stats(s),
  }));
  const runner = { ...labsRunner, ...stats(labsRunner) };
  const ratioWarm = appWarm.median / helloWarm.median;
  const ratioCold = appCold.median / helloCold.median;
  console.log(`first frame under tmux on Node ${process.version}, ${runs} runs each (median, min-max ms)`);
  for (const s of [node, helloCold, appCold, helloWarm, appWarm, ...withoutExtraCa, runner]) {
    console.log(
      `  ${s.name.padEnd(16)} ${s.median.toFixed(0).padStart(5)} ms   ${s.min.toFixed(0)}-${s.max.toFixed(0)}`,
    );
  }
  console.log(
    `  app/hello, warm  ${ratioWarm.toFixed(2).padStart(5)}      goal ≤ ${GOAL_RATIO} (second and later starts) ${ratioWarm <= GOAL_RATIO ? '(met)' : '(NOT met)'}`,
  );
  console.log(`  app/hello, cold  ${ratioCold.toFixed(2).padStart(5)}      (the first start after a build)`);
  if (extraCa) console.log(`  * with NODE_EXTRA_CA_CERTS unset (here it is ${extraCa})`);
  console.log(`  load average before ${loadBefore.join(' ')}, after ${loadAverage().join(' ')}`);
  writeResult('app-first-frame', {
    runs,
    method: 'tmux control mode: new-window until capture-pane shows the text',
    terminal: `${COLS}x${ROWS}`,
    loadAverageBefore: loadBefore,
    compileCacheFilesWarm: warmEntries,
    nodeMs: stats(node),
    cold: { helloMs: stats(helloCold), appMs: stats(appCold), ratio: ratioCold },
    warm: { helloMs: stats(helloWarm), appMs: stats(appWarm), ratio: ratioWarm },
    labsRunnerMs: stats(runner),
    nodeExtraCaCerts: extraCa ?? null,
    withoutExtraCaCerts: extraCa ? { nodeMs: withoutExtraCa[0]?.median, appWarmMs: withoutExtraCa[1]?.median } : null,
    goalRatio: GOAL_RATIO,
    met: ratioWarm <= GOAL_RATIO,
  });
}

/** Files under `dir`, recursively (0 if it does not exist). */
function countFiles(dir) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

const loadAverage = () => loadavg().map((l) => Number(l.toFixed(2)));

main().catch((err) => {
  console.error(`app-first-frame: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
