/**
 * The real AWS CLI (v1), a boto3 default session and the real AWS SDK for
 * JavaScript v3, each a child process with nothing but a Pod's env from
 * `irsa-lab env`, against `irsa-lab serve --world docs/examples/pod-identity-world.yaml`:
 * payments/billing-api has no IRSA annotation but an EKS Pod Identity
 * association, so each client's container credentials provider asks the
 * Pod's loopback listener for the agent, with the token file, and gets the
 * association's role (session `eks-demo-billing-api-<uuid>`, tagged with the
 * Pod's namespace, which the role's policy requires); after the clock moves
 * past a day the token file has been renewed and the CLI still works.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, executables, FIXTURES, fixtureJson, removeClientHome, requireRealClients } from './clients.js';
import { podEnv, type Running, startServe } from './running.js';

const WORLD = join(import.meta.dirname, '../../../../docs/examples/pod-identity-world.yaml');
const POD_IDENTITY_ARN =
  /^arn:aws:sts::111122223333:assumed-role\/billing-pod-identity\/eks-demo-billing-api-[0-9a-f-]{36}$/;

let server: Running;
let billing: Record<string, string>;

beforeAll(async () => {
  await requireRealClients();
  server = await startServe(['--world', WORLD]);
  billing = await podEnv(server.endpoints.control, 'payments/billing-api');
}, 30_000);
afterAll(async () => {
  removeClientHome();
  expect(await server?.stop()).toBe(0);
});

describe('real clients with EKS Pod Identity', () => {
  it('the env is the container credentials one: FULL_URI on the loopback, a real token file, no IRSA', () => {
    expect(billing.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBe(
      `${server.endpoints.podIdentityAgent?.['payments/billing-api']}/v1/credentials`,
    );
    expect(billing.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE).toMatch(/payments\.billing-api\.pod-identity\.token$/);
    expect(billing.AWS_ROLE_ARN).toBeUndefined();
  });

  it('the AWS CLI gets the association role through the agent, reads billing-reports and is denied node-logs', async () => {
    const [me, copy, logs] = await Promise.all([
      aws(billing, 'sts', 'get-caller-identity', '--output', 'json'),
      aws(billing, 's3', 'cp', 's3://billing-reports/reports/2026-01.csv', '-'),
      aws(billing, 's3', 'ls', 's3://node-logs/'),
    ]);
    expect(me.code, me.stderr).toBe(0);
    expect(JSON.parse(me.stdout).Arn).toMatch(POD_IDENTITY_ARN);
    expect({ code: copy.code, first: copy.stdout.split('\n')[0] }).toEqual({
      code: 0,
      first: 'invoice,customer,amount',
    });
    expect({ code: logs.code, denied: logs.stderr.includes('(AccessDenied)') }).toEqual({ code: 255, denied: true });
  }, 60_000);

  it('a boto3 default session and the JavaScript SDK v3 get the same role and the same answers', async () => {
    const [boto, sdk] = await Promise.all([
      fixtureJson(executables.python3, [join(FIXTURES, 'boto3-client.py')], billing),
      fixtureJson(process.execPath, [join(FIXTURES, 'sdk-v3-client.mjs')], billing),
    ]);
    const expected = {
      arn: expect.stringMatching(POD_IDENTITY_ARN),
      getBillingReport: 'invoice,customer,amount',
      listNodeLogs: 'AccessDenied',
    };
    expect(boto).toEqual(expected);
    expect(sdk).toEqual(expected);
  }, 60_000);

  it('after /clock/advance past a day the token file is renewed and the CLI still gets the role', async () => {
    const file = billing.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE as string;
    const before = readFileSync(file, 'utf8');
    const res = await fetch(`${server.endpoints.control}/clock/advance`, {
      method: 'POST',
      body: '{"seconds": 90000}',
    });
    expect(res.status).toBe(200);
    expect(readFileSync(file, 'utf8')).not.toBe(before);
    const me = await aws(billing, 'sts', 'get-caller-identity', '--output', 'json');
    expect(me.code, me.stderr).toBe(0);
    expect(JSON.parse(me.stdout).Arn).toMatch(POD_IDENTITY_ARN);
  }, 60_000);
});
