/**
 * Policy variables (IAM user guide, "IAM policy elements: Variables and
 * tags"): `${aws:PrincipalTag/<key>}` in Resource and condition values of a
 * 2012-10-17 policy, defaults, the special characters, and the old version
 * that keeps the text.
 */
/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not JS templates */
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { lowerContext } from './evaluate-condition.js';
import { parsePolicyObject } from './parse-policy.js';
import { substituteVariables } from './variables.js';

const SOURCE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html';
const NS = 'aws:PrincipalTag/kubernetes-namespace';

function abac(version = '2012-10-17', resource = 'arn:aws:s3:::shared/${aws:PrincipalTag/kubernetes-namespace}/*') {
  return parsePolicyObject(
    { Version: version, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }] },
    { name: 'abac', kind: 'identity' },
  );
}

function get(key: string, context: Record<string, string>) {
  return { action: 's3:GetObject', resource: `arn:aws:s3:::shared/${key}`, context };
}

describe(`policy variables (${SOURCE})`, () => {
  it('gives each namespace its own prefix through the Pod Identity session tag', () => {
    const policy = abac();
    expect(evaluate([policy], get('payments/q1.csv', { [NS]: 'payments' })).decision).toBe('Allow');
    const other = evaluate([policy], get('web/q1.csv', { [NS]: 'payments' }));
    expect(other.decision).toBe('ImplicitDeny');
    expect(other.statements[0]?.reason).toContain('(with the policy variables: ["arn:aws:s3:::shared/payments/*"])');
  });

  it('matches nothing when the key is absent, unless a default is given', () => {
    expect(evaluate([abac()], get('payments/q1.csv', {})).decision).toBe('ImplicitDeny');
    const withDefault = abac('2012-10-17', "arn:aws:s3:::shared/${aws:PrincipalTag/kubernetes-namespace, 'public'}/*");
    expect(evaluate([withDefault], get('public/readme', {})).decision).toBe('Allow');
  });

  it('leaves the text alone in a 2008-10-17 policy', () => {
    const old = abac('2008-10-17');
    expect(evaluate([old], get('payments/q1.csv', { [NS]: 'payments' })).decision).toBe('ImplicitDeny');
  });

  it('replaces variables in condition values too, compared with the request value', () => {
    const policy = parsePolicyObject(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: 'arn:aws:s3:::shared',
            Condition: { StringLike: { 's3:prefix': '${aws:PrincipalTag/kubernetes-namespace}/*' } },
          },
        ],
      },
      { name: 'list', kind: 'identity' },
    );
    const list = (prefix: string) => ({
      action: 's3:ListBucket',
      resource: 'arn:aws:s3:::shared',
      context: { 's3:prefix': prefix, [NS]: 'payments' },
    });
    expect(evaluate([policy], list('payments/2026/')).decision).toBe('Allow');
    const denied = evaluate([policy], list('web/'));
    expect(denied.statements[0]?.conditions[0]).toMatchObject({ expected: ['payments/*'], matched: false });
  });

  it('knows the special characters, and that a multi-valued key is no variable', () => {
    const ctx = lowerContext({ 'aws:username': 'alice', 'aws:TagKeys': ['a', 'b'] });
    expect(substituteVariables('${$}{x}-${aws:username}', ctx)).toBe('${x}-alice');
    expect(substituteVariables('${aws:TagKeys}', ctx)).toBeUndefined();
    expect(substituteVariables('${AWS:USERNAME}', ctx)).toBe('alice');
  });
});
