/**
 * The Ink runner driven with ink-testing-library: it checks the current lab
 * at start and on every save, and answers n, h, l, c, r (with y), s (only
 * after a pass) and q. Keys are written after the frame shows, then a
 * macrotask is yielded so useInput has re-subscribed
 * (docs/dependencies.md#ink-68--80-through-7).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckReport, LabInfo, Progress } from '@irsa-lab/labs';
import { RunnerApp as App, createEngine, labsMain, labsPaths, type RunnerEngine, readProgress } from '@irsa-lab/labs';
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { copyLabsRoot, LABS, LABS_ROOT } from './helpers.js';

function drive(engine: RunnerEngine, onQuit?: () => void) {
  const r = render(<App engine={engine} {...(onQuit ? { onQuit } : {})} />);
  const frame = async (text: string, timeout = 2000) => {
    await vi.waitFor(() => expect(r.lastFrame()).toContain(text), { timeout, interval: 5 });
    await new Promise((resolve) => setImmediate(resolve));
  };
  const press = async (key: string, text: string) => {
    r.stdin.write(key);
    await frame(text);
  };
  return { ...r, frame, press };
}

/** An engine over the first three labs whose checks pass once a lab is marked solved. */
function fakeEngine() {
  const labs: readonly LabInfo[] = LABS.slice(0, 3);
  const solved = new Set<string>();
  const watchers = new Map<string, () => void>();
  const resets: string[] = [];
  const saved: Progress[] = [];
  const report = (lab: LabInfo): CheckReport => {
    const pass = solved.has(lab.name);
    return {
      lab: lab.name,
      pass,
      durationMs: 12,
      steps: [
        {
          ok: pass,
          title: `${lab.files[0]} is right`,
          details: pass ? [] : [`${lab.files[0]}:2 says TODO; expected the answer`],
        },
      ],
    };
  };
  const engine: RunnerEngine = {
    labs,
    folderOf: (lab) => `exercises/${lab.folder}`,
    check: async (lab) => report(lab),
    reset(lab) {
      resets.push(lab.name);
      return ['restored the pristine files'];
    },
    readProgress: () => saved.at(-1) ?? { done: [] },
    updateProgress(change) {
      const next = change(saved.at(-1) ?? { done: [] });
      saved.push(next);
      return next;
    },
    solution: (lab) => [{ file: lab.files[0] ?? '', text: `the reference answer of ${lab.name}` }],
    watch(lab, onChange) {
      watchers.set(lab.name, onChange);
      return () => watchers.delete(lab.name);
    },
  };
  return { engine, solved, watchers, resets, saved };
}

