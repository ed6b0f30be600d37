/**
 * `irsa-lab labs list | check | hint | reset`: output and exit codes (0 all
 * pass, 1 a failure, 2 a usage error with the closest lab names), run on
 * temporary copies of the labs root so the learner's progress is untouched.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labsMain } from '@irsa-lab/labs';
import { describe, expect, it } from 'vitest';
import { copyLabsRoot } from './helpers.js';

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await labsMain(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
  });
  return { code, stdout, stderr };
}

describe('labsMain', () => {
  it('list: every lab with what is checked, and the progress', async () => {
    const root = copyLabsRoot();
    const { code, stdout } = await run(['list'], root);
    expect(code).toBe(0);
    expect(stdout).toContain('(0/14 done)');
    expect(stdout).toContain('· 01 register-oidc-provider  exercises/01-register-oidc-provider/oidc-provider.json');
    expect(stdout).toContain('· 10 fix-audience');
  });

  it('list: counts only labs of the list as done, whatever else the progress file names', async () => {
    const root = copyLabsRoot();
    writeFileSync(join(root, '.progress.json'), '{ "done": ["register-oidc-provider", "a-lab-renamed-since"] }\n');
    const { code, stdout } = await run(['list'], root);
    expect(code).toBe(0);
    expect(stdout).toContain('(1/14 done)');
    expect(stdout).toContain('✓ 01 register-oidc-provider');
  });

  it('check <n>: a failing lab exits 1 with its steps; a solved lab exits 0 and counts as done', async () => {
    const root = copyLabsRoot(2);
    const failing = await run(['check', '1'], root);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('✗ 01 register-oidc-provider');
    expect(failing.stdout).toContain('oidc-provider.json:2 Url is');
    expect(failing.stdout).toContain('hint: irsa-lab labs hint 1');
    cpSync(join(root, 'solutions', '01-register-oidc-provider'), join(root, 'exercises', '01-register-oidc-provider'), {
      recursive: true,
    });
    const passing = await run(['check', 'register-oidc-provider'], root);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(/^✓ 01 register-oidc-provider \((\d+ ms|\d+\.\d s)\)\n$/);
    expect(JSON.parse(readFileSync(join(root, '.progress.json'), 'utf8')).done).toEqual(['register-oidc-provider']);
  });

  it('check all: one verdict per lab and a total; 1 unless all pass', async () => {
    const root = copyLabsRoot(2);
    cpSync(join(root, 'solutions', '02-scoped-trust-policy'), join(root, 'exercises', '02-scoped-trust-policy'), {
      recursive: true,
    });
    const { code, stdout } = await run(['check', 'all'], root);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ 01 register-oidc-provider');
    expect(stdout).toContain('✓ 02 scoped-trust-policy');
    expect(stdout).toContain('1/2 labs pass');
  });

  it('usage errors exit 2: no command, unknown command, unknown lab (with the closest names)', async () => {
    const root = copyLabsRoot(1);
    expect((await run([], root)).code).toBe(2);
    const unknown = await run(['frobnicate'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const typo = await run(['check', 'register-oidc-provder'], copyLabsRoot());
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no lab "register-oidc-provder"; did you mean 1 (register-oidc-provider)');
    expect((await run(['check'], root)).code).toBe(2);
    const far = await run(['hint', '99'], copyLabsRoot());
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('no lab "99"; the labs are 1 to 14 (irsa-lab labs list shows them)');
  });

  it('hint prints the hint; reset refuses without a pristine copy and changes nothing', async () => {
    const root = copyLabsRoot(1);
    const hint = await run(['hint', '1'], root);
    expect(hint.code).toBe(0);
    expect(hint.stdout).toContain('ClientIDList');
    const reset = await run(['reset', '1'], root);
    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain('no pristine copy');
    expect(existsSync(join(root, '.backup'))).toBe(false);
  });
});
