/**
 * Bad input in a learner's file (broken YAML or JSON, a wrong type, a
 * TypeScript error, code that throws or hangs, a missing file) gives one
 * failed step naming file:line and what was expected, never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport } from '@irsa-lab/labs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { checkWith, LABS_ROOT } from './helpers.js';

/** The single failed step's title: the file:line message. */
function inputFailure(report: CheckReport): string {
  expect(report.pass).toBe(false);
  const failed = report.steps.filter((s) => !s.ok);
  expect(failed).toHaveLength(1);
  const all = [failed[0]?.title ?? '', ...(failed[0]?.details ?? [])].join('\n');
  expect(all).not.toMatch(/\n\s+at |checker itself failed/);
  return all;
}

describe('broken files name file:line', () => {
  it('YAML with a bad indent (lab 3)', async () => {
    const yaml = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n   labels: x\n';
    const msg = inputFailure(await checkWith(3, { 'billing.yaml': yaml }));
    expect(msg).toMatch(/^billing\.yaml:4:9: .*mapping/);
  });

  it('an unknown field in a manifest (lab 10), at its line', async () => {
    const yaml =
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: invoicer\n  namespace: payments\n  anotations: {}\n';
    const msg = inputFailure(await checkWith(10, { 'invoicer.yaml': yaml }));
    expect(msg).toMatch(/^invoicer\.yaml:6(:\d+)?: .*anotations/);
  });

  it('JSON with a trailing comma (lab 2), from the policy parser', async () => {
    const json = '{\n  "Version": "2012-10-17",\n  "Statement": [],\n}\n';
    const msg = inputFailure(await checkWith(2, { 'trust.json': json }));
    expect(msg).toMatch(/^trust\.json:4:1: /);
  });

  it('a policy with a wrong Effect (lab 4), naming the field', async () => {
    const json =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Alow", "Action": "s3:GetObject", "Resource": "*" }\n  ]\n}\n';
    const msg = inputFailure(await checkWith(4, { 'billing-reader-policy.json': json }));
    expect(msg).toMatch(/^billing-reader-policy\.json:4:\d+: Statement\[0\]\.Effect: .*"Alow"/);
  });

  it('JSON syntax in the provider input (lab 1)', async () => {
    const msg = inputFailure(
      await checkWith(1, { 'oidc-provider.json': '{\n  "Url": "https://x"\n  "ClientIDList": []\n}\n' }),
    );
    expect(msg).toMatch(/^oidc-provider\.json:3:\d+: JSON syntax error/);
  });

  it('a wrong type (lab 5): hop limit as text', async () => {
    const yaml =
      'Resources:\n  T:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        MetadataOptions:\n          HttpPutResponseHopLimit: one\n';
    const msg = inputFailure(await checkWith(5, { 'launch-template.yaml': yaml }));
    expect(msg).toContain('launch-template.yaml:7:36: ');
    expect(msg).toContain('HttpPutResponseHopLimit: expected a whole number from 1 to 64, got "one"');
  });

  it('a wrong type (lab 9): ClientIDList as a string', async () => {
    const msg = inputFailure(
      await checkWith(9, {
        'data-account-provider.json': '{\n  "Url": "https://x.example",\n  "ClientIDList": "sts.amazonaws.com"\n}\n',
      }),
    );
    expect(msg).toMatch(/^data-account-provider\.json:3:\d+: ClientIDList: expected a list, got "sts\.amazonaws\.com"/);
  });

  it('a TypeScript error (lab 7), as file:line:col with the compiler message', async () => {
    const report = await checkWith(7, { 'validator.ts': 'export const x: number = "one";\n' });
    expect(inputFailure(report)).toMatch(/^validator\.ts:1:14: Type 'string' is not assignable to type 'number'/);
  });

  it('a TypeScript function that throws (lab 8), at the line it threw', async () => {
    const app =
      "export function startApp(app: unknown) {\n  return {\n    async credentials() {\n      throw new TypeError('boom');\n    },\n  };\n}\n";
    const msg = inputFailure(await checkWith(8, { 'app.ts': app }));
    // exact even inside vitest: learner code runs under plain node and tsx, in a worker thread of its own
    expect(msg).toContain('app.ts:4:13: credentials() threw TypeError: boom');
  });

  it('a missing export (lab 8)', async () => {
    const msg = inputFailure(await checkWith(8, { 'app.ts': 'export const nothing = 1;\n' }));
    expect(msg).toContain('app.ts: export function startApp');
  });
});

describe('under node, a throw in learner code points at its own line', () => {
  it('app.ts:4:9, from the source map', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labs-stack-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    writeFileSync(
      join(dir, 'app.ts'),
      "export function f(): never {\n  const why = 'boom';\n  // a comment\n  throw new TypeError(why);\n}\n",
    );
    const script = join(dir, 'run.ts');
    writeFileSync(
      script,
      `import { labFiles } from '${join(LABS_ROOT, 'src/learner/lab-files.ts')}';
import { loadLearnerModule, settleLearner } from '${join(LABS_ROOT, 'src/learner/ts-module.ts')}';
const files = labFiles('${dir}');
const mod = await loadLearnerModule(files, 'app.ts');
const out = await settleLearner(files, 'app.ts', 'f()', () => (mod.f as () => never)());
process.stdout.write(out.ok ? 'no throw' : out.error.message);
`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: LABS_ROOT, encoding: 'utf8' });
    expect(run.stdout).toBe('app.ts:4:9: f() threw TypeError: boom');
  });
});