describe('labs runner', () => {
  it('checks the current lab; hint, locked solution, watch re-check, then the solution', async () => {
    const fake = fakeEngine();
    const ui = drive(fake.engine);
    await ui.frame('oidc-provider.json:2 says TODO; expected the answer');
    expect(ui.lastFrame()).toContain('Lab 01 register-oidc-provider');
    expect(ui.lastFrame()).toContain('0/3 done');
    await ui.press('s', 'the solution unlocks once this lab passes');
    expect(ui.lastFrame()).not.toContain('the reference answer');
    await ui.press('h', 'ClientIDList lists the audiences');
    await ui.press('h', 'not yet');
    fake.solved.add('register-oidc-provider');
    fake.watchers.get('register-oidc-provider')?.();
    await ui.frame('✓ passed');
    expect(ui.lastFrame()).toContain('1/3 done');
    await ui.press('s', 'the reference answer of register-oidc-provider');
    expect(fake.saved.at(-1)).toEqual({ done: ['register-oidc-provider'], current: 'register-oidc-provider' });
    ui.unmount();
  });

  it('counts only its own labs as done, whatever else the progress file names', async () => {
    const fake = fakeEngine();
    fake.saved.push({ done: ['register-oidc-provider', 'a-lab-renamed-since'], current: 'scoped-trust-policy' });
    fake.solved.add('register-oidc-provider');
    const ui = drive(fake.engine);
    await ui.frame('Lab 02 scoped-trust-policy');
    expect(ui.lastFrame()).toContain('1/3 done');
    ui.unmount();
  });

  it('next, list, check all, reset with confirmation, quit', async () => {
    const fake = fakeEngine();
    fake.solved.add('register-oidc-provider');
    const quit = vi.fn();
    const ui = drive(fake.engine, quit);
    await ui.frame('✓ passed');
    await ui.press('n', 'Lab 02 scoped-trust-policy');
    await ui.frame('trust.json:2 says TODO');
    await ui.press('l', '▸ ✗ 02 scoped-trust-policy');
    expect(ui.lastFrame()).toContain('✓ 01 register-oidc-provider');
    expect(ui.lastFrame()).toContain('· 03 annotate-service-account');
    await ui.press('l', 'not yet');
    await ui.press('c', '✗ 03 annotate-service-account');
    await ui.press('r', 'Reset 02-scoped-trust-policy to its pristine files?');
    await ui.press('x', 'reset cancelled');
    expect(fake.resets).toEqual([]);
    await ui.press('r', 'y = yes');
    await ui.press('y', 'restored the pristine files');
    expect(fake.resets).toEqual(['scoped-trust-policy']);
    ui.stdin.write('q');
    await vi.waitFor(() => expect(quit).toHaveBeenCalledOnce());
    ui.unmount();
  });

  it('refuses to start without a terminal, pointing to irsa-lab labs check', () => {
    // the built runner, as `npm run labs` starts it
    const run = spawnSync(process.execPath, ['dist/runner.mjs'], {
      cwd: LABS_ROOT,
      input: '',
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('irsa-lab labs check <n|all>');
  });

  it('with the real engine: keeps a lab passed with `labs check` while it was open, and leaves an unchanged file alone', async () => {
    const root = copyLabsRoot(2);
    const paths = labsPaths(root);
    const startText = '{ "done": [], "current": "register-oidc-provider" }\n';
    writeFileSync(paths.progress, startText);
    const ui = drive(createEngine(paths, LABS.slice(0, 2)));
    await ui.frame('oidc-provider.json:2 Url is', 60_000);
    // started, checked lab 1 (it fails, as the file already says): nothing to save
    expect(readFileSync(paths.progress, 'utf8')).toBe(startText);
    // meanwhile, in another terminal: lab 2 solved and `irsa-lab labs check 2`
    cpSync(join(paths.solutions, '02-scoped-trust-policy'), join(paths.exercises, '02-scoped-trust-policy'), {
      recursive: true,
    });
    const quiet = { write: () => true };
    expect(await labsMain(['check', '2'], { stdout: quiet, stderr: quiet, cwd: root })).toBe(0);
    expect(readProgress(paths.progress).done).toEqual(['scoped-trust-policy']);
    // then lab 1 solved and saved: the runner records its pass on the file as it is now
    cpSync(join(paths.solutions, '01-register-oidc-provider'), join(paths.exercises, '01-register-oidc-provider'), {
      recursive: true,
    });
    writeFileSync(join(paths.exercises, '01-register-oidc-provider', 'touched.txt'), 'saved\n');
    await ui.frame('✓ passed', 60_000);
    await vi.waitFor(() => expect(readProgress(paths.progress).done).toHaveLength(2), { timeout: 10_000 });
    expect(readProgress(paths.progress)).toEqual({
      done: ['register-oidc-provider', 'scoped-trust-policy'],
      current: 'register-oidc-provider',
    });
    await ui.frame('2/2 done');
    ui.unmount();
  });

  it('with the real engine: shows the real check, and re-checks when the file is saved', async () => {
    const root = copyLabsRoot(1);
    const paths = labsPaths(root);
    const ui = drive(createEngine(paths, LABS.slice(0, 1)));
    await ui.frame('oidc-provider.json:2 Url is', 60_000);
    cpSync(join(paths.solutions, '01-register-oidc-provider'), join(paths.exercises, '01-register-oidc-provider'), {
      recursive: true,
    });
    writeFileSync(join(paths.exercises, '01-register-oidc-provider', 'touched.txt'), 'saved\n');
    await ui.frame('✓ passed', 60_000);
    await ui.press('s', '"ClientIDList": ["sts.amazonaws.com"]');
    ui.unmount();
  });
});
