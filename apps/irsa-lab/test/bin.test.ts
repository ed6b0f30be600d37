/**
 * The two ways to start the app, `npx irsa-lab` and `npm start`, both run the
 * bin through its first line, so both get the environment and the Node flags
 * it sets: only what can be set at start-up alone (glibc's arena count, the
 * young generation's size). The walkthrough sets its other memory flags when
 * it starts (runInteractive); the soak test holds it to its memory bound.
 * `irsa-lab serve` starts Node again without the young generation's limit
 * (bin/launch.mjs), in the same process: test/serve/signals.test.ts checks
 * the running server's command line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binLaunch, parseLaunch } from '../../../scripts/bin-launch.mjs';
import { serveFlags, serveRelaunch } from '../bin/launch.mjs';

const root = join(import.meta.dirname, '../../..');
const bin = join(root, 'apps/irsa-lab/bin/irsa-lab.mjs');

it('the bin starts Node with two malloc arenas and a 2 MB semi-space, and nothing else', () => {
  expect(binLaunch(bin)).toEqual({ env: { MALLOC_ARENA_MAX: '2' }, flags: ['--max-semi-space-size=2'] });
});

it('npm start runs the bin as the installed command does, through npm’s link to it', () => {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  expect(start).toMatch(/&& irsa-lab$/);
  const pkg = JSON.parse(readFileSync(join(root, 'apps/irsa-lab/package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  expect(pkg.bin['irsa-lab']).toMatch(/^(\.\/)?bin\/irsa-lab\.mjs$/);
});

it('the bin runs from its first line, as a shell runs it', () => {
  const listed = spawnSync(bin, ['list'], { encoding: 'utf8' });
  expect(listed.status, listed.stderr).toBe(0);
  expect(listed.stdout).toMatch(/^id\s+group\s+goal/);
});

describe('on a Node older than package.json’s engines, the bin stops with a sentence, not a SyntaxError', () => {
  // process.versions.node is configurable: a preload makes the running Node say another version
  const as = (version: string, args: string[]) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        `data:text/javascript,Object.defineProperty(process.versions,'node',{value:'${version}'})`,
        bin,
        ...args,
      ],
      { encoding: 'utf8' },
    );
  const refused = (run: ReturnType<typeof spawnSync>, version: string) => {
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(String(run.stderr)).toContain(`Node.js ${version}`);
    expect(String(run.stderr)).not.toMatch(/SyntaxError|\n\s+at /);
  };

  it('refuses 22.11 and runs 22.12, the engines’ bound', () => {
    const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } })
      .engines.node;
    expect(engines).toBe('>=22.12');
    refused(as('22.11.0', ['list']), '22.11.0');
    refused(as('20.20.2', ['serve']), '20.20.2');
    const allowed = as('22.12.0', ['list']);
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/^id\s+group\s+goal/);
  });

  // a machine whose own Node is older (these have Node 20 at /usr/bin/node): the real thing, no preload
  const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => existsSync(path));
  const systemVersion = systemNode
    ? spawnSync(systemNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim()
    : '';
  const [major = 0, minor = 0] = systemVersion.split('.').map(Number);
  it.runIf(systemNode && (major < 22 || (major === 22 && minor < 12)))(
    `refuses this machine’s own Node (${systemVersion || 'none'})`,
    () => {
      refused(spawnSync(systemNode as string, [bin], { encoding: 'utf8' }), systemVersion);
    },
  );
});

it('reads a first line’s environment and flags, and refuses another form', () => {
  expect(parseLaunch('#!/usr/bin/env -S A=1 B_2=x.y node --a --b=3')).toEqual({
    env: { A: '1', B_2: 'x.y' },
    flags: ['--a', '--b=3'],
  });
  expect(parseLaunch('#!/usr/bin/env -S node')).toEqual({ env: {}, flags: [] });
  expect(parseLaunch('#!/usr/bin/env node')).toBeUndefined();
  expect(parseLaunch('#!/usr/local/bin/node --x')).toBeUndefined();
});

describe('irsa-lab serve starts Node again without the walkthrough’s semi-space flag', () => {
  const node = {
    argv: ['/usr/bin/node', '/x/bin/irsa-lab.mjs', 'serve', '--json', '--seed', '7'],
    execArgv: ['--max-semi-space-size=2', '--enable-source-maps'],
    execPath: '/usr/bin/node',
    platform: 'linux',
    env: { MALLOC_ARENA_MAX: '2', HOME: '/home/l', UNSET: undefined },
    execve: () => undefined,
  };

  it('keeps every other flag, the environment and serve’s arguments, and runs the bundle', () => {
    expect(serveFlags(['--max-semi-space-size=2', '--max-semi-space-size', '--max-semi-space-sizes=1', '--x'])).toEqual(
      ['--max-semi-space-sizes=1', '--x'],
    );
    expect(serveRelaunch(node, '/x/dist/irsa-lab.mjs')).toEqual([
      '/usr/bin/node',
      ['/usr/bin/node', '--enable-source-maps', '/x/dist/irsa-lab.mjs', 'serve', '--json', '--seed', '7'],
      { MALLOC_ARENA_MAX: '2', HOME: '/home/l' },
    ]);
  });

  it('does nothing for another command, without the flag, or where Node has no process.execve', () => {
    const bundle = '/x/dist/irsa-lab.mjs';
    expect(serveRelaunch({ ...node, argv: ['/usr/bin/node', '/x/bin/irsa-lab.mjs', 'list'] }, bundle)).toBeUndefined();
    expect(serveRelaunch({ ...node, argv: ['/usr/bin/node', '/x/bin/irsa-lab.mjs'] }, bundle)).toBeUndefined();
    expect(serveRelaunch({ ...node, execArgv: ['--enable-source-maps'] }, bundle)).toBeUndefined();
    expect(serveRelaunch({ ...node, execve: undefined }, bundle)).toBeUndefined();
    expect(serveRelaunch({ ...node, platform: 'win32' }, bundle)).toBeUndefined();
  });
});
