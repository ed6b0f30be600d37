/**
 * The interactive session drops nothing printed during it: a dependency's
 * console.warn and a Node process warning are written above the frame (Ink's
 * patchConsole), the frame is drawn again below them, and the console is the
 * process's own again once the session ends. Runs test/fixtures/warning-app.tsx
 * in a process of its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const appDir = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'irsa-lab-warnings-'));
const bundle = join(work, 'warning-app.mjs');

beforeAll(() => {
  const built = spawnSync(
    'node',
    [join(appDir, 'scripts/bundle.mjs'), join(appDir, 'test/fixtures/warning-app.tsx'), bundle],
    { encoding: 'utf8' },
  );
  expect(built.status, built.stderr).toBe(0);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('writes a console.warn and a process warning above the frame, and gives the console back', () => {
  const ran = spawnSync('node', [bundle], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  expect(ran.status, ran.stderr).toBe(0);
  // nothing went around the terminal either (the process's own stderr gets only the cursor shown again at exit)
  expect(ran.stderr).not.toMatch(/warning|deprecated/i);
  const { shown, consoleGivenBack } = JSON.parse(ran.stdout) as { shown: string; consoleGivenBack: boolean };
  const warned = shown.indexOf('some-dependency: this option is deprecated');
  const processWarned = shown.indexOf('Warning: a process warning during the session');
  expect(warned, shown).toBeGreaterThanOrEqual(0);
  expect(processWarned, shown).toBeGreaterThanOrEqual(0);
  expect(shown.lastIndexOf('the frame of the app')).toBeGreaterThan(Math.max(warned, processWarned));
  expect(consoleGivenBack).toBe(true);
});
