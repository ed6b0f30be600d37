/**
 * The SigV4 helpers on their own (sigv4.ts): reading the Authorization
 * header (its shape, the five-part credential scope, the IncompleteSignature
 * messages STS writes), X-Amz-Date, the skew limit at its edges, and the
 * signature comparison of different lengths.
 */
import { describe, expect, it } from 'vitest';
import { formatAmzDate, parseAmzDate, parseAuthorization, sameSignature, skewMessage } from './sigv4.js';

const SCOPE = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';

describe('parseAuthorization', () => {
  it('reads the parts, trimming spaces around the header and its values, header names in lower case', () => {
    expect(
      parseAuthorization(`  AWS4-HMAC-SHA256 Credential=${SCOPE} , SignedHeaders=Host; X-Amz-Date , Signature=abc  `),
    ).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      date: '20150830',
      region: 'us-east-1',
      service: 'service',
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'abc',
    });
  });

  it('asks for all three parameters when the header is not AWS4-HMAC-SHA256', () => {
    for (const header of ['Basic abc', `xAWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host, Signature=abc`]) {
      expect(parseAuthorization(header)).toBe(
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
          `Authorization header requires 'SignedHeaders' parameter. Authorization=${header}`,
      );
    }
  });

  it('refuses a credential scope that is not <key>/<date>/<region>/<service>/aws4_request', () => {
    for (const scope of [
      'AKIDEXAMPLE/20150830/us-east-1/service',
      'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request/extra',
      'AKIDEXAMPLE/20150830/us-east-1/service/aws4_requests',
      'AKIDEXAMPLE//us-east-1/service/aws4_request',
    ]) {
      const header = `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=abc`;
      expect(parseAuthorization(header)).toBe(
        `Credential should be of the form <key>/<date>/<region>/<service>/aws4_request. Authorization=${header}`,
      );
    }
  });
});

describe('X-Amz-Date and the skew', () => {
  const at = Date.UTC(2015, 7, 30, 12, 36, 0);

  it('reads only a whole basic ISO 8601 time, and writes one without milliseconds', () => {
    expect(parseAmzDate('20150830T123600Z')).toBe(at);
    expect(parseAmzDate('x20150830T123600Z')).toBeUndefined();
    expect(parseAmzDate('20150830T123600Zx')).toBeUndefined();
    expect(formatAmzDate(at + 123)).toBe('20150830T123600Z');
  });

  it('allows a request time exactly at either edge of the skew', () => {
    const max = 15 * 60_000;
    expect(skewMessage(at - max, at, max)).toBeUndefined();
    expect(skewMessage(at + max, at, max)).toBeUndefined();
    expect(skewMessage(at - max - 1000, at, max)).toMatch(/^Signature expired: /);
    expect(skewMessage(at + max + 1000, at, max)).toMatch(/^Signature not yet current: /);
  });
});

describe('sameSignature', () => {
  it('is false, not an error, for signatures of different lengths', () => {
    expect(sameSignature('abc', 'abcd')).toBe(false);
    expect(sameSignature('abc', 'abc')).toBe(true);
  });
});
