/**
 * IRSA trust policies, as the EKS user guide writes them: a Federated OIDC
 * provider principal, sts:AssumeRoleWithWebIdentity, and StringEquals (or
 * StringLike) on `<issuer>:sub` and `<issuer>:aud`. Parsed from text, as a
 * learner's trust.json would be.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { parsePolicy } from './parse-policy.js';
import type { Decision, RequestContext } from './types.js';

const SOURCE = 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html';
const ISSUER = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const OTHER_ISSUER = 'oidc.eks.us-west-2.amazonaws.com/id/0THERC1USTER0000000000000000000';
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${ISSUER}`;

function trustPolicy(condition: string): string {
  return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "${PROVIDER}" },
      "Action": "sts:AssumeRoleWithWebIdentity"${condition === '' ? '' : `,\n      "Condition": ${condition}`}
    }
  ]
}`;
}

const EXACT = `{ "StringEquals": { "${ISSUER}:sub": "system:serviceaccount:payments:billing", "${ISSUER}:aud": "sts.amazonaws.com" } }`;
const NAMESPACE = `{ "StringLike": { "${ISSUER}:sub": "system:serviceaccount:payments:*" }, "StringEquals": { "${ISSUER}:aud": "sts.amazonaws.com" } }`;

function assume(
  issuer: string,
  sub: string,
  aud = 'sts.amazonaws.com',
  action = 'sts:AssumeRoleWithWebIdentity',
): RequestContext {
  return {
    principal: { type: 'Federated', id: `arn:aws:iam::111122223333:oidc-provider/${issuer}` },
    action,
    context: { [`${issuer}:sub`]: sub, [`${issuer}:aud`]: aud },
  };
}

interface Case {
  readonly title: string;
  readonly policy: string;
  readonly request: RequestContext;
  readonly expected: { readonly decision: Decision; readonly failed?: readonly string[]; readonly principal?: boolean };
}

const cases: Case[] = [
  {
    title: 'the right ServiceAccount with the sts audience may assume the role',
    policy: trustPolicy(EXACT),
    request: assume(ISSUER, 'system:serviceaccount:payments:billing'),
    expected: { decision: 'Allow' },
  },
  {
    title: 'another ServiceAccount is denied on the sub condition',
    policy: trustPolicy(EXACT),
    request: assume(ISSUER, 'system:serviceaccount:web:default'),
    expected: { decision: 'ImplicitDeny', failed: [`StringEquals ${ISSUER}:sub`] },
  },
  {
    title: 'a token for another audience is denied on the aud condition',
    policy: trustPolicy(EXACT),
    request: assume(ISSUER, 'system:serviceaccount:payments:billing', 'vault'),
    expected: { decision: 'ImplicitDeny', failed: [`StringEquals ${ISSUER}:aud`] },
  },
  {
    title: 'the same namespace/name from another cluster: wrong provider and the keys are absent',
    policy: trustPolicy(EXACT),
    request: assume(OTHER_ISSUER, 'system:serviceaccount:payments:billing'),
    expected: {
      decision: 'ImplicitDeny',
      principal: false,
      failed: [`StringEquals ${ISSUER}:sub`, `StringEquals ${ISSUER}:aud`],
    },
  },
  {
    title: 'the trust policy covers only sts:AssumeRoleWithWebIdentity',
    policy: trustPolicy(EXACT),
    request: assume(ISSUER, 'system:serviceaccount:payments:billing', 'sts.amazonaws.com', 'sts:AssumeRole'),
    expected: { decision: 'ImplicitDeny' },
  },
  {
    title: 'misconfiguration: without a Condition any ServiceAccount of the cluster may assume the role',
    policy: trustPolicy(''),
    request: assume(ISSUER, 'system:serviceaccount:anything:anyone'),
    expected: { decision: 'Allow' },
  },
  {
    title: 'namespace-wide StringLike admits every ServiceAccount of the namespace',
    policy: trustPolicy(NAMESPACE),
    request: assume(ISSUER, 'system:serviceaccount:payments:ledger'),
    expected: { decision: 'Allow' },
  },
  {
    title: 'namespace-wide StringLike still denies another namespace',
    policy: trustPolicy(NAMESPACE),
    request: assume(ISSUER, 'system:serviceaccount:web:default'),
    expected: { decision: 'ImplicitDeny', failed: [`StringLike ${ISSUER}:sub`] },
  },
];

describe(`IRSA trust policies (${SOURCE})`, () => {
  it.each(cases)('$title', ({ policy, request, expected }) => {
    const trust = parsePolicy(policy, { name: 'trust policy of role/billing', kind: 'resource', file: 'trust.json' });
    const result = evaluate([trust], request);
    const [trace] = result.statements;
    expect(result.decision).toBe(expected.decision);
    expect(trace?.principalMatched).toBe(expected.principal ?? true);
    expect(trace?.resourceMatched).toBe('n/a');
    expect(trace?.conditions.filter((c) => !c.matched).map((c) => `${c.operator} ${c.key}`)).toEqual(
      expected.failed ?? [],
    );
  });

  it('shows the learner which claim failed, with the actual and the expected value', () => {
    const trust = parsePolicy(trustPolicy(EXACT), { name: 'trust policy of role/billing', kind: 'resource' });
    const result = evaluate([trust], assume(ISSUER, 'system:serviceaccount:web:default'));
    expect(result.statements[0]?.line).toBe(4);
    expect(trust.statements[0]?.line).toBe(4);
    expect(trust.statements[0]?.conditions.map((c) => c.line)).toEqual([8, 8]);
    expect(result.statements[0]?.reason).toBe(
      `Statement 0 of "trust policy of role/billing" does not apply: condition failed: ${ISSUER}:sub is "system:serviceaccount:web:default"; StringEquals wants "system:serviceaccount:payments:billing": no match.`,
    );
    expect(result.reason).toBe(
      'Implicit deny: no statement in 1 policy allows sts:AssumeRoleWithWebIdentity, and whatever is not allowed is denied.',
    );
  });

  it('says which statement allowed the right ServiceAccount', () => {
    const trust = parsePolicy(trustPolicy(EXACT), { name: 'trust policy of role/billing', kind: 'resource' });
    const result = evaluate([trust], assume(ISSUER, 'system:serviceaccount:payments:billing'));
    expect(result.decidedBy).toEqual({ policy: 'trust policy of role/billing', index: 0 });
    expect(result.statements[0]?.reason).toBe(
      'Statement 0 of "trust policy of role/billing" allows the request: principal, action match; all 2 condition(s) hold.',
    );
  });
});
