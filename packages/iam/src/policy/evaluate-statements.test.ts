/**
 * Table tests for statement matching and the decision across policies:
 * Action/NotAction, Resource/NotResource, Principal/NotPrincipal, explicit
 * deny over allow, implicit deny. After the IAM User Guide "Policy evaluation
 * logic" and the Action, Resource and Principal element pages.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { parsePolicyObject } from './parse-policy.js';
import type { Decision, RequestContext, StatementTrace } from './types.js';

const SOURCE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html';
const ACCOUNT = '111122223333';

interface PolicySpec {
  readonly name: string;
  readonly kind: 'identity' | 'resource';
  readonly document: unknown;
}

interface Case {
  readonly title: string;
  readonly policy: PolicySpec | readonly PolicySpec[];
  readonly request: RequestContext;
  /** `by`: the deciding statement as `name#index`; `blocked`: every statement that did not apply, and why. */
  readonly expected: { readonly decision: Decision; readonly by?: string; readonly blocked?: readonly string[] };
}

function identity(statement: Record<string, unknown>, name = 'identity'): PolicySpec {
  return {
    name,
    kind: 'identity',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] },
  };
}

function bucketPolicy(statement: Record<string, unknown>): PolicySpec {
  return {
    name: 'bucket',
    kind: 'resource',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*', ...statement }] },
  };
}

function s3(action: string, resource: string, principal?: RequestContext['principal']): RequestContext {
  return { action, resource, context: {}, ...(principal ? { principal } : {}) };
}

const aws = (id: string) => ({ type: 'AWS', id }) as const;

function blockedBy(trace: StatementTrace): string {
  const parts = [
    trace.principalMatched === false ? 'principal' : undefined,
    trace.actionMatched ? undefined : 'action',
    trace.resourceMatched === false ? 'resource' : undefined,
    ...trace.conditions.filter((c) => !c.matched).map((c) => `${c.operator} ${c.key}`),
  ];
  return `${trace.policy}#${trace.index}: ${parts.filter((p) => p !== undefined).join(', ')}`;
}

const OBJECT = 'arn:aws:s3:::reports/2026/q1.csv';

const actions: Case[] = [
  {
    title: 'Action: exact match',
    policy: identity({ Action: 's3:GetObject', Resource: '*' }),
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'Allow', by: 'identity#0' },
  },
  {
    title: 'Action: names compare case-insensitively',
    policy: identity({ Action: 'S3:getobject', Resource: '*' }),
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'Allow', by: 'identity#0' },
  },
  {
    title: 'Action: s3:Get* covers s3:GetObject',
    policy: identity({ Action: ['s3:List*', 's3:Get*'], Resource: '*' }),
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'Allow', by: 'identity#0' },
  },
  {
    title: 'Action: s3:Get* does not cover s3:PutObject (implicit deny)',
    policy: identity({ Action: 's3:Get*', Resource: '*' }),
    request: s3('s3:PutObject', OBJECT),
    expected: { decision: 'ImplicitDeny', blocked: ['identity#0: action'] },
  },
  {
    title: 'Action: ? matches one character',
    policy: identity({ Action: 's3:Get?bject', Resource: '*' }),
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'Allow', by: 'identity#0' },
  },
  {
    title: 'Action: * matches every action of every service',
    policy: identity({ Action: '*', Resource: '*' }),
    request: s3('kms:Decrypt', 'arn:aws:kms:us-west-2:111122223333:key/k1'),
    expected: { decision: 'Allow', by: 'identity#0' },
  },
  {
    title: 'Action: the service prefix must match (sts:* is not s3)',
    policy: identity({ Action: 'sts:*', Resource: '*' }),
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'ImplicitDeny', blocked: ['identity#0: action'] },
  },
  {
    title: 'NotAction: allows everything except the listed actions',
    policy: identity({ NotAction: 'iam:*', Resource: '*' }),
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'Allow', by: 'identity#0' },
  },
  {
    title: 'NotAction: a listed action is not allowed',
    policy: identity({ NotAction: 'iam:*', Resource: '*' }),
    request: s3('iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/mallory`),
    expected: { decision: 'ImplicitDeny', blocked: ['identity#0: action'] },
  },
];

