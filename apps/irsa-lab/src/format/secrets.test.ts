/** Unit tests of secret masking: secret keys, session tokens and JWTs never print whole. */
import { mask } from '@irsa-lab/scenarios';
import { describe, expect, it } from 'vitest';
import { maskSecret, redactRecord, truncateToken } from './secrets.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlc2lnbmF0dXJl';

describe('maskSecret', () => {
  it('shows at most the last 4 characters, and nothing of a short secret', () => {
    expect(maskSecret(SECRET)).toBe('****EKEY');
    expect(maskSecret('short')).toBe('****');
  });

  it('is the rule the scenarios mask their credential panels with (the tail from 16 characters)', () => {
    expect(mask).toBe(maskSecret);
    expect(redactRecord({ password: 'abcdefghijklmno', SecretAccessKey: 'abcdefghijklmnop' })).toEqual({
      password: '****',
      SecretAccessKey: '****mnop',
    });
  });

  it('is idempotent on an already masked value', () => {
    expect(maskSecret(maskSecret(SECRET))).toBe('****EKEY');
  });
});

describe('truncateToken', () => {
  it('keeps a recognisable prefix and the length', () => {
    expect(truncateToken(JWT)).toBe(`eyJhbGciOiJS… (${JWT.length} chars)`);
    expect(truncateToken('abc')).toBe('abc');
  });
});

describe('redactRecord', () => {
  it('masks secrets and truncates tokens at any depth, leaving access key ids whole', () => {
    const record = {
      eventName: 'AssumeRoleWithWebIdentity',
      responseElements: {
        credentials: {
          accessKeyId: 'ASIAEXAMPLE0000001',
          secretAccessKey: SECRET,
          sessionToken: 'IQoJb3JpZ2luX2VjE'.repeat(20),
        },
      },
      requestParameters: { webIdentityToken: JWT, roleArn: 'arn:aws:iam::111122223333:role/r' },
      other: [JWT],
      subjectFromWebIdentityToken: 'system:serviceaccount:payments:billing',
    };
    const text = JSON.stringify(redactRecord(record));
    expect(text).not.toContain(SECRET.slice(0, 8));
    expect(text).not.toContain(JWT);
    expect(text).toContain('ASIAEXAMPLE0000001');
    expect(text).toContain('****EKEY');
    expect(text).toContain('arn:aws:iam::111122223333:role/r');
    expect(text).toMatch(/IQoJb3JpZ2lu… \(340 chars\)/);
    expect(text).toContain('"subjectFromWebIdentityToken":"system:serviceaccount:payments:billing"');
  });
});
