/**
 * The four IRSA set-up steps of the EKS user guide, as world operations:
 * register the cluster's issuer as an IAM OIDC provider, create a role whose
 * trust policy names a ServiceAccount, annotate that ServiceAccount, and run
 * a Pod using it.
 */
import { IRSA_AUDIENCE, ROLE_ARN_ANNOTATION } from '@irsa-lab/core';
import { oidcProviderArn } from '@irsa-lab/iam';
import type { World } from './create-world.js';

/** Step 1: `eksctl utils associate-iam-oidc-provider` — register the issuer with ClientIDList sts.amazonaws.com. */
export function registerOidcProvider(world: World, accountId = world.accountId): string {
  return world.iam.createOpenIdConnectProvider(accountId, {
    Url: world.issuer.issuerUrl,
    ClientIDList: [IRSA_AUDIENCE],
  }).Arn;
}

/** The EKS user guide's trust policy: the provider as Federated principal, `sub` and `aud` pinned with StringEquals. */
export function irsaTrustPolicy(
  world: World,
  namespace: string,
  serviceAccount: string,
  accountId = world.accountId,
): string {
  const key = world.issuerHostPath;
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: oidcProviderArn(accountId, world.issuer.issuerUrl) },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${key}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
              [`${key}:aud`]: IRSA_AUDIENCE,
            },
          },
        },
      ],
    },
    null,
    2,
  );
}

/** Step 2: a role trusted by exactly one ServiceAccount. Returns the role ARN. */
export function createIrsaRole(
  world: World,
  input: {
    roleName: string;
    namespace: string;
    serviceAccount: string;
    accountId?: string;
    maxSessionDuration?: number;
  },
): string {
  const accountId = input.accountId ?? world.accountId;
  return world.iam.createRole(accountId, {
    RoleName: input.roleName,
    AssumeRolePolicyDocument: irsaTrustPolicy(world, input.namespace, input.serviceAccount, accountId),
    MaxSessionDuration: input.maxSessionDuration,
  }).Arn;
}

/** Steps 3 and 4 as YAML: a namespace, a ServiceAccount annotated with the role, and a Pod using it. */
export function irsaManifest(input: {
  namespace: string;
  serviceAccount: string;
  roleArn?: string;
  pod: string;
  nodeName?: string;
  hostNetwork?: boolean;
}): string {
  const annotation = input.roleArn ? `\n  annotations:\n    ${ROLE_ARN_ANNOTATION}: ${input.roleArn}` : '';
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${input.namespace}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${input.serviceAccount}
  namespace: ${input.namespace}${annotation}
---
apiVersion: v1
kind: Pod
metadata:
  name: ${input.pod}
  namespace: ${input.namespace}
spec:
  serviceAccountName: ${input.serviceAccount}${input.nodeName ? `\n  nodeName: ${input.nodeName}` : ''}${input.hostNetwork ? '\n  hostNetwork: true' : ''}
  containers:
    - name: app
      image: public.ecr.aws/docker/library/busybox:1.36
`;
}

/** A Namespace (optional) and a ServiceAccount, annotated with `roleArn` when given. */
export function serviceAccountYaml(input: {
  namespace: string;
  name: string;
  roleArn?: string;
  withNamespace?: boolean;
}): string {
  const ns =
    input.withNamespace === false
      ? ''
      : `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${input.namespace}\n---\n`;
  const ann = input.roleArn ? `\n  annotations:\n    ${ROLE_ARN_ANNOTATION}: ${input.roleArn}` : '';
  return `${ns}apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${input.name}\n  namespace: ${input.namespace}${ann}\n`;
}
