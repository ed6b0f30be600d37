/**
 * The headers S3 checks before and around the signature (s3/authenticate.ts):
 * another authorization mechanism, a streaming or malformed payload hash,
 * presigned-URL parameters, a mal-formed Credential, a missing X-Amz-Date,
 * and a credential scoped to another service or day. Each gets S3's own
 * code, status and message.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT, BUCKET, dispatch, pathUrl, policy, ROLE_NAME, s3World, signedRequest } from './s3-world.js';

function world() {
  const w = s3World();
  w.iam.putRolePolicy(ACCOUNT, ROLE_NAME, 'all', policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
  w.s3.putObjectDirect(BUCKET, 'k', 'v');
  return w;
}

/** `request` with its headers changed by `edit`. */
function edited(request: Request, edit: (headers: Headers) => void): Request {
  const headers = new Headers(request.headers);
  edit(headers);
  return new Request(request.url, { method: request.method, headers });
}

describe('before the signature', () => {
  it('refuses another authorization mechanism than AWS4-HMAC-SHA256 (InvalidRequest, 400)', async () => {
    const w = world();
    for (const authorization of [
      'AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=',
      'xAWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260105/us-west-2/s3/aws4_request, SignedHeaders=host, Signature=00',
    ]) {
      const answer = await dispatch(w.s3, new Request(pathUrl(BUCKET, 'k'), { headers: { authorization } }));
      expect(answer.status).toBe(400);
      expect(answer.xml.Error).toMatchObject({
        Code: 'InvalidRequest',
        Message: 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
      });
    }
  });

  it('answers a streaming payload with NotImplemented (501), naming the header', async () => {
    const w = world();
    const streaming = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
    const request = await signedRequest(w.session(), pathUrl(BUCKET, 'k'), {
      headers: { 'x-amz-content-sha256': streaming },
    });
    const answer = await dispatch(w.s3, request);
    expect(answer.status).toBe(501);
    expect(answer.xml.Error).toMatchObject({ Code: 'NotImplemented', Header: `x-amz-content-sha256: ${streaming}` });
  });

  it('refuses a payload hash that is neither UNSIGNED-PAYLOAD nor 64 hex digits (InvalidArgument, 400)', async () => {
    const w = world();
    for (const hash of ['abc', `${'0'.repeat(64)}0`, `x${'0'.repeat(64)}`]) {
      const request = await signedRequest(w.session(), pathUrl(BUCKET, 'k'), {
        headers: { 'x-amz-content-sha256': hash },
      });
      const answer = await dispatch(w.s3, request);
      expect([answer.status, answer.xml.Error.Code]).toEqual([400, 'InvalidArgument']);
    }
  });

  it('answers presigned-URL parameters, either of them, with NotImplemented (501)', async () => {
    const w = world();
    for (const query of ['X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Signature=00']) {
      const answer = await dispatch(w.s3, new Request(pathUrl(BUCKET, 'k', `?${query}`)));
      expect(answer.status).toBe(501);
      expect(answer.xml.Error).toMatchObject({
        Code: 'NotImplemented',
        Header: 'presigned URL (query-string authentication)',
      });
    }
  });
});

describe('around the signature', () => {
  it('refuses a mal-formed Credential (AuthorizationHeaderMalformed, 400)', async () => {
    const w = world();
    const request = await signedRequest(w.session(), pathUrl(BUCKET, 'k'));
    const answer = await dispatch(
      w.s3,
      edited(request, (h) =>
        h.set('authorization', 'AWS4-HMAC-SHA256 Credential=abc, SignedHeaders=host, Signature=00'),
      ),
    );
    expect(answer.status).toBe(400);
    expect(answer.xml.Error).toMatchObject({
      Code: 'AuthorizationHeaderMalformed',
      Message:
        'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    });
  });

  it('refuses a request without X-Amz-Date (AccessDenied, 403)', async () => {
    const w = world();
    const request = await signedRequest(w.session(), pathUrl(BUCKET, 'k'));
    const answer = await dispatch(
      w.s3,
      edited(request, (h) => h.delete('x-amz-date')),
    );
    expect(answer.status).toBe(403);
    expect(answer.xml.Error).toMatchObject({
      Code: 'AccessDenied',
      Message: 'AWS authentication requires a valid Date or x-amz-date header',
    });
  });

  it('names the service or the date a credential is wrongly scoped to (AuthorizationHeaderMalformed)', async () => {
    const w = world();
    const request = await signedRequest(w.session(), pathUrl(BUCKET, 'k'));
    const header = request.headers.get('authorization') ?? '';
    const service = await dispatch(
      w.s3,
      edited(request, (h) => h.set('authorization', header.replace('/s3/aws4_request', '/sts/aws4_request'))),
    );
    expect(service.xml.Error).toMatchObject({
      Code: 'AuthorizationHeaderMalformed',
      Message: 'The authorization header is malformed; incorrect service "sts". This endpoint belongs to "s3".',
    });
    const day = await dispatch(
      w.s3,
      edited(request, (h) => h.set('authorization', header.replace('/20260105/', '/20260104/'))),
    );
    expect(day.xml.Error).toMatchObject({
      Code: 'AuthorizationHeaderMalformed',
      Message: 'The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.',
    });
  });
});
