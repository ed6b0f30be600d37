/**
 * The binary's catalogue (catalogue-source.ts; a unit test beside it): one lazy item per line
 * of @irsa-lab/scenarios/catalogue-lines, in catalogue order, each loading
 * its own scenario; and listing it loads none of the scenarios' code (a
 * fresh Node process on the built module, watching what it loads).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveScenario } from './catalogue-item.js';
import { loadCatalogue } from './catalogue-source.js';
import { catalogue } from './scenario-api.js';

describe('the binary’s catalogue', () => {
  it('lists every scenario’s line, in catalogue order', () => {
    expect(loadCatalogue().map(({ id, title, group, goal }) => ({ id, title, group, goal }))).toEqual(
      catalogue.map(({ id, title, group, goal }) => ({ id, title, group, goal })),
    );
  });

  it('loads each scenario by its id', async () => {
    for (const item of loadCatalogue()) {
      expect(await resolveScenario(item)).toBe(catalogue.find((s) => s.id === item.id));
    }
  });

  it('lists without loading any scenario code', () => {
    const built = join(import.meta.dirname, '../dist/catalogue-source.js');
    expect(existsSync(built), `${built} is missing: run \`npm run build\``).toBe(true);
    const script = `
      import { registerHooks } from 'node:module';
      const loaded = [];
      registerHooks({ load: (url, context, next) => (loaded.push(url), next(url, context)) });
      const { loadCatalogue } = await import(${JSON.stringify(pathToFileURL(built).href)});
      const ids = loadCatalogue().map((item) => item.id);
      console.log(JSON.stringify({ ids, scenarios: loaded.filter((url) => url.includes('/packages/scenarios/')) }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const { ids, scenarios } = JSON.parse(run.stdout) as { ids: string[]; scenarios: string[] };
    expect(ids).toEqual(catalogue.map((s) => s.id));
    expect(scenarios.map((url) => url.replace(/^.*\/packages\/scenarios\//, ''))).toEqual(['dist/catalogue-lines.js']);
  });
});
