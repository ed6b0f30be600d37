/**
 * First frame of the bundled irsa-lab app under tmux, against a bare Ink
 * hello-world bundled with the same recipe, measured in the same run.
 *
 * A tmux control-mode client (`tmux -C`) stays attached to a keeper
 * session, as a person's terminal would. Each run opens a new 120x40 window
 * running `node <bundle>` and times from that command until the window's
 * text shows the first frame: on every `%output` notification (tmux got
 * bytes from the program) the client asks for `capture-pane` over the same
 * control connection, so there is no polling interval and no tmux process
 * spawned per check competing with the program for the two cores. Runs are
 * interleaved, after one warm-up each. A plain `node -e` that prints one
 * line is measured the same way, for the cost of Node and tmux alone, and
 * after them the labs runner (`npm run labs`), for information. When
 * NODE_EXTRA_CA_CERTS is set (it is on this machine's image), Node parses
 * that certificate bundle before any JavaScript runs, so node alone and the
 * app are also measured with it unset, as extra rows marked *.
 * Prints medians and the ratio (goal ≤ 1.3) and writes
 * bench/results/app-first-frame.json. Not part of any test run.
 *
 * usage: node bench/app-first-frame/run.mjs [--runs N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleApp, bundleLabsRunner } from '../../apps/irsa-lab/scripts/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const GOAL_RATIO = 1.3;
const GOAL_MS = 250;
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
 * Milliseconds from asking tmux for a window running `command` until the window shows `text`; then the
 * window is killed and `settleMs` given to the program to end.
 */
function firstFrameMs(client, command, text, settleMs = 150) {
  return new Promise((resolvePromise, reject) => {
    let captured = null; // lines of the capture-pane reply being read
    let asked = false; // a capture-pane is on its way
    let stale = false; // output arrived while it was on its way
    const timer = setTimeout(() => finish(new Error(`"${text}" did not appear within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    const finish = (result) => {
      clearTimeout(timer);
      client.listen(() => {});
      client.send('kill-window -t keeper:9');
      // let the killed program's last output drain before the next run
      sleep(settleMs).then(() => (result instanceof Error ? reject(result) : resolvePromise(result)));
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

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('tmux is not installed');
  const work = mkdtempSync(join(tmpdir(), 'irsa-bench-'));
  const appBundle = join(root, 'apps/irsa-lab/dist/irsa-lab.mjs');
  if (!existsSync(appBundle)) await bundleApp(join(root, 'apps/irsa-lab/src/cli.tsx'), appBundle);
  const labsBundle = join(root, 'labs/dist/runner.mjs');
  if (!existsSync(labsBundle)) await bundleLabsRunner();
  const helloBundle = await bundleApp(join(here, 'hello.jsx'), join(work, 'hello.mjs'));
  const subjects = [
    { name: 'node alone', command: `node -e "console.log('irsa-bench node')"`, text: 'irsa-bench node', ms: [] },
    { name: 'ink hello-world', command: `node ${quote(helloBundle)}`, text: 'irsa-bench hello world', ms: [] },
    { name: 'irsa-lab app', command: `node ${quote(appBundle)}`, text: 'irsa-lab ▸ scenarios', ms: [] },
  ];
  // Node 20 reads and parses NODE_EXTRA_CA_CERTS before running any JavaScript (about 80 ms for this
  // machine's 220 KB bundle): when it is set, also show what a terminal without it gets (not the goal)
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: run on its own, never as a turbo task
  const extraCa = process.env.NODE_EXTRA_CA_CERTS;
  if (extraCa) {
    for (const s of [subjects[0], subjects[2]]) {
      subjects.push({ ...s, name: `${s.name}*`, command: `env -u NODE_EXTRA_CA_CERTS ${s.command}`, ms: [] });
    }
  }
  const labsRunner = [];
  // a person's tmux is already running: keep the server up between runs so its start-up is not counted
  const made = tmux('new-session', '-d', '-s', 'keeper', '-x', String(COLS), '-y', String(ROWS), 'sleep 3600');
  if (made.status !== 0) throw new Error(`tmux new-session failed: ${made.stderr.trim()}`);
  const socketPath = tmux('display-message', '-p', '#{socket_path}').stdout.trim();
  const client = controlClient();
  try {
    client.send(`refresh-client -C ${COLS}x${ROWS}`);
    await sleep(200);
    for (const s of subjects) await firstFrameMs(client, s.command, s.text); // warm-up: file cache, tmux server
    for (let i = 0; i < runs; i++) for (const s of subjects) s.ms.push(await firstFrameMs(client, s.command, s.text));
    // informative, no goal: the labs runner (`npm run labs`), bundled the same way. After its first frame it
    // loads and runs its first check, which a hang-up interrupts only between module loads, so it runs after
    // the others, and each run is given time to end before the next
    const command = `node ${quote(labsBundle)}`;
    await firstFrameMs(client, command, 'irsa-lab labs', 2000);
    for (let i = 0; i < runs; i++) labsRunner.push(await firstFrameMs(client, command, 'irsa-lab labs', 2000));
  } finally {
    client.close();
    tmux('kill-server');
    if (socketPath) rmSync(socketPath, { force: true }); // tmux leaves its socket file behind
    rmSync(work, { recursive: true, force: true });
  }
  const [node, hello, app, ...withoutExtraCa] = subjects.map((s) => ({ ...s, median: median(s.ms) }));
  const ratio = app.median / hello.median;
  console.log(`first frame under tmux, ${runs} runs each (median, min-max ms)`);
  const runner = { name: 'labs runner', ms: labsRunner, median: median(labsRunner) };
  for (const s of [node, hello, app, ...withoutExtraCa, runner]) {
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
  if (extraCa) console.log(`  * with NODE_EXTRA_CA_CERTS unset (here it is ${extraCa})`);
  const resultsDir = join(root, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const result = {
    benchmark: 'app-first-frame',
    node: process.version,
    runs,
    method: 'tmux control mode: new-window until capture-pane shows the text',
    terminal: `${COLS}x${ROWS}`,
    nodeMs: { median: node.median, samples: node.ms },
    helloMs: { median: hello.median, samples: hello.ms },
    appMs: { median: app.median, samples: app.ms },
    labsRunnerMs: { median: runner.median, samples: runner.ms },
    nodeExtraCaCerts: extraCa ?? null,
    withoutExtraCaCerts: extraCa ? { nodeMs: withoutExtraCa[0]?.median, appMs: withoutExtraCa[1]?.median } : null,
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
