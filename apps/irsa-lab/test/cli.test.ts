/**
 * The command line, through main(argv, io) with fixture scenarios and
 * captured output: list, run (plain and JSON, exit 1 on failed checks or an
 * errored step), unknown scenarios, bad flags, help, and the TTY check.
 */

import { type CliIo, main, USAGE, USAGE_ROWS } from '@irsa-lab/app';
import { describe, expect, it, vi } from 'vitest';
import { fixtureCatalogue } from './fixtures/scenarios.js';

function io(overrides: Partial<CliIo> = {}) {
  let out = '';
  let err = '';
  const interactive = vi.fn(async () => {});
  const value: CliIo = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    isTTY: false,
    catalogue: fixtureCatalogue,
    interactive,
    ...overrides,
  };
  return { io: value, out: () => out, err: () => err, interactive };
}

const NO_STACK = /\n\s+at |Error:|\.ts:\d+/;

describe('irsa-lab list', () => {
  it('prints id, group and goal for every scenario', async () => {
    const t = io();
    expect(await main(['list'], t.io)).toBe(0);
    const lines = t.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+group\s+goal$/);
    expect(lines).toHaveLength(5);
    expect(t.out()).toMatch(/fixture-basics\s+Basics\s+A projected token becomes role credentials/);
    expect(t.out()).toMatch(/fixture-failing\s+Attacks and leaks\s+/);
    expect(t.err()).toBe('');
  });

  it('prints a JSON array of {id, group, title, goal} with --json', async () => {
    const t = io();
    expect(await main(['list', '--json'], t.io)).toBe(0);
    const items = JSON.parse(t.out());
    expect(items).toEqual(fixtureCatalogue.map(({ id, group, title, goal }) => ({ id, group, title, goal })));
    expect(items.map((i: object) => Object.keys(i))).toEqual(items.map(() => ['id', 'group', 'title', 'goal']));
  });
});

describe('irsa-lab run', () => {
  it('prints the plain transcript with panels as text, secrets masked, and exits 0 when every check passes', async () => {
    const t = io();
    expect(await main(['run', 'fixture-basics', '--plain'], t.io)).toBe(0);
    const out = t.out();
    expect(out).toContain('# Fixture: token to credentials (fixture-basics, basics)');
    expect(out).toContain('## Step 4/5: Break it: an attacker pod asks [break]');
    expect(out).toContain('  ▶ kid-new  signing      current key  ◀ token kid');
    expect(out).toContain('  SecretAccessKey: ****9z8Q');
    expect(out).not.toContain('wJalrXUtnFEMI');
    expect(out).toContain('    ✗ StringEquals sub = system:serviceaccount:payments:billing');
    expect(out).toContain('result: PASS (5 steps, seed 42)');
  });

  it('prints one JSON document and takes --seed', async () => {
    const t = io();
    expect(await main(['run', 'fixture-basics', '--json', '--seed', '7'], t.io)).toBe(0);
    const doc = JSON.parse(t.out());
    expect(doc.seed).toBe(7);
    expect(doc.passed).toBe(true);
    expect(doc.scenario.id).toBe('fixture-basics');
    expect(doc.steps).toHaveLength(5);
    expect(doc.steps[3].kind).toBe('break');
    expect(doc.steps[2].result.decision.allowed).toBe(true);
    expect(JSON.stringify(doc)).not.toContain('wJalrXUtnFEMI');
  });

  it('exits 1 when a check fails, naming it', async () => {
    const t = io();
    expect(await main(['run', 'fixture-failing'], t.io)).toBe(1);
    expect(t.out()).toContain('✗ token is unreadable: expected denied, got read');
    expect(t.out()).toContain('result: FAIL (1 failed: token is unreadable; seed 42)');
  });

  it('exits 1 when a step errors, with the message and what to do, never a stack trace', async () => {
    const t = io();
    expect(await main(['run', 'fixture-broken', '--plain'], t.io)).toBe(1);
    expect(t.out()).toContain('ERROR: IMDS_UNAVAILABLE: the instance metadata service did not answer');
    expect(t.out()).toContain('what to do:');
    expect(t.out() + t.err()).not.toMatch(NO_STACK);
  });

  it('exits 1 with one line when the world cannot be built', async () => {
    const first = fixtureCatalogue[0]!;
    const t = io({
      catalogue: [{ ...first, setup: () => Promise.reject(new Error('no keys left in the fixture pool')) }],
    });
    expect(await main(['run', first.id], t.io)).toBe(1);
    expect(t.err()).toBe(
      `irsa-lab: scenario "${first.id}" could not start (seed 42): no keys left in the fixture pool. Try another --seed; if it persists, report it with the seed.\n`,
    );
  });

  it('suggests the closest ids for an unknown scenario and exits 2', async () => {
    const t = io();
    expect(await main(['run', 'fixture-basic'], t.io)).toBe(2);
    expect(t.err()).toBe(
      'irsa-lab: unknown scenario "fixture-basic". Did you mean: fixture-basics? See `npx irsa-lab list`.\n',
    );
    expect(t.out()).toBe('');
  });
});

