/**
 * Malformed requests on every listener get a 4xx in the service's own
 * shape (STS `<ErrorResponse>`, S3 `<Error>`, Kubernetes `Status`, IMDS and
 * the issuer plain text, the control API JSON), including bodies over the
 * size limit; and 64 concurrent clients are served without an error.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { assumeBody, billing, postSts, served, xmlText } from './helpers.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(url, init);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('malformed requests', () => {
  it('STS: bad form bodies, oversized tokens and bodies, wrong methods and paths get Query-protocol errors', async () => {
    const server = await served();
    const { sts } = server.endpoints();
    const cases: [RequestInit & { path?: string }, number, string][] = [
      [{ method: 'POST', headers: FORM, body: '\u0000\u00ff%%%&&==' }, 400, 'MissingAction'],
      [
        { method: 'POST', headers: FORM, body: 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15' },
        400,
        'ValidationError',
      ],
      [
        {
          method: 'POST',
          headers: FORM,
          body: assumeBody('arn:aws:iam::111122223333:role/billing-reader', 'x'.repeat(20_001)),
        },
        400,
        'ValidationError',
      ],
      [
        {
          method: 'POST',
          headers: FORM,
          body: `Action=GetCallerIdentity&Version=2011-06-15&Pad=${'p'.repeat(70_000)}`,
        },
        413,
        'RequestEntityTooLarge',
      ],
      [{ method: 'DELETE' }, 405, 'MethodNotAllowed'],
      [{ method: 'POST', path: '/admin', headers: FORM, body: 'Action=GetCallerIdentity' }, 404, 'InvalidAction'],
      [
        { method: 'POST', headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
        403,
        'MissingAuthenticationToken',
      ],
    ];
    for (const [init, status, code] of cases) {
      const res = await call(`${sts}${init.path ?? '/'}`, init);
      expect({
        status: res.status,
        code: xmlText(res.text, 'Code'),
        envelope: res.text.includes('<ErrorResponse'),
      }).toEqual({
        status,
        code,
        envelope: true,
      });
    }
  });

  it('Kubernetes: bad TokenRequests, huge bodies, wrong methods and unknown paths get Status objects', async () => {
    const server = await served();
    const base = `${server.endpoints().kubernetes}/api/v1/namespaces/payments/serviceaccounts`;
    const json = { 'content-type': 'application/json' };
    const cases: [string, RequestInit, number, string][] = [
      [`${base}/billing/token`, { method: 'POST', headers: json, body: '{not json' }, 400, 'BadRequest'],
      [
        `${base}/billing/token`,
        { method: 'POST', headers: json, body: '{"spec":{"expirationSeconds":"soon"}}' },
        400,
        'BadRequest',
      ],
      [
        `${base}/billing/token`,
        { method: 'POST', headers: json, body: `{"pad":"${'p'.repeat(70_000)}"}` },
        413,
        'RequestEntityTooLarge',
      ],
      [`${base}/billing/token`, { method: 'GET' }, 405, 'MethodNotAllowed'],
      [`${base}/nobody/token`, { method: 'POST', headers: json, body: '{}' }, 404, 'NotFound'],
      [`${server.endpoints().kubernetes}/apis/unknown`, {}, 404, 'NotFound'],
    ];
    for (const [url, init, status, reason] of cases) {
      const res = await call(url, init);
      const body = JSON.parse(res.text);
      expect({ status: res.status, kind: body.kind, reason: body.reason, code: body.code }).toEqual({
        status,
        kind: 'Status',
        reason,
        code: status,
      });
    }
  });

  it('S3, IMDS, the issuer and the control API answer in their own shapes', async () => {
    const server = await served();
    const { s3, issuer, control, imds } = server.endpoints();
    const unsigned = await call(`${s3}/billing-reports/reports/2026-01.csv`);
    expect({ status: unsigned.status, code: xmlText(unsigned.text, 'Code') }).toEqual({
      status: 403,
      code: 'AccessDenied',
    });
    const huge = await call(`${s3}/billing-reports/big`, {
      method: 'PUT',
      body: new Uint8Array(5 * 1024 * 1024 + 70_000),
    });
    expect({ status: huge.status, code: xmlText(huge.text, 'Code') }).toEqual({ status: 400, code: 'EntityTooLarge' });
    const imdsMiss = await call(`${imds['web/frontend']}/latest/nothing-here`);
    expect({ status: imdsMiss.status, text: imdsMiss.text }).toEqual({ status: 404, text: '404 - Not Found' });
    const issuerMiss = await call(`${issuer}/nothing`);
    expect(issuerMiss.status).toBe(404);
    const controlHuge = await call(`${control}/apply`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect({ status: controlHuge.status, code: JSON.parse(controlHuge.text).error.code }).toEqual({
      status: 413,
      code: 'RequestTooLarge',
    });
    const controlMiss = await call(`${control}/nothing`);
    expect({ status: controlMiss.status, code: JSON.parse(controlMiss.text).error.code }).toEqual({
      status: 404,
      code: 'NotFound',
    });
  });

  it('serves 64 concurrent clients exchanging the Pod token without an error', async () => {
    const server = await served();
    const { env, token } = await billing(server);
    const body = assumeBody(env.AWS_ROLE_ARN as string, token);
    const url = new URL(`${server.endpoints().sts}/`);
    const one = () =>
      new Promise<number>((resolve, reject) => {
        const req = request(url, { method: 'POST', headers: FORM, agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    const statuses = await Promise.all(Array.from({ length: 64 }, one));
    expect(statuses).toEqual(Array.from({ length: 64 }, () => 200));
    const again = await postSts(server, body);
    expect(again.status).toBe(200);
  });
});
