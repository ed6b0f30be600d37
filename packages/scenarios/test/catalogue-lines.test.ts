/**
 * The light entry point `@irsa-lab/scenarios/catalogue-lines` says what the
 * scenarios say (the same ids, titles, groups and goals in the same order),
 * and stays light: it loads no module at run time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '@irsa-lab/scenarios';
import { catalogueLines } from '@irsa-lab/scenarios/catalogue-lines';
import { describe, expect, it } from 'vitest';

describe('catalogue lines', () => {
  it('are the catalogue’s id, title, group and goal, scenario by scenario, in order', () => {
    expect(catalogueLines).toEqual(catalogue.map(({ id, title, group, goal }) => ({ id, title, group, goal })));
  });

  it('import only types, so listing the catalogue loads no scenario code', () => {
    const source = readFileSync(join(import.meta.dirname, '../src/catalogue-lines.ts'), 'utf8');
    const imports = source.split('\n').filter((line) => /^\s*(import|export)\b.*\bfrom\b/.test(line));
    expect(imports.every((line) => /^import type /.test(line))).toBe(true);
  });
});
