/**
 * Bad world files: every problem is one SimError naming the file, the line
 * and the field, with a one-line message and no stack trace, whether the
 * problem is YAML syntax, irsa-lab's schema, a policy IAM refuses, a node
 * rule, or a Kubernetes document after irsa-lab documents.
 */
import { isSimError } from '@irsa-lab/core';
import { loadWorld, MAX_WORLD_FILE_BYTES } from '@irsa-lab/world';
import { describe, expect, it } from 'vitest';

const HEAD = 'apiVersion: irsa-lab.dev/v1\n';

interface Case {
  readonly title: string;
  readonly text: string;
  readonly expected: { readonly code: string; readonly line?: number; readonly field: string; readonly says: string };
}

const role = (trust: string) => `${HEAD}kind: Role\nmetadata:\n  name: r\nspec:\n  trustPolicy:\n${trust}`;
const TRUST_OK =
  '    Version: "2012-10-17"\n    Statement:\n      - Effect: Allow\n        Principal: { Service: ec2.amazonaws.com }\n        Action: sts:AssumeRole\n';

const cases: readonly Case[] = [
  {
    title: 'YAML syntax',
    text: `${HEAD}kind: Role\nmetadata:\n  name: [unclosed\n`,
    expected: { code: 'INPUT_YAML', line: 5, field: '', says: 'Flow sequence in block collection' },
  },
  {
    title: 'an unknown irsa-lab kind',
    text: `${HEAD}kind: Database\n`,
    expected: {
      code: 'INPUT_SCHEMA',
      line: 2,
      field: 'kind',
      says: 'expected one of "Cluster", "OIDCProvider", "Role", "Bucket", "Node"',
    },
  },
  {
    title: 'a version irsa-lab does not serve',
    text: 'apiVersion: irsa-lab.dev/v2\nkind: Role\n',
    expected: { code: 'INPUT_SCHEMA', line: 1, field: 'apiVersion', says: 'served at irsa-lab.dev/v1' },
  },
  {
    title: 'an unknown field, at its key',
    text: `${HEAD}kind: Role\nmetadata:\n  name: r\nspec:\n  trustpolicy: {}\n`,
    expected: { code: 'INPUT_SCHEMA', line: 6, field: 'spec.trustpolicy', says: 'unknown field "trustpolicy"' },
  },
  {
    title: 'a wrong type',
    text: `${HEAD}kind: Node\nspec:\n  imds:\n    httpPutResponseHopLimit: two\n`,
    expected: {
      code: 'INPUT_SCHEMA',
      line: 5,
      field: 'spec.imds.httpPutResponseHopLimit',
      says: 'whole number from 1 to 64',
    },
  },
  {
    title: 'a value outside its set',
    text: `${HEAD}kind: Node\nspec:\n  imds:\n    httpTokens: maybe\n`,
    expected: { code: 'INPUT_SCHEMA', line: 5, field: 'spec.imds.httpTokens', says: '"optional", "required"' },
  },
  {
    title: 'an invalid bucket name',
    text: `${HEAD}kind: Bucket\nmetadata:\n  name: Billing_Reports\n`,
    expected: { code: 'INPUT_SCHEMA', line: 4, field: 'metadata.name', says: 'bucket name' },
  },
  {
    title: 'an object body that is not text',
    text: `${HEAD}kind: Bucket\nmetadata:\n  name: b-1\nspec:\n  objects:\n    - key: a\n      body: 42\n`,
    expected: { code: 'INPUT_SCHEMA', line: 8, field: 'spec.objects[0].body', says: 'expected a string' },
  },
  {
    title: 'a trust policy IAM refuses, at the statement field',
    text: role(
      '    Version: "2012-10-17"\n    Statement:\n      - Effect: Alloww\n        Principal: "*"\n        Action: sts:AssumeRole\n',
    ),
    expected: { code: 'INPUT_SCHEMA', line: 9, field: 'spec.trustPolicy.Statement[0].Effect', says: 'Alloww' },
  },
  {
    title: 'a trust policy naming an OIDC provider the file does not register, at the Federated principal',
    text: role(
      `    Version: "2012-10-17"\n    Statement:\n      - Effect: Allow\n        Principal:\n          Federated: \${OIDC_PROVIDER_ARN}\n        Action: sts:AssumeRoleWithWebIdentity\n`,
    ),
    expected: {
      code: 'INPUT_SCHEMA',
      line: 11,
      field: 'spec.trustPolicy.Statement[0].Principal.Federated',
      says: 'Federated principals must be valid domain names or SAML metadata ARNs',
    },
  },
  {
    title: 'an inline policy IAM refuses',
    text: `${role(TRUST_OK)}  inlinePolicies:\n    read:\n      Version: "2012-10-17"\n      Statement:\n        - Effect: Allow\n          Resource: "*"\n`,
    expected: { code: 'INPUT_SCHEMA', line: 16, field: 'spec.inlinePolicies.read.Statement[0].Action', says: 'Action' },
  },
  {
    title: 'a kubelet token file mode the simulation does not know',
    text: `${HEAD}kind: Node\nspec:\n  kubelet:\n    tokenFilePermissions: 1.18\n`,
    expected: { code: 'INPUT_SCHEMA', line: 5, field: 'spec.kubelet.tokenFilePermissions', says: '"before-1.19"' },
  },
  {
    title: 'a node rule of an unknown kind',
    text: `${HEAD}kind: Node\nspec:\n  rules:\n    - kind: block-everything\n`,
    expected: { code: 'INPUT_SCHEMA', line: 5, field: 'spec.rules[0].kind', says: 'block-imds-from-pods' },
  },
  {
    title: 'a node rule the node refuses',
    text: `${HEAD}kind: Node\nspec:\n  rules:\n    - kind: allow\n      source: not-an-address\n`,
    expected: { code: 'INPUT_SCHEMA', line: 6, field: 'spec.rules[0].source', says: 'not-an-address' },
  },
  {
    title: 'a second Cluster',
    text: `${HEAD}kind: Cluster\nmetadata:\n  name: a\nspec:\n  region: us-west-2\n  account: "111122223333"\n---\n${HEAD}kind: Cluster\nmetadata:\n  name: b\nspec:\n  region: us-east-1\n  account: "111122223333"\n`,
    expected: { code: 'INPUT_SCHEMA', line: 10, field: 'kind', says: 'second Cluster' },
  },
  {
    title: 'an account id that is not 12 digits',
    text: `${HEAD}kind: Cluster\nmetadata:\n  name: a\nspec:\n  region: us-west-2\n  account: 12345\n`,
    expected: { code: 'INPUT_SCHEMA', line: 7, field: 'spec.account', says: '12-digit' },
  },
  {
    title: 'a world setting out of its range',
    text: `${HEAD}kind: Cluster\nmetadata:\n  name: a\nspec:\n  region: us-west-2\n  account: "111122223333"\n  webhook:\n    serviceAccountCacheLagMs: -5\n`,
    expected: {
      code: 'INPUT_SCHEMA',
      line: 9,
      field: 'spec.webhook.serviceAccountCacheLagMs',
      says: 'whole number from 0 to 3600000',
    },
  },
  {
    title: 'an IAM quota below its default (Service Quotas only raises them)',
    text: `${HEAD}kind: Cluster\nmetadata:\n  name: a\nspec:\n  region: us-west-2\n  account: "111122223333"\n  iam:\n    roleTrustPolicyLength: 1000\n`,
    expected: {
      code: 'INPUT_SCHEMA',
      line: 9,
      field: 'spec.iam.roleTrustPolicyLength',
      says: 'whole number from 2048 to 8192',
    },
  },
  {
    title: 'a Kubernetes document after irsa-lab documents, at its own line',
    text: `${role(TRUST_OK)}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  colour: blue\n`,
    expected: { code: 'INPUT_SCHEMA', line: 17, field: 'metadata.colour', says: 'colour' },
  },
];

