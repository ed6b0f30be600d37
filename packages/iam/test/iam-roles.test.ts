/**
 * IAM roles: trust policies parsed as resource policies (errors with line),
 * inline identity policies, quotas, names and paths as the IAM API has them.
 */

import { FEDERATED_PRINCIPAL_MESSAGE } from '@irsa-lab/iam';
import { describe, expect, it } from 'vitest';
import { irsaTrustPolicy, PROVIDER_ARN } from './harness.js';
import { ACCT, thrown, world } from './iam-world.js';

describe('roles', () => {
  it('creates a role with an AROA id, default path and one-hour maximum session', () => {
    const { iam, log } = world(1, { provider: true });
    const role = iam.createRole(ACCT, { RoleName: 'billing-reader', AssumeRolePolicyDocument: irsaTrustPolicy() });
    expect(role).toMatchObject({
      Arn: `arn:aws:iam::${ACCT}:role/billing-reader`,
      RoleId: expect.stringMatching(/^AROA[A-Z2-7]{16}$/),
      Path: '/',
      MaxSessionDuration: 3600,
      CreateDate: '2026-01-05T09:00:00Z',
    });
    expect(role.trustPolicy.statements[0]?.principal).toEqual({ kind: 'map', Federated: [PROVIDER_ARN] });
    expect(log.all('iam.changed').at(-1)?.data).toMatchObject({ action: 'CreateRole', arn: role.Arn });
  });

  it('puts the path into the ARN, and finds roles by exact ARN only', () => {
    const { iam } = world(1, { provider: true });
    const role = iam.createRole(ACCT, { RoleName: 'r', Path: '/team/', AssumeRolePolicyDocument: irsaTrustPolicy() });
    expect(role.Arn).toBe(`arn:aws:iam::${ACCT}:role/team/r`);
    expect(iam.findRoleByArn(role.Arn)).toBe(role);
    expect(iam.findRoleByArn(`arn:aws:iam::${ACCT}:role/r`)).toBeUndefined();
  });

  it('validates names and MaxSessionDuration as the IAM API does', () => {
    const { iam } = world(1, { provider: true });
    const doc = irsaTrustPolicy();
    expect(
      thrown(() => iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: doc, MaxSessionDuration: 100 })),
    ).toEqual({
      code: 'IAM_INVALID_INPUT',
      awsCode: 'ValidationError',
      message:
        "1 validation error detected: Value '100' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    });
    expect(thrown(() => iam.createRole(ACCT, { RoleName: 'a b', AssumeRolePolicyDocument: doc })).message).toBe(
      "1 validation error detected: Value 'a b' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    iam.createRole(ACCT, { RoleName: 'Billing', AssumeRolePolicyDocument: doc });
    expect(thrown(() => iam.createRole(ACCT, { RoleName: 'billing', AssumeRolePolicyDocument: doc }))).toEqual({
      code: 'IAM_ENTITY_ALREADY_EXISTS',
      awsCode: 'EntityAlreadyExists',
      message: 'Role with name billing already exists.',
    });
  });

  it('refuses a malformed trust policy with the line of the problem', () => {
    const { iam } = world(1, { provider: true });
    const doc =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity" }\n  ]\n}';
    expect(thrown(() => iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: doc }), 'line')).toMatchObject({
      code: 'POLICY_MALFORMED',
      awsCode: 'MalformedPolicyDocument',
      line: 4,
    });
    expect(iam.listRoles(ACCT)).toEqual([]);
  });

  it('refuses a Federated principal naming no registered provider, as IAM does (the line, the value)', () => {
    const { iam, log } = world(1, { provider: true });
    const missing = PROVIDER_ARN.replace(/id\/[^/]+$/, 'id/0THERCLUSTER');
    const refusal = (doc: string) =>
      thrown(() => iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: doc }), 'line', 'field', 'value');
    const expected = (value: string) => ({
      code: 'POLICY_MALFORMED',
      awsCode: 'MalformedPolicyDocument',
      message: FEDERATED_PRINCIPAL_MESSAGE,
      line: 4, // the statement's line
      field: 'Statement[0].Principal.Federated',
      value,
    });
    // another cluster's provider, never registered here; a TODO left in; a SAML provider (none exist here)
    expect(refusal(irsaTrustPolicy(undefined, missing))).toEqual(expected(missing));
    expect(refusal(irsaTrustPolicy(undefined, 'TODO: the provider ARN'))).toEqual(expected('TODO: the provider ARN'));
    const saml = `arn:aws:iam::${ACCT}:saml-provider/corp`;
    expect(refusal(irsaTrustPolicy(undefined, saml))).toEqual(expected(saml));
    // in a list, one bad value is enough
    const listed = irsaTrustPolicy().replace(JSON.stringify(PROVIDER_ARN), JSON.stringify([PROVIDER_ARN, missing]));
    expect(refusal(listed)).toMatchObject({ awsCode: 'MalformedPolicyDocument', value: missing });
    expect(iam.listRoles(ACCT)).toEqual([]);
    expect(log.all('iam.changed').map((e) => e.data)).not.toContainEqual(
      expect.objectContaining({ action: 'CreateRole' }),
    );
    // a web identity provider by domain name, and the registered provider, are accepted
    expect(
      iam.createRole(ACCT, {
        RoleName: 'web',
        AssumeRolePolicyDocument: irsaTrustPolicy(undefined, 'cognito-identity.amazonaws.com'),
      }).RoleName,
    ).toBe('web');
    expect(iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: irsaTrustPolicy() }).RoleName).toBe('r');
  });

  it('checks Federated principals on UpdateAssumeRolePolicy too; deleting the provider later leaves the role as it is', () => {
    const { iam } = world(1, { provider: true });
    iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: irsaTrustPolicy() });
    const missing = PROVIDER_ARN.replace(/id\/[^/]+$/, 'id/0THERCLUSTER');
    expect(thrown(() => iam.updateAssumeRolePolicy(ACCT, 'r', irsaTrustPolicy(undefined, missing)))).toEqual({
      code: 'POLICY_MALFORMED',
      awsCode: 'MalformedPolicyDocument',
      message: FEDERATED_PRINCIPAL_MESSAGE,
    });
    expect(iam.getRole(ACCT, 'r').AssumeRolePolicyDocument).toBe(irsaTrustPolicy());
    iam.deleteOpenIdConnectProvider(PROVIDER_ARN);
    expect(iam.getRole(ACCT, 'r').AssumeRolePolicyDocument).toBe(irsaTrustPolicy());
    // ...but the trust policy can no longer be written as it is
    expect(thrown(() => iam.updateAssumeRolePolicy(ACCT, 'r', irsaTrustPolicy()))).toMatchObject({
      awsCode: 'MalformedPolicyDocument',
    });
  });

  it('refuses a trust policy over 2048 characters (white space not counted)', () => {
    const { iam } = world(1, { provider: true });
    const subs = Array.from({ length: 60 }, (_, i) => `system:serviceaccount:team-${i}:app`);
    const doc = irsaTrustPolicy().replace(/"system:serviceaccount:payments:billing"/, JSON.stringify(subs));
    expect(thrown(() => iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: doc }))).toEqual({
      code: 'IAM_LIMIT_EXCEEDED',
      awsCode: 'LimitExceeded',
      message: 'Cannot exceed quota for ACLSizePerRole: 2048',
    });
    const pretty = irsaTrustPolicy().replaceAll('\n', `\n${' '.repeat(200)}`);
    expect(pretty.length).toBeGreaterThan(2048);
    expect(iam.createRole(ACCT, { RoleName: 'pretty', AssumeRolePolicyDocument: pretty }).RoleName).toBe('pretty');
  });

  it('takes a longer trust policy once the ACLSizePerRole quota is raised, on create and on update', () => {
    const subs = Array.from({ length: 60 }, (_, i) => `system:serviceaccount:team-${i}:app`);
    const doc = irsaTrustPolicy().replace(/"system:serviceaccount:payments:billing"/, JSON.stringify(subs));
    const { iam } = world(1, { provider: true, quotas: { roleTrustPolicyLength: 4096 } });
    expect(iam.createRole(ACCT, { RoleName: 'wide', AssumeRolePolicyDocument: doc }).RoleName).toBe('wide');
    const { iam: small } = world(1, { provider: true });
    small.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: irsaTrustPolicy() });
    expect(thrown(() => small.updateAssumeRolePolicy(ACCT, 'r', doc))).toMatchObject({ awsCode: 'LimitExceeded' });
  });

  it('updates the trust policy', () => {
    const { iam } = world(1, { provider: true });
    iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: irsaTrustPolicy() });
    const updated = iam.updateAssumeRolePolicy(ACCT, 'r', irsaTrustPolicy('system:serviceaccount:web:default'));
    expect(JSON.stringify(updated.trustPolicy.statements[0]?.conditions.map((c) => c.values))).toContain('web:default');
    expect(iam.getRole(ACCT, 'r')).toBe(updated);
  });

  it('puts, replaces and deletes inline policies; a role with policies cannot be deleted', () => {
    const { iam } = world(1, { provider: true });
    iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: irsaTrustPolicy() });
    const read = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    });
    iam.putRolePolicy(ACCT, 'r', 'read', read);
    iam.putRolePolicy(ACCT, 'r', 'read', read.replace('GetObject', 'ListBucket'));
    expect(iam.getRole(ACCT, 'r').inlinePolicies.map((p) => [p.PolicyName, p.policy.statements[0]?.action])).toEqual([
      ['read', ['s3:ListBucket']],
    ]);
    expect(thrown(() => iam.deleteRole(ACCT, 'r'))).toMatchObject({ awsCode: 'DeleteConflict' });
    iam.deleteRolePolicy(ACCT, 'r', 'read');
    expect(thrown(() => iam.deleteRolePolicy(ACCT, 'r', 'read'))).toEqual({
      code: 'IAM_NO_SUCH_ENTITY',
      awsCode: 'NoSuchEntity',
      message: 'The role policy with name read cannot be found.',
    });
    iam.deleteRole(ACCT, 'r');
    expect(thrown(() => iam.getRole(ACCT, 'r')).message).toBe('The role with name r cannot be found.');
  });

  it('refuses an inline policy that names a Principal', () => {
    const { iam } = world(1, { provider: true });
    iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: irsaTrustPolicy() });
    expect(thrown(() => iam.putRolePolicy(ACCT, 'r', 'p', irsaTrustPolicy()))).toMatchObject({
      awsCode: 'MalformedPolicyDocument',
    });
  });
});
