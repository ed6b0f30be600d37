/**
 * The two ways to start the app, `npx irsa-lab` (the bin, through its first
 * line) and `npm start`, run it on the same Node flags.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

it('npm start passes the Node flags the bin asks for on its first line', () => {
  const shebang = readFileSync(join(root, 'apps/irsa-lab/bin/irsa-lab.mjs'), 'utf8').split('\n')[0] ?? '';
  const flags = /^#!\/usr\/bin\/env -S node((?: --[\w-]+(?:=\w+)?)*)$/.exec(shebang)?.[1]?.trim();
  expect(flags, shebang).toMatch(/^--max-semi-space-size=\d+ --optimize-for-size --no-maglev$/);
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  expect(start).toContain(`&& node ${flags} apps/irsa-lab/bin/irsa-lab.mjs`);
});
