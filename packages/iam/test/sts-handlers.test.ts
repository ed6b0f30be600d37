/**
 * STS over HTTP: the msw handlers answer the Query protocol with the XML the
 * real service sends, parsed back here with fast-xml-parser. Requests are
 * dispatched with msw's getResponse, as the simulated network does.
 */

import { stsHandlers } from '@irsa-lab/iam';
import { withCaller } from '@irsa-lab/net';
import { XMLParser } from 'fast-xml-parser';
import { getResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  createHarness,
  generateIssuerKeys,
  goodToken,
  type Harness,
  PROVIDER_ARN,
  ROLE_ARN,
  ROLE_NAME,
  SUB,
  signedStsRequest,
} from './harness.js';

beforeAll(generateIssuerKeys);

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false });

/** A parsed XML element: child elements by name, attributes as `@_name`, text as strings. */
type Xml = { readonly [name: string]: unknown };

/** Walk down the element path of a parsed document. */
function dig(xml: unknown, ...path: string[]): Xml {
  let node = xml;
  for (const name of path) {
    if (typeof node !== 'object' || node === null || !(name in node))
      throw new Error(`no <${name}> in ${JSON.stringify(xml)}`);
    node = (node as Xml)[name];
  }
  return node as Xml;
}

async function send(h: Harness, request: Request): Promise<{ status: number; headers: Headers; xml: unknown }> {
  const response = await getResponse(stsHandlers(h.sts), request);
  if (!response) throw new Error(`no handler answered ${request.method} ${request.url}`);
  return { status: response.status, headers: response.headers, xml: parser.parse(await response.text()) };
}

