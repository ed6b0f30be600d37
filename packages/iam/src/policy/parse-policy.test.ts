/**
 * parsePolicy / parsePolicyObject: the AWS policy grammar, and errors that
 * name the field with its line and column (POLICY_MALFORMED). Texts are
 * written one line per array item so the expected positions can be read off.
 */
import { isSimError } from '@irsa-lab/core';
import { describe, expect, it } from 'vitest';
import { type ParsePolicyOptions, parsePolicy, parsePolicyObject } from './parse-policy.js';

const IDENTITY: ParsePolicyOptions = { name: 'app-policy', kind: 'identity', file: 'app-policy.json' };
const TRUST: ParsePolicyOptions = { name: 'trust policy of role/billing', kind: 'resource', file: 'trust.json' };
const ISSUER = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

const lines = (...rows: string[]) => rows.join('\n');

function malformed(run: () => unknown): { message: string; detail: Record<string, unknown> } {
  try {
    run();
  } catch (err) {
    if (isSimError(err) && err.code === 'POLICY_MALFORMED') return { message: err.message, detail: { ...err.detail } };
    throw err;
  }
  throw new Error('expected POLICY_MALFORMED, but the policy parsed');
}

describe('parsePolicy: valid documents', () => {
  it('reads a typical IRSA trust policy, with statement and condition lines', () => {
    const text = lines(
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {',
      '      "Sid": "BillingServiceAccount",',
      '      "Effect": "Allow",',
      `      "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/${ISSUER}" },`,
      '      "Action": "sts:AssumeRoleWithWebIdentity",',
      '      "Condition": {',
      '        "StringEquals": {',
      `          "${ISSUER}:sub": "system:serviceaccount:payments:billing",`,
      `          "${ISSUER}:aud": ["sts.amazonaws.com"]`,
      '        }',
      '      }',
      '    }',
      '  ]',
      '}',
    );
    expect(parsePolicy(text, TRUST)).toEqual({
      name: 'trust policy of role/billing',
      kind: 'resource',
      version: '2012-10-17',
      statements: [
        {
          index: 0,
          sid: 'BillingServiceAccount',
          effect: 'Allow',
          principal: { kind: 'map', Federated: [`arn:aws:iam::111122223333:oidc-provider/${ISSUER}`] },
          action: ['sts:AssumeRoleWithWebIdentity'],
          conditions: [
            {
              operator: 'StringEquals',
              baseOperator: 'StringEquals',
              ifExists: false,
              key: `${ISSUER}:sub`,
              values: ['system:serviceaccount:payments:billing'],
              line: 11,
            },
            {
              operator: 'StringEquals',
              baseOperator: 'StringEquals',
              ifExists: false,
              key: `${ISSUER}:aud`,
              values: ['sts.amazonaws.com'],
              line: 12,
            },
          ],
          line: 4,
        },
      ],
    });
  });

  it('accepts a single statement object and a missing Version (read as 2008-10-17, like AWS)', () => {
    const policy = parsePolicy(
      '{"Id":"p1","Statement":{"Effect":"Deny","NotAction":"iam:*","NotResource":["*"]}}',
      IDENTITY,
    );
    expect(policy.version).toBe('2008-10-17');
    expect(policy.id).toBe('p1');
    expect(policy.statements).toEqual([
      { index: 0, effect: 'Deny', notAction: ['iam:*'], notResource: ['*'], conditions: [], line: 1 },
    ]);
  });

  it('splits set qualifiers and IfExists off the operator, keeping value types', () => {
    const policy = parsePolicyObject(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Condition: { 'ForAllValues:StringLikeIfExists': { 'aws:TagKeys': ['team-*', 7, true] } },
          },
        ],
      },
      { name: 'bucket', kind: 'resource' },
    );
    expect(policy.statements[0]?.principal).toEqual({ kind: '*' });
    expect(policy.statements[0]?.conditions).toEqual([
      {
        operator: 'ForAllValues:StringLikeIfExists',
        baseOperator: 'StringLike',
        setQualifier: 'ForAllValues',
        ifExists: true,
        key: 'aws:TagKeys',
        values: ['team-*', 7, true],
      },
    ]);
  });
});

describe('parsePolicyObject', () => {
  it('names the field without a line or column', () => {
    const error = malformed(() =>
      parsePolicyObject(
        { Statement: [{ Effect: 'Permit', Action: 's3:*', Resource: '*' }] },
        { name: 'p', kind: 'identity' },
      ),
    );
    expect(error.detail).toEqual({
      field: 'Statement[0].Effect',
      path: ['Statement', 0, 'Effect'],
      reason: 'Invalid effect: "Permit". Effect must be "Allow" or "Deny".',
    });
    expect(error.message).toBe(
      'Invalid effect: "Permit". Effect must be "Allow" or "Deny". (policy "p", field Statement[0].Effect)',
    );
  });

  it('gives the field as segments, a condition key with dots kept whole', () => {
    const key = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub';
    const error = malformed(() =>
      parsePolicyObject(
        {
          Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { [key]: [{}] } } }],
        },
        { name: 'p', kind: 'identity' },
      ),
    );
    expect(error.detail.path).toEqual(['Statement', 0, 'Condition', 'StringEquals', key, 0]);
  });

  it('refuses values JSON cannot hold', () => {
    const error = malformed(() =>
      parsePolicyObject(
        { Statement: { Effect: 'Allow', Action: () => 's3:*', Resource: '*' } },
        { name: 'p', kind: 'identity' },
      ),
    );
    expect(error.detail).toMatchObject({ field: 'Statement.Action', path: ['Statement', 'Action'] });
  });

  it('applies the size limit to the compact JSON form', () => {
    const resources = Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`);
    const error = malformed(() =>
      parsePolicyObject(
        { Statement: { Effect: 'Allow', Action: 's3:*', Resource: resources } },
        { name: 'p', kind: 'identity' },
      ),
    );
    expect(error.detail.limit).toBe('PolicySize 10240 characters');
    expect(error.detail.line).toBeUndefined();
  });

  it('throws TypeError for caller mistakes', () => {
    expect(() => parsePolicy('{}', { name: '', kind: 'identity' })).toThrow(TypeError);
    expect(() => parsePolicy('{}', { name: 'p', kind: 'trust' } as unknown as ParsePolicyOptions)).toThrow(TypeError);
    expect(() => parsePolicy(42 as unknown as string, IDENTITY)).toThrow(TypeError);
  });
});
