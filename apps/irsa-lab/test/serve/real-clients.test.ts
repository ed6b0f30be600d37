/**
 * The real AWS CLI (v1), a boto3 default session and the real AWS SDK for
 * JavaScript v3, each a child process with nothing but a Pod's env from
 * `irsa-lab env`, against `irsa-lab serve`: the right identity and the right
 * denials for the IRSA Pod and for a Pod that falls back to the node role
 * through its IMDS; the CLI still works after the clock moves past a day
 * (the token file was refreshed) and after the issuer's key rotates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, executables, FIXTURES, fixtureJson, removeClientHome, requireRealClients } from './clients.js';
import { podEnv, type Running, startServe } from './running.js';

// every client takes the session name serve's env sets (AWS_ROLE_SESSION_NAME: simulated seconds)
const BILLING_ARN = /^arn:aws:sts::111122223333:assumed-role\/billing-reader\/irsa-lab-\d+$/;
const NODE_ROLE_ARN = /^arn:aws:sts::111122223333:assumed-role\/demo-node-role\/i-[0-9a-f]{17}$/;

let server: Running;
let billing: Record<string, string>;
let frontend: Record<string, string>;

beforeAll(async () => {
  await requireRealClients();
  server = await startServe();
  billing = await podEnv(server.endpoints.control, 'payments/billing-api');
  frontend = await podEnv(server.endpoints.control, 'web/frontend');
});
afterAll(async () => {
  removeClientHome();
  expect(await server?.stop()).toBe(0);
});

function kidOf(jwt: string): string {
  return JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString()).kid;
}

describe('real clients against irsa-lab serve', () => {
  it('the AWS CLI as payments/billing-api assumes billing-reader, reads billing-reports, and is denied the rest', async () => {
    const [me, list, copy, otherBucket] = await Promise.all([
      aws(billing, 'sts', 'get-caller-identity', '--output', 'json'),
      aws(billing, 's3', 'ls', 's3://billing-reports', '--recursive'),
      aws(billing, 's3', 'cp', 's3://billing-reports/reports/2026-01.csv', '-'),
      aws(billing, 's3', 'ls', 's3://node-logs/'),
    ]);
    expect(me.code, me.stderr).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({ Account: '111122223333', Arn: expect.stringMatching(BILLING_ARN) });
    expect({ code: list.code, listed: list.stdout.includes('reports/2026-01.csv') }).toEqual({ code: 0, listed: true });
    expect({ code: copy.code, first: copy.stdout.split('\n')[0] }).toEqual({
      code: 0,
      first: 'invoice,customer,amount',
    });
    expect({ code: otherBucket.code, denied: otherBucket.stderr.includes('(AccessDenied)') }).toEqual({
      code: 255,
      denied: true,
    });
  });

  it('the AWS CLI as web/frontend (no IRSA) gets the node role through its IMDS, which cannot read billing-reports', async () => {
    expect(frontend.AWS_ROLE_ARN).toBeUndefined();
    const [me, reports] = await Promise.all([
      aws(frontend, 'sts', 'get-caller-identity', '--output', 'json'),
      aws(frontend, 's3', 'ls', 's3://billing-reports/'),
    ]);
    expect(me.code, me.stderr).toBe(0);
    expect(JSON.parse(me.stdout).Arn).toMatch(NODE_ROLE_ARN);
    expect({ code: reports.code, denied: reports.stderr.includes('(AccessDenied)') }).toEqual({
      code: 255,
      denied: true,
    });
  });

  it('a boto3 default session and the JavaScript SDK v3 get the same identities and the same denials', async () => {
    const boto = join(FIXTURES, 'boto3-client.py');
    const sdk = join(FIXTURES, 'sdk-v3-client.mjs');
    const [botoBilling, botoFrontend, sdkBilling, sdkFrontend] = await Promise.all([
      fixtureJson(executables.python3, [boto], billing),
      fixtureJson(executables.python3, [boto], frontend),
      fixtureJson(process.execPath, [sdk], billing),
      fixtureJson(process.execPath, [sdk], frontend),
    ]);
    const asBilling = { getBillingReport: 'invoice,customer,amount', listNodeLogs: 'AccessDenied' };
    const asNode = { arn: expect.stringMatching(NODE_ROLE_ARN), getBillingReport: 'AccessDenied', listNodeLogs: 1 };
    expect(botoBilling).toEqual({ arn: expect.stringMatching(BILLING_ARN), ...asBilling });
    expect(sdkBilling).toEqual({ arn: expect.stringMatching(BILLING_ARN), ...asBilling });
    expect(botoFrontend).toEqual(asNode);
    expect(sdkFrontend).toEqual(asNode);
  });

  it('after /keys/rotate new tokens carry the new kid, and the CLI works with the old (valid) token and a new one', async () => {
    const { control, kubernetes } = server.endpoints;
    const oldToken = readFileSync(billing.AWS_WEB_IDENTITY_TOKEN_FILE as string, 'utf8');
    const { kid } = await (await fetch(`${control}/keys/rotate`, { method: 'POST' })).json();
    expect(kid).not.toBe(kidOf(oldToken));
    const requested = await fetch(`${kubernetes}/api/v1/namespaces/payments/serviceaccounts/billing/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spec: { audiences: ['sts.amazonaws.com'], expirationSeconds: 3600 } }),
    });
    const newToken = (await requested.json()).status.token as string;
    expect(kidOf(newToken)).toBe(kid);
    const [withOld, withNew] = await Promise.all([
      aws(billing, 'sts', 'get-caller-identity', '--output', 'json'),
      aws(
        billing,
        'sts',
        'assume-role-with-web-identity',
        '--role-arn',
        billing.AWS_ROLE_ARN as string,
        '--role-session-name',
        'rotated',
        '--web-identity-token',
        newToken,
        '--output',
        'json',
      ),
    ]);
    expect(withOld.code, withOld.stderr).toBe(0);
    expect(JSON.parse(withOld.stdout).Arn).toMatch(BILLING_ARN);
    expect(withNew.code, withNew.stderr).toBe(0);
    expect(JSON.parse(withNew.stdout).AssumedRoleUser.Arn).toBe(
      'arn:aws:sts::111122223333:assumed-role/billing-reader/rotated',
    );
  });

  it('after /clock/advance past a day the token file has been refreshed (signed with the new key) and the CLI still works', async () => {
    const file = billing.AWS_WEB_IDENTITY_TOKEN_FILE as string;
    const before = readFileSync(file, 'utf8');
    const res = await fetch(`${server.endpoints.control}/clock/advance`, {
      method: 'POST',
      body: '{"seconds": 90000}',
    });
    expect(res.status).toBe(200);
    const after = readFileSync(file, 'utf8');
    expect(after).not.toBe(before);
    const published = (await (await fetch(`${server.endpoints.issuer}/keys`)).json()).keys.map(
      (k: { kid: string }) => k.kid,
    );
    expect(kidOf(after)).toBe(published.at(-1));
    // the CLI caches web-identity credentials with their (simulated) expiry and checks it with its own clock; the env
    // asked for after the advance has a new session name, so the CLI does not reuse them (quick-start.test.ts: without)
    const fresh = await podEnv(server.endpoints.control, 'payments/billing-api');
    expect(fresh.AWS_ROLE_SESSION_NAME).not.toBe(billing.AWS_ROLE_SESSION_NAME);
    const me = await aws(fresh, 'sts', 'get-caller-identity', '--output', 'json');
    expect(me.code, me.stderr).toBe(0);
    expect(JSON.parse(me.stdout).Arn).toMatch(BILLING_ARN);
  });
});