function form(fields: Record<string, string>, host = 'sts.us-west-2.amazonaws.com'): Request {
  return new Request(`https://${host}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams(fields).toString(),
  });
}

async function assumeFields(h: Harness, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: ROLE_ARN,
    RoleSessionName: 'app',
    WebIdentityToken: await goodToken(h),
    ...extra,
  };
}

function errorOf(xml: unknown): Record<string, unknown> {
  const e = dig(xml, 'ErrorResponse');
  return { xmlns: e['@_xmlns'], ...dig(e, 'Error'), RequestId: e.RequestId };
}

describe('STS Query protocol handlers', () => {
  it('answers AssumeRoleWithWebIdentity with the real XML shape', async () => {
    const h = createHarness();
    const res = await send(h, form(await assumeFields(h)));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml');
    const body = dig(res.xml, 'AssumeRoleWithWebIdentityResponse');
    expect(body['@_xmlns']).toBe(NS);
    const role = h.iam.getRole(ACCOUNT, ROLE_NAME);
    expect(body.AssumeRoleWithWebIdentityResult).toEqual({
      SubjectFromWebIdentityToken: SUB,
      Audience: 'sts.amazonaws.com',
      AssumedRoleUser: {
        Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/app`,
        AssumedRoleId: `${role.RoleId}:app`,
      },
      Credentials: {
        SessionToken: expect.stringMatching(/^IQoJb3JpZ2luX2Vj/),
        SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/),
        Expiration: '2026-01-05T10:00:00Z',
        AccessKeyId: expect.stringMatching(/^ASIA/),
      },
      Provider: PROVIDER_ARN,
    });
    expect(dig(body, 'ResponseMetadata', 'RequestId')).toBe(res.headers.get('x-amzn-RequestId'));
  });

  it('sends errors in the ErrorResponse envelope with their status', async () => {
    const h = createHarness();
    const token = await goodToken(h, { sub: 'system:serviceaccount:web:default' });
    const res = await send(h, form(await assumeFields(h, { WebIdentityToken: token })));
    expect(res.status).toBe(403);
    expect(errorOf(res.xml)).toEqual({
      xmlns: NS,
      Type: 'Sender',
      Code: 'AccessDenied',
      Message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      RequestId: res.headers.get('x-amzn-RequestId'),
    });
  });

  it('escapes what the caller sent when it is echoed in a message', async () => {
    const h = createHarness();
    const res = await send(h, form(await assumeFields(h, { RoleSessionName: '<b>&"x"' })));
    expect(res.status).toBe(400);
    expect(errorOf(res.xml).Message).toBe(
      `1 validation error detected: Value '<b>&"x"' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  });

  it('sends a Content-Length that is the byte length of the body, also for an echoed non-ASCII value', async () => {
    const h = createHarness();
    for (const fields of [await assumeFields(h), await assumeFields(h, { RoleSessionName: 'café-ünïcode-☃' })]) {
      const response = await getResponse(stsHandlers(h.sts), form(fields));
      const body = new Uint8Array(await (response as Response).arrayBuffer());
      expect(Number(response?.headers.get('content-length'))).toBe(body.byteLength);
    }
  });

  it('reads PolicyArns.member.N.arn and DurationSeconds from the form', async () => {
    const h = createHarness();
    const res = await send(
      h,
      form(
        await assumeFields(h, {
          DurationSeconds: '7200',
          'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        }),
      ),
    );
    expect(errorOf(res.xml).Message).toBe(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  });

  it('answers on the global endpoint too, and takes the caller address from the network stamp', async () => {
    const h = createHarness();
    const caller = {
      kind: 'pod' as const,
      id: 'payments/billing-7d9f',
      node: 'ip-10-0-1-5',
      hops: 2,
      vantage: 'vpc' as const,
      sourceIp: '10.0.1.17',
    };
    const res = await send(h, withCaller(form(await assumeFields(h), 'sts.amazonaws.com'), caller));
    expect(res.status).toBe(200);
    const record = h.log.all('cloudtrail').at(-1)?.data as Record<string, unknown>;
    expect(record).toMatchObject({ sourceIPAddress: '10.0.1.17', awsRegion: 'us-east-1' });
  });

  it('accepts GET with the parameters in the query string, as AWS does', async () => {
    const h = createHarness();
    const query = new URLSearchParams(await assumeFields(h)).toString();
    const res = await send(h, new Request(`https://sts.us-west-2.amazonaws.com/?${query}`));
    expect(res.status).toBe(200);
  });

  it.each([
    [
      { Action: 'AssumeRoleWithSAML', Version: '2011-06-15' },
      400,
      'InvalidAction',
      'Could not find operation AssumeRoleWithSAML for version 2011-06-15',
    ],
    [
      { Action: 'GetCallerIdentity' },
      400,
      'InvalidAction',
      'Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED',
    ],
    [{ Version: '2011-06-15' }, 400, 'MissingAction', 'Missing Action'],
  ])('envelope errors: %j', async (fields, status, code, message) => {
    const h = createHarness();
    const res = await send(h, form(fields));
    expect([res.status, errorOf(res.xml).Code, errorOf(res.xml).Message]).toEqual([status, code, message]);
  });

  it('refuses a body over 64 KiB with 413 and an ErrorResponse', async () => {
    const h = createHarness();
    const res = await send(
      h,
      form({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', Junk: 'x'.repeat(65 * 1024) }),
    );
    expect(res.status).toBe(413);
    expect(errorOf(res.xml).Code).toBe('RequestEntityTooLarge');
  });

  it('refuses methods other than GET and POST with 405', async () => {
    const h = createHarness();
    const res = await send(
      h,
      new Request('https://sts.us-west-2.amazonaws.com/', { method: 'PUT', body: 'Action=GetCallerIdentity' }),
    );
    expect([res.status, errorOf(res.xml).Code]).toEqual([405, 'MethodNotAllowed']);
  });

  it('answers a signed GetCallerIdentity, round trip from the XML credentials', async () => {
    const h = createHarness();
    const xml = (await send(h, form(await assumeFields(h)))).xml;
    const c = dig(xml, 'AssumeRoleWithWebIdentityResponse', 'AssumeRoleWithWebIdentityResult', 'Credentials');
    const creds = {
      accessKeyId: String(c.AccessKeyId),
      secretAccessKey: String(c.SecretAccessKey),
      sessionToken: String(c.SessionToken),
    };
    const res = await send(h, await signedStsRequest(creds, h.clock.nowMs()));
    expect(res.status).toBe(200);
    expect(dig(res.xml, 'GetCallerIdentityResponse', 'GetCallerIdentityResult')).toEqual({
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/app`,
      UserId: `${h.iam.getRole(ACCOUNT, ROLE_NAME).RoleId}:app`,
      Account: ACCOUNT,
    });
  });
});
