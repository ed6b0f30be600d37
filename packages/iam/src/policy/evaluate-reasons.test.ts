/**
 * Trace sentences of a statement that the other evaluator tests do not pin:
 * a caller the Principal does not name, a caller NotPrincipal excludes, and
 * a Resource list shown with its policy variables resolved only when one of
 * its patterns has a variable. Also the special variables `${*}`, `${?}`
 * and `${$}`, which stand for those characters.
 */
/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not JS templates */
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { lowerContext } from './evaluate-condition.js';
import { parsePolicyObject } from './parse-policy.js';
import type { RequestContext } from './types.js';
import { substituteVariables } from './variables.js';

const APP = 'arn:aws:iam::111122223333:role/app';
const OTHER = 'arn:aws:iam::111122223333:role/other';
const GET: RequestContext = {
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::reports/q1.csv',
  context: { 'aws:username': 'alice' },
  principal: { type: 'AWS', id: APP },
};

function policy(kind: 'identity' | 'resource', statement: Record<string, unknown>) {
  return parsePolicyObject(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...statement }] },
    { name: kind, kind },
  );
}

function reason(statement: Record<string, unknown>, kind: 'identity' | 'resource' = 'resource'): string | undefined {
  return evaluate([policy(kind, statement)], GET).statements[0]?.reason;
}

describe('why a statement does not apply', () => {
  it('names the caller a Principal does not name, and the Principal', () => {
    expect(reason({ Principal: { AWS: OTHER } })).toContain(`AWS ${APP} is not named in Principal {AWS: ${OTHER}}`);
  });

  it('names the caller NotPrincipal excludes', () => {
    expect(reason({ Effect: 'Deny', NotPrincipal: { AWS: APP } })).toContain(
      `AWS ${APP} is excluded by NotPrincipal {AWS: ${APP}}`,
    );
  });

  it('shows a Resource list as resolved only when one of its patterns has a policy variable', () => {
    const plain = reason({ Resource: ['arn:aws:s3:::other/*'] }, 'identity');
    expect(plain).toContain('is not in Resource ["arn:aws:s3:::other/*"]');
    expect(plain).not.toContain('with the policy variables');
    const mixed = reason({ Resource: ['arn:aws:s3:::other/*', 'arn:aws:s3:::home/${aws:username}/*'] }, 'identity');
    expect(mixed).toContain('(with the policy variables: ["arn:aws:s3:::other/*", "arn:aws:s3:::home/alice/*"])');
  });

  it('shows the Resource of a Version 2008-10-17 policy as written: it has no policy variables', () => {
    const old = parsePolicyObject(
      {
        Version: '2008-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' }],
      },
      { name: 'old', kind: 'identity' },
    );
    const why = evaluate([old], GET).statements[0]?.reason;
    expect(why).toContain('is not in Resource ["arn:aws:s3:::home/${aws:username}/*"]');
    expect(why).not.toContain('with the policy variables');
  });
});

describe('the special variables', () => {
  it('stand for *, ? and $', () => {
    expect(substituteVariables('a${*}b${?}c${$}d', lowerContext({}))).toBe('a*b?c$d');
  });
});