describe('bad command lines', () => {
  it.each([
    [['--bogus'], "irsa-lab: Unknown option '--bogus'. Try `npx irsa-lab --help`.\n"],
    [['run'], 'irsa-lab: run needs a scenario id (see `npx irsa-lab list`). Try `npx irsa-lab --help`.\n'],
    [['run', 'a', 'b'], 'irsa-lab: run takes one scenario, got "a b". Try `npx irsa-lab --help`.\n'],
    [
      ['run', 'fixture-basics', '--plain', '--json'],
      'irsa-lab: choose one of --plain and --json. Try `npx irsa-lab --help`.\n',
    ],
    [
      ['run', 'fixture-basics', '--seed', 'abc'],
      'irsa-lab: --seed needs a whole number from 0 to 4294967295 (2^32-1), got abc. Try `npx irsa-lab --help`.\n',
    ],
    [
      ['run', 'fixture-basics', '--seed', '-3'],
      'irsa-lab: --seed needs a whole number from 0 to 4294967295 (2^32-1), got -3. Try `npx irsa-lab --help`.\n',
    ],
    [
      ['run', 'fixture-basics', '--seed=-3'],
      'irsa-lab: --seed needs a whole number from 0 to 4294967295 (2^32-1), got -3. Try `npx irsa-lab --help`.\n',
    ],
    [
      ['run', 'fixture-basics', '--seed', '4294967296'],
      'irsa-lab: --seed needs a whole number from 0 to 4294967295 (2^32-1), got 4294967296. Try `npx irsa-lab --help`.\n',
    ],
    [
      ['run', 'fixture-basics', '--seed'],
      'irsa-lab: --seed needs a whole number from 0 to 4294967295 (2^32-1), got nothing. Try `npx irsa-lab --help`.\n',
    ],
    [
      ['--seed', '--help'],
      'irsa-lab: --seed needs a whole number from 0 to 4294967295 (2^32-1), got nothing. Try `npx irsa-lab --help`.\n',
    ],
    [['list', '--plain'], 'irsa-lab: --plain only goes with `run`. Try `npx irsa-lab --help`.\n'],
    [['list', 'extra'], 'irsa-lab: list takes no arguments, got "extra". Try `npx irsa-lab --help`.\n'],
    [['lsit'], 'irsa-lab: unknown command "lsit". Try `npx irsa-lab --help`.\n'],
    [
      ['fixture-basics'],
      'irsa-lab: unknown command "fixture-basics" (did you mean `npx irsa-lab run fixture-basics`?). Try `npx irsa-lab --help`.\n',
    ],
  ])('%j exits 2 with one line', async (argv, message) => {
    const t = io();
    expect(await main(argv, t.io)).toBe(2);
    expect(t.err()).toBe(message);
    expect(t.out()).toBe('');
  });

  it('prints usage for --help and help', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const t = io();
      expect(await main(argv, t.io)).toBe(0);
      expect(t.out()).toContain('irsa-lab run <scenario> [--plain | --json] [--seed N]');
    }
  });

  it("lines up every command's description in the help in one column", () => {
    const lines = USAGE.split('\n');
    const columns = USAGE_ROWS.map(([synopsis, description]) => {
      const at = lines.findIndex((l) => l.includes(synopsis));
      const line = [lines[at], lines[at + 1]].find((l) => l?.endsWith(description)) ?? '';
      expect(line, `${synopsis}: ${description}`).not.toBe('');
      return line.length - description.length;
    });
    expect(new Set(columns).size).toBe(1);
    expect(USAGE_ROWS.map(([synopsis]) => synopsis.split(' ')[1])).toEqual(
      expect.arrayContaining(['list', 'run', 'serve', 'env', 'labs', '--help']),
    );
  });
});

describe('interactive', () => {
  it('refuses without a terminal, pointing at `run`', async () => {
    const t = io({ isTTY: false });
    expect(await main([], t.io)).toBe(2);
    expect(t.err()).toContain('needs a terminal');
    expect(t.err()).toContain('`npx irsa-lab run <scenario> --plain`');
    expect(t.interactive).not.toHaveBeenCalled();
  });

  it('starts the app with the catalogue and seed on a terminal', async () => {
    const t = io({ isTTY: true });
    expect(await main(['--seed', '9'], t.io)).toBe(0);
    expect(t.interactive).toHaveBeenCalledWith(fixtureCatalogue, 9);
  });

  it('turns an unexpected failure into one line and exit 1', async () => {
    const t = io({ isTTY: true, interactive: () => Promise.reject(new Error('raw mode unavailable')) });
    expect(await main([], t.io)).toBe(1);
    expect(t.err()).toBe(
      'irsa-lab: internal error: raw mode unavailable. Please report it with the command you ran.\n',
    );
  });
});
