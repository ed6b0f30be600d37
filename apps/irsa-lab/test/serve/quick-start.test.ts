/**
 * The README's serve quick start, in a shell that has used the AWS CLI
 * before: a HOME whose ~/.aws has a default profile with bogus keys (and
 * `output = text`), a cached web-identity answer for the same role from an
 * earlier serve in ~/.aws/cli/cache, and AWS_PROFILE and AWS_ACCESS_KEY_ID
 * exported. `eval "$(irsa-lab env payments/billing-api)"` (the env command a
 * real process in that shell) then `aws sts get-caller-identity` must give
 * the Pod's role. After POST /clock/advance past the credentials' expiry, the
 * same shell's CLI reuses its cached credentials: it must fail with
 * ExpiredToken and serve's hint, and work again after the eval is rerun.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executables, type Run, removeClientHome, requireRealClients, run } from './clients.js';
import { type Running, startServe } from './running.js';

const BIN = join(import.meta.dirname, '../../bin/irsa-lab.mjs');
const ROLE_ARN = 'arn:aws:iam::111122223333:role/billing-reader';
const HINT = 'eval "$(npx irsa-lab env payments/billing-api)" again';

let server: Running;
let home: string;
/** The learner's shell: their HOME and AWS variables, nothing else of AWS from the test runner. */
let shell: NodeJS.ProcessEnv;

/** ~/.aws as the AWS CLI leaves it: a default profile, and the cache file of an earlier web-identity call. */
function usedHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'irsa-lab-used-home-'));
  mkdirSync(join(dir, '.aws', 'cli', 'cache'), { recursive: true });
  writeFileSync(join(dir, '.aws', 'config'), '[default]\nregion = eu-central-1\noutput = text\n');
  writeFileSync(
    join(dir, '.aws', 'credentials'),
    '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
  );
  // botocore's cache key without a session name: sha1 of the AssumeRoleWithWebIdentity arguments but the token
  // (Python's json.dumps with sort_keys: `{"RoleArn": "..."}`)
  const key = createHash('sha1').update(`{"RoleArn": "${ROLE_ARN}"}`).digest('hex');
  const expiration = new Date(Date.now() + 6 * 3600_000).toISOString();
  const credentials = {
    AccessKeyId: 'ASIAQPTBSNMTEARLIER1',
    SecretAccessKey: 'x'.repeat(40),
    SessionToken: 'from-an-earlier-serve',
    Expiration: expiration,
  };
  writeFileSync(join(dir, '.aws', 'cli', 'cache', `${key}.json`), JSON.stringify({ Credentials: credentials }));
  return dir;
}

/** `irsa-lab env payments/billing-api` (the built bin) as a process of the learner's shell: the text `eval` gets. */
async function envLines(): Promise<string> {
  const out = await run(
    BIN,
    ['env', 'payments/billing-api'],
    { ...shell, IRSA_LAB_CONTROL: server.endpoints.control },
    60_000,
  );
  if (out.code !== 0) throw new Error(`irsa-lab env exited ${out.code}: ${out.stderr}`);
  return out.stdout;
}

/** `eval "$lines"; aws ...args` in the learner's shell. */
function awsAfterEval(lines: string, ...args: string[]): Promise<Run> {
  return run('bash', ['-c', 'eval "$IRSA_LAB_LINES" && exec "$@"', 'bash', executables.aws, ...args], {
    ...shell,
    IRSA_LAB_LINES: lines,
  });
}

beforeAll(async () => {
  await requireRealClients();
  server = await startServe();
  home = usedHome();
  const outside = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  shell = {
    ...outside,
    HOME: home,
    AWS_PROFILE: 'default',
    AWS_ACCESS_KEY_ID: 'AKIAI44QH8DHBEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
    AWS_PAGER: '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
});
afterAll(async () => {
  rmSync(home, { recursive: true, force: true });
  removeClientHome();
  expect(await server?.stop()).toBe(0);
});

describe('the serve quick start in a shell that has used the AWS CLI', () => {
  it("gives the Pod's role; after /clock/advance past expiry the CLI's cached credentials fail with ExpiredToken and serve's hint", async () => {
    const lines = await envLines();
    const me = await awsAfterEval(lines, 'sts', 'get-caller-identity');
    expect(me.code, me.stderr).toBe(0);
    // JSON although the user's default profile says `output = text`: the CLI read serve's empty config, not ~/.aws
    expect(JSON.parse(me.stdout).Arn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/billing-reader\/irsa-lab-\d+$/);

    const advanced = await fetch(`${server.endpoints.control}/clock/advance`, {
      method: 'POST',
      body: '{"seconds": 7200}',
    });
    expect(advanced.status).toBe(200);
    const [stale, staleS3] = await Promise.all([
      awsAfterEval(lines, 'sts', 'get-caller-identity'),
      awsAfterEval(lines, 's3', 'ls', 's3://billing-reports'),
    ]);
    for (const refused of [stale, staleS3]) {
      expect(refused.code).toBe(255);
      expect(refused.stderr).toContain('(ExpiredToken)');
      expect(refused.stderr).toContain('simulated time');
      expect(refused.stderr).toContain(HINT);
    }

    const again = await awsAfterEval(await envLines(), 'sts', 'get-caller-identity');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).Arn).not.toBe(JSON.parse(me.stdout).Arn);
  });
});