const resources: Case[] = [
  {
    title: 'Resource: * after a prefix matches across /',
    policy: identity({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }),
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'Allow', by: 'identity#0' },
  },
  {
    title: 'Resource: ARNs compare case-sensitively',
    policy: identity({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::Reports/*' }),
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'ImplicitDeny', blocked: ['identity#0: resource'] },
  },
  {
    title: 'NotResource: allows every resource except the listed ones',
    policy: identity({ Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secrets/*' }),
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'Allow', by: 'identity#0' },
  },
  {
    title: 'NotResource: a listed resource is not allowed',
    policy: identity({ Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secrets/*' }),
    request: s3('s3:GetObject', 'arn:aws:s3:::secrets/db-password'),
    expected: { decision: 'ImplicitDeny', blocked: ['identity#0: resource'] },
  },
];

const decisions: Case[] = [
  {
    title: 'An explicit Deny in one policy beats an Allow in another',
    policy: [
      identity({ Action: 's3:*', Resource: '*' }),
      identity({ Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }, 'guardrail'),
    ],
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'ExplicitDeny', by: 'guardrail#0' },
  },
  {
    title: 'A Deny whose condition fails does not deny',
    policy: [
      identity({ Action: 's3:*', Resource: '*' }),
      identity(
        { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        'tls-only',
      ),
    ],
    request: { ...s3('s3:GetObject', OBJECT), context: { 'aws:SecureTransport': 'true' } },
    expected: { decision: 'Allow', by: 'identity#0', blocked: ['tls-only#0: Bool aws:SecureTransport'] },
  },
  {
    title: 'Implicit deny when no statement matches',
    policy: [
      identity({ Action: 's3:PutObject', Resource: '*' }),
      identity({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }, 'other'),
    ],
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'ImplicitDeny', blocked: ['identity#0: action', 'other#0: resource'] },
  },
  {
    title: 'Implicit deny with no policies at all',
    policy: [],
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'ImplicitDeny' },
  },
];

const principals: Case[] = [
  {
    title: 'Principal "*": anyone, even an anonymous caller',
    policy: bucketPolicy({ Principal: '*', Action: 's3:GetObject' }),
    request: s3('s3:GetObject', OBJECT),
    expected: { decision: 'Allow', by: 'bucket#0' },
  },
  {
    title: 'Principal {"AWS": "*"} is the same as "*"',
    policy: bucketPolicy({ Principal: { AWS: '*' }, Action: 's3:GetObject' }),
    request: s3('s3:GetObject', OBJECT, aws('arn:aws:iam::444455556666:user/someone')),
    expected: { decision: 'Allow', by: 'bucket#0' },
  },
  {
    title: 'Principal AWS account id: any principal of that account',
    policy: bucketPolicy({ Principal: { AWS: ACCOUNT }, Action: 's3:GetObject' }),
    request: s3('s3:GetObject', OBJECT, aws(`arn:aws:iam::${ACCOUNT}:role/billing`)),
    expected: { decision: 'Allow', by: 'bucket#0' },
  },
  {
    title: 'Principal account root ARN: a principal of another account does not match',
    policy: bucketPolicy({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 's3:GetObject' }),
    request: s3('s3:GetObject', OBJECT, aws('arn:aws:iam::444455556666:user/mallory')),
    expected: { decision: 'ImplicitDeny', blocked: ['bucket#0: principal'] },
  },
  {
    title: 'Principal role ARN: matches a session of that role',
    policy: bucketPolicy({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app/billing` }, Action: 's3:GetObject' }),
    request: s3('s3:GetObject', OBJECT, aws(`arn:aws:sts::${ACCOUNT}:assumed-role/billing/botocore-session-1`)),
    expected: { decision: 'Allow', by: 'bucket#0' },
  },
  {
    title: 'Principal role ARN: a session of the same-named role in another account does not match',
    policy: bucketPolicy({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/billing` }, Action: 's3:GetObject' }),
    request: s3('s3:GetObject', OBJECT, aws('arn:aws:sts::444455556666:assumed-role/billing/botocore-session-1')),
    expected: { decision: 'ImplicitDeny', blocked: ['bucket#0: principal'] },
  },
  {
    title: 'Principal Service: a service principal',
    policy: bucketPolicy({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject' }),
    request: s3('s3:PutObject', OBJECT, { type: 'Service', id: 'cloudtrail.amazonaws.com' }),
    expected: { decision: 'Allow', by: 'bucket#0' },
  },
  {
    title: 'Principal by type: an AWS caller does not match a Service entry with the same text',
    policy: bucketPolicy({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject' }),
    request: s3('s3:PutObject', OBJECT, aws('cloudtrail.amazonaws.com')),
    expected: { decision: 'ImplicitDeny', blocked: ['bucket#0: principal'] },
  },
  {
    title: 'NotPrincipal with Deny: denies everyone except the named role',
    policy: bucketPolicy({
      Effect: 'Deny',
      NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` },
      Action: 's3:*',
    }),
    request: s3('s3:GetObject', OBJECT, aws(`arn:aws:iam::${ACCOUNT}:role/billing`)),
    expected: { decision: 'ExplicitDeny', by: 'bucket#0' },
  },
  {
    title: 'NotPrincipal with Deny: the named role is not denied',
    policy: bucketPolicy({
      Effect: 'Deny',
      NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` },
      Action: 's3:*',
    }),
    request: s3('s3:GetObject', OBJECT, aws(`arn:aws:iam::${ACCOUNT}:role/admin`)),
    expected: { decision: 'ImplicitDeny', blocked: ['bucket#0: principal'] },
  },
];

describe(`statements and decisions (${SOURCE})`, () => {
  it.each([...actions, ...resources, ...decisions, ...principals])('$title', ({ policy, request, expected }) => {
    const specs = Array.isArray(policy) ? (policy as readonly PolicySpec[]) : [policy as PolicySpec];
    const parsed = specs.map((s) => parsePolicyObject(s.document, { name: s.name, kind: s.kind }));
    const result = evaluate(parsed, request);
    expect(result.decision).toBe(expected.decision);
    const by = result.decidedBy ? `${result.decidedBy.policy}#${result.decidedBy.index}` : undefined;
    expect(by).toBe(expected.by);
    expect(result.statements.filter((t) => !t.applies).map(blockedBy)).toEqual(expected.blocked ?? []);
    expect(result.statements).toHaveLength(parsed.reduce((n, p) => n + p.statements.length, 0));
  });

  it('traces identity statements with principal n/a and says why the deny won', () => {
    const allow = parsePolicyObject(identity({ Action: 's3:*', Resource: '*' }).document, {
      name: 'app',
      kind: 'identity',
    });
    const deny = parsePolicyObject(
      { Statement: { Sid: 'NoReports', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' } },
      { name: 'guardrail', kind: 'identity' },
    );
    const result = evaluate([allow, deny], s3('s3:GetObject', OBJECT));
    expect(result.statements.map((t) => [t.policy, t.principalMatched, t.resourceMatched, t.applies])).toEqual([
      ['app', 'n/a', true, true],
      ['guardrail', 'n/a', true, true],
    ]);
    expect(result.reason).toBe(
      `Explicit deny: statement 0 ("NoReports") of "guardrail" denies s3:GetObject on ${OBJECT}; a Deny overrides every Allow.`,
    );
  });

  it('explains a statement that does not apply, part by part', () => {
    const policy = parsePolicyObject(identity({ Action: 's3:PutObject', Resource: 'arn:aws:s3:::other/*' }).document, {
      name: 'app',
      kind: 'identity',
    });
    const result = evaluate([policy], s3('s3:GetObject', OBJECT));
    expect(result.statements[0]?.reason).toBe(
      `Statement 0 of "app" does not apply: action s3:GetObject is not in Action ["s3:PutObject"]; resource ${OBJECT} is not in Resource ["arn:aws:s3:::other/*"].`,
    );
    expect(result.reason).toBe(
      `Implicit deny: no statement in 1 policy allows s3:GetObject on ${OBJECT}, and whatever is not allowed is denied.`,
    );
  });

  it('refuses a malformed request with a TypeError', () => {
    expect(() => evaluate([], { action: '', context: {} })).toThrow(TypeError);
    expect(() => evaluate([], { action: 's3:GetObject' } as unknown as RequestContext)).toThrow(TypeError);
    const numeric = { action: 's3:GetObject', context: { 's3:max-keys': 10 } } as unknown as RequestContext;
    expect(() => evaluate([], numeric)).toThrow(TypeError);
  });
});
