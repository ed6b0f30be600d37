/**
 * The two ways to start the app, `npx irsa-lab` (the bin, through its first
 * line) and `npm start`, run it on the same Node flags: only the young
 * generation's size, which can only be set at start-up, so that `irsa-lab
 * serve` runs at full speed. The walkthrough sets its other memory flags when
 * it starts (runInteractive); the soak test holds it to its memory bound.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

it('npm start passes the Node flags the bin asks for on its first line, and only the semi-space size', () => {
  const shebang = readFileSync(join(root, 'apps/irsa-lab/bin/irsa-lab.mjs'), 'utf8').split('\n')[0] ?? '';
  const flags = /^#!\/usr\/bin\/env -S node((?: --[\w-]+(?:=\w+)?)*)$/.exec(shebang)?.[1]?.trim();
  expect(flags, shebang).toMatch(/^--max-semi-space-size=\d+$/);
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  expect(start).toMatch(new RegExp(`&& node ${flags} apps/irsa-lab/bin/irsa-lab\\.mjs$`));
});