async function failure(text: string, file = 'world.yaml'): Promise<unknown> {
  return loadWorld(text, file, { seed: 1 }).then(
    () => undefined,
    (err: unknown) => err,
  );
}

describe('world file errors', () => {
  for (const c of cases) {
    it(`names file, line and field for ${c.title}`, async () => {
      const err = await failure(c.text);
      if (!isSimError(err)) throw new Error(`expected a SimError, got ${String(err)}`);
      expect({ code: err.code, line: err.detail.line, field: err.detail.field, file: err.detail.file }).toEqual({
        code: c.expected.code,
        line: c.expected.line,
        field: c.expected.field,
        file: 'world.yaml',
      });
      expect(err.message).toContain(c.expected.says);
      expect(err.message.startsWith(`world.yaml:${c.expected.line}: `)).toBe(true);
      expect(err.message).not.toMatch(/\n\s+at /);
    });
  }

  it('points into a policy by the path IAM names as segments, a condition key with dots kept whole', async () => {
    const key = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub';
    const trust = `    Version: "2012-10-17"\n    Statement:\n      - Effect: Allow\n        Principal: { Service: ec2.amazonaws.com }\n        Action: sts:AssumeRole\n        Condition:\n          StringEquals:\n            ${key}:\n              - { nested: mapping }\n`;
    const err = await failure(role(trust));
    if (!isSimError(err)) throw new Error(`expected a SimError, got ${String(err)}`);
    expect(err.detail.path).toEqual(['spec', 'trustPolicy', 'Statement', 0, 'Condition', 'StringEquals', key, 0]);
    expect(err.detail.line).toBe(15);
  });

  it('refuses a file over the size limit before parsing it', async () => {
    const err = await failure(`# ${'x'.repeat(MAX_WORLD_FILE_BYTES)}\n`, 'big.yaml');
    expect(isSimError(err) && { code: err.code, file: err.detail.file }).toEqual({
      code: 'INPUT_INVALID',
      file: 'big.yaml',
    });
  });
});
