/**
 * The learner file helpers behind the checks: a missing file, field
 * positions in YAML and JSON, and a learner module that throws while
 * loading or a call that hangs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabInputError } from './input-error.js';
import { labFiles } from './lab-files.js';
import { parseJson, parseYaml } from './parsed-doc.js';
import { liveSandboxes } from './sandbox.js';
import { loadLearnerModule, settleLearner, stopLearnerModules } from './ts-module.js';

describe('the learner file helpers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labs-input-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing file is FILE_MISSING, suggesting reset', () => {
    expect(() => labFiles(dir).read('gone.json')).toThrow(/gone\.json: file not found \(reset/);
  });

  it('positions of YAML and JSON fields', () => {
    const y = parseYaml('a:\n  b:\n    - x\n    - y\n', 'f.yaml');
    expect(y.locate(['a', 'b', 1])).toEqual({ line: 4, column: 7 });
    const j = parseJson('{\n  "Url": "u",\n  "List": [1]\n}', 'f.json');
    expect(j.locate(['List'])).toEqual({ line: 3, column: 11 });
    expect(() => parseJson('{ "a": 1, }', 'f.json')).toThrow(LabInputError);
  });

  it('module load errors are RUNTIME with the line; calls that hang are TIMEOUT', async () => {
    writeFileSync(
      join(dir, 'boom.ts'),
      "const x: number = 1;\nif (x === 1) throw new RangeError('at load');\nexport {};\n",
    );
    const files = labFiles(dir);
    await expect(loadLearnerModule(files, 'boom.ts')).rejects.toMatchObject({
      code: 'RUNTIME',
      message: expect.stringMatching(/^boom\.ts(:2:\d+)?: loading the module threw RangeError: at load/),
    });
    // outside checkLabFolder, whoever loads a module ends its thread
    await stopLearnerModules(files);
    expect(liveSandboxes()).toBe(0);
    await expect(
      settleLearner(files, 'boom.ts', 'verify(token)', () => new Promise(() => {}), 30),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(
        /^boom\.ts: verify\(token\) did not finish within 0\.03 s, so the check of lab labs-input-\w+ stopped it/,
      ),
    });
  });

  it("an endless loop at a module's top level stops its loading at the limit, and ends its thread", async () => {
    // the checks load with LEARNER_LOAD_LIMIT_MS (30 s, test/learner-isolation.test.tsx pins it); the loop is real and
    // burns a core until the limit, so this waits 1 s instead: the mechanism is the same
    writeFileSync(join(dir, 'spin.ts'), 'for (;;) {}\nexport const never = 1;\n');
    const files = labFiles(dir);
    await expect(loadLearnerModule(files, 'spin.ts', 1000)).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(
        /^spin\.ts: loading the module did not finish within 1 s, so the check of lab labs-input-\w+ stopped it/,
      ),
    });
    expect(liveSandboxes()).toBe(0);
  });
});
