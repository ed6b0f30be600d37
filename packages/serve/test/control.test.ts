/**
 * The control API of serve mode over real sockets: endpoints, a Pod's env
 * and its real token file, applying a world file (new Pods get their own
 * IMDS listener), CloudTrail records as JSON lines, and key rotation (new
 * tokens carry the new kid, old valid ones still work).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assumeBody, billing, fakeWall, kidOf, postSts, served, xmlText } from './helpers.js';

describe('serve control API', () => {
  it('lists every endpoint on 127.0.0.1 and gives a Pod the env a real client needs, with a real token file', async () => {
    const server = await served();
    const endpoints = server.endpoints();
    const { control } = endpoints;
    expect(await (await fetch(`${control}/endpoints`)).json()).toEqual(endpoints);
    const urls = [
      endpoints.issuer,
      endpoints.sts,
      endpoints.s3,
      endpoints.kubernetes,
      control,
      ...Object.values(endpoints.imds),
    ];
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(endpoints.imds)).toEqual(['kube-system/node-agent', 'payments/billing-api', 'web/frontend']);

    const { env, token } = await billing(server);
    expect(env).toEqual({
      AWS_CONFIG_FILE: expect.stringMatching(/irsa-lab-tokens-.*aws-config$/),
      AWS_DEFAULT_REGION: 'us-west-2',
      AWS_EC2_METADATA_SERVICE_ENDPOINT: endpoints.imds['payments/billing-api'],
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_STS: endpoints.sts,
      AWS_REGION: 'us-west-2',
      AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/billing-reader',
      AWS_ROLE_SESSION_NAME: `irsa-lab-${Math.floor(server.world.clock.nowMs() / 1000)}`,
      AWS_SHARED_CREDENTIALS_FILE: expect.stringMatching(/irsa-lab-tokens-.*aws-credentials$/),
      AWS_STS_REGIONAL_ENDPOINTS: 'regional',
      AWS_WEB_IDENTITY_TOKEN_FILE: expect.stringMatching(/irsa-lab-tokens-.*payments\.billing-api\.token$/),
    });
    const inPod = server.world.nodeOf('payments', 'billing-api').podView('payments', 'billing-api');
    expect(token).toBe(inPod.readFile('/var/run/secrets/eks.amazonaws.com/serviceaccount/token'));
    // the config and credentials files a client is pointed at instead of ~/.aws: comments only, no profile, no keys
    for (const file of [env.AWS_CONFIG_FILE, env.AWS_SHARED_CREDENTIALS_FILE] as string[]) {
      expect(readFileSync(file, 'utf8')).toMatch(/^(#[^\n]*\n)+$/);
    }

    const frontend = await (await fetch(`${control}/pods/web/frontend/env`)).json();
    expect(Object.keys(frontend).sort()).toEqual([
      'AWS_CONFIG_FILE',
      'AWS_DEFAULT_REGION',
      'AWS_EC2_METADATA_SERVICE_ENDPOINT',
      'AWS_ENDPOINT_URL_S3',
      'AWS_ENDPOINT_URL_STS',
      'AWS_REGION',
      'AWS_SHARED_CREDENTIALS_FILE',
    ]);
    const missing = await fetch(`${control}/pods/web/nope/env`);
    expect({ status: missing.status, body: await missing.json() }).toEqual({
      status: 404,
      body: {
        error: {
          code: 'PodNotFound',
          message: 'no running Pod web/nope',
          pods: ['kube-system/node-agent', 'payments/billing-api', 'web/frontend'],
        },
      },
    });
    await server.close();
    for (const file of ['AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) {
      expect(existsSync(env[file] as string), file).toBe(false);
    }
  });

  it("gives an IRSA Pod a session name of simulated seconds, new after the clock moves (part of the AWS CLI's cache key)", async () => {
    const server = await served({ wall: fakeWall() });
    const before = (await billing(server)).env.AWS_ROLE_SESSION_NAME;
    expect(before).toBe(`irsa-lab-${Math.floor(server.world.clock.nowMs() / 1000)}`);
    await server.advance(60);
    expect((await billing(server)).env.AWS_ROLE_SESSION_NAME).toBe(
      `irsa-lab-${Math.floor(server.world.clock.nowMs() / 1000)}`,
    );
    expect((await billing(server)).env.AWS_ROLE_SESSION_NAME).not.toBe(before);
  });

  it('applies a world file: a new Pod runs, gets its own IMDS listener and env; errors name file, line and field', async () => {
    const server = await served();
    const { control } = server.endpoints();
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: batch\n  namespace: payments\nspec:\n  serviceAccountName: billing\n  containers:\n    - name: app\n      image: busybox\n';
    const applied = await fetch(`${control}/apply?file=batch.yaml`, { method: 'POST', body: pod });
    expect(await applied.json()).toEqual({
      results: [{ kind: 'Pod', namespace: 'payments', name: 'batch', action: 'created', summary: 'pod/batch created' }],
    });
    const imds = server.endpoints().imds['payments/batch'];
    expect(imds).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const env = await (await fetch(`${control}/pods/payments/batch/env`)).json();
    expect(env.AWS_EC2_METADATA_SERVICE_ENDPOINT).toBe(imds);
    expect(readFileSync(env.AWS_WEB_IDENTITY_TOKEN_FILE, 'utf8')).toMatch(/^eyJ/);

    const bad = await fetch(`${control}/apply?file=bad.yaml`, {
      method: 'POST',
      body: 'apiVersion: irsa-lab.dev/v1\nkind: Node\nspec:\n  imds:\n    httpTokens: sometimes\n',
    });
    expect({ status: bad.status, body: await bad.json() }).toEqual({
      status: 400,
      body: {
        error: {
          code: 'INPUT_SCHEMA',
          message: 'bad.yaml:5: spec.imds.httpTokens: expected one of "optional", "required", got "sometimes"',
          file: 'bad.yaml',
          line: 5,
          field: 'spec.imds.httpTokens',
        },
      },
    });
  });

  it('records every STS call, allowed or denied, as CloudTrail JSON lines', async () => {
    const server = await served();
    const { env, token } = await billing(server);
    expect((await postSts(server, assumeBody(env.AWS_ROLE_ARN as string, token))).status).toBe(200);
    const denied = await postSts(server, assumeBody('arn:aws:iam::111122223333:role/demo-node-role', token));
    expect({ status: denied.status, code: xmlText(denied.text, 'Code') }).toEqual({
      status: 403,
      code: 'AccessDenied',
    });
    const audit = await fetch(`${server.endpoints().control}/audit`);
    expect(audit.headers.get('content-type')).toBe('application/x-ndjson');
    const records = (await audit.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const sts = records.filter((r) => r.eventName === 'AssumeRoleWithWebIdentity');
    expect(sts.map((r) => [r.userIdentity.type, r.userIdentity.userName, r.errorCode ?? 'ok'])).toEqual([
      ['WebIdentityUser', 'system:serviceaccount:payments:billing', 'ok'],
      ['WebIdentityUser', 'system:serviceaccount:payments:billing', 'AccessDenied'],
    ]);
    const last = await (await fetch(`${server.endpoints().control}/audit?limit=1`)).text();
    expect(last.trimEnd().split('\n')).toHaveLength(1);
    // what serve shows is CloudTrail: it keeps no per-request net.request event beside it
    expect(server.world.log.all('net.request')).toEqual([]);
  });

  it('rotates the signing key: new tokens carry the new kid, old valid tokens still work', async () => {
    const server = await served();
    const { issuer, kubernetes, control } = server.endpoints();
    const { env, token: oldToken } = await billing(server);
    const rotated = await (await fetch(`${control}/keys/rotate`, { method: 'POST' })).json();
    expect(rotated.kid).not.toBe(kidOf(oldToken));
    expect(rotated.published).toEqual([kidOf(oldToken), rotated.kid]);
    const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.jwks_uri).toBe(`${issuer}/keys`);
    expect(discovery.issuer).toMatch(/^https:\/\/oidc\.eks\.us-west-2\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    const keys = (await (await fetch(`${issuer}/keys`)).json()).keys.map((k: { kid: string }) => k.kid);
    expect(keys).toEqual(rotated.published);

    const requested = await fetch(`${kubernetes}/api/v1/namespaces/payments/serviceaccounts/billing/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { audiences: ['sts.amazonaws.com'] },
      }),
    });
    expect(requested.status).toBe(201);
    const newToken = (await requested.json()).status.token;
    expect(kidOf(newToken)).toBe(rotated.kid);
    for (const token of [oldToken, newToken]) {
      const out = await postSts(server, assumeBody(env.AWS_ROLE_ARN as string, token));
      expect({ status: out.status, subject: xmlText(out.text, 'SubjectFromWebIdentityToken') }).toEqual({
        status: 200,
        subject: 'system:serviceaccount:payments:billing',
      });
    }
  });
});
