/**
 * Driving the built app in a Terminal as a learner does: wait for the
 * catalogue, pick a scenario by typing its id, run its steps to the end,
 * and check that the app still answers a key.
 */
import type { Terminal } from './terminal.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The catalogue is on screen, with its filter line. */
export const CATALOGUE = /irsa-lab ▸ scenarios \(/;
const HELP_OPEN = 'Esc or ? closes';
/**
 * How long a step (or building a scenario's world) may take before the drive gives up: a limit that only
 * catches hangs (a frozen app is caught by answerTime, which allows a second of the app's own CPU time).
 */
const STEP_WAIT_MS = 180_000;

/**
 * Type `filter` (by default the id) into the catalogue's filter and open scenario `id`, which it must select.
 * Keys typed before the app is in raw mode are lost: retry.
 */
export async function openScenario(term: Terminal, id: string, filter = id): Promise<void> {
  await term.waitFor(CATALOGUE);
  for (let attempt = 0; ; attempt++) {
    term.press('Escape'); // an empty filter to start from
    await term.waitFor('filter: (type to filter)', 5_000).catch(() => undefined);
    term.type(filter);
    const shown = await term.waitFor(`filter: ${filter}▏`, 2_000).then(
      () => true,
      () => false,
    );
    if (shown) break;
    if (attempt >= 10) throw new Error(`the filter never showed "${filter}"`);
  }
  await term.waitFor(`▶ ${id} `);
  term.press('Enter');
  await term.waitFor(/done 0\/\d+/, STEP_WAIT_MS);
}

/** How many steps the walkthrough's header says are done, and of how many. */
function progress(screen: string): { done: number; of: number } | undefined {
  const m = /done (\d+)\/(\d+)/.exec(screen);
  return m ? { done: Number(m[1]), of: Number(m[2]) } : undefined;
}

/** Press Enter step by step until the scenario is complete; returns how many steps it ran. */
export async function runToEnd(term: Terminal): Promise<number> {
  for (let steps = 0; ; steps++) {
    // a whole frame: tmux may show one half drawn (the app writes a frame in more than one piece)
    const screen = await term.waitFor((s) => {
      const shown = progress(s);
      return s.includes('Scenario complete') || (shown !== undefined && shown.done < shown.of);
    }, STEP_WAIT_MS);
    if (screen.includes('Scenario complete')) return steps;
    const before = progress(screen);
    if (!before) throw new Error(`no step count on screen:\n${screen}`);
    term.press('Enter');
    // a step may run a thousand STS exchanges: on a busy machine that takes far longer than the default wait
    await term.waitFor(
      (s: string) => (progress(s)?.done ?? -1) > before.done || s.includes('Scenario complete'),
      STEP_WAIT_MS,
    );
  }
}

export interface Answer {
  readonly wallMs: number;
  /** CPU time the app used between the key and the answer. */
  readonly cpuMs: number;
}

/**
 * Press `?` and time how long the help overlay takes to appear, then close it.
 * A frozen app never answers; a busy machine stretches the wall clock, not the app's own CPU time.
 */
export async function answerTime(term: Terminal, timeoutMs = 10_000): Promise<Answer> {
  // the keys before this one first: sent while the app is still busy with them, ? could arrive glued to them
  await term.settle();
  if ((await term.screen()).includes(HELP_OPEN)) {
    term.press('Escape');
    await term.waitGone(HELP_OPEN);
  }
  const cpu0 = term.cpuMs();
  const t0 = performance.now();
  term.press('?');
  await term.waitFor(HELP_OPEN, timeoutMs);
  const answer = { wallMs: performance.now() - t0, cpuMs: term.cpuMs() - cpu0 };
  term.press('Escape');
  await term.waitGone(HELP_OPEN, timeoutMs);
  return answer;
}

/** True if the app answered within `limitMs`, by the wall clock or, on a loaded machine, by its own CPU time. */
export function answeredWithin(answer: Answer, limitMs: number): boolean {
  return answer.wallMs <= limitMs || answer.cpuMs <= limitMs;
}

/** Leave whatever the walkthrough shows (explain, help) for the catalogue. */
export async function backToCatalogue(term: Terminal): Promise<void> {
  for (let i = 0; i < 5 && !CATALOGUE.test(await term.screen()); i++) {
    term.press('Escape');
    await sleep(150);
    if (!CATALOGUE.test(await term.screen())) term.press('b');
    await term.waitFor(CATALOGUE, 3_000).catch(() => undefined);
  }
  await term.waitFor(CATALOGUE);
}
