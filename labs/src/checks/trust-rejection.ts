/**
 * What IAM's CreateRole refused in a learner's trust policy (labs 2, 6 and
 * 9), told at the line of the field itself. IAM's detail carries the
 * statement's line and the field's path; the field's own line is found in
 * the learner's file. The refusal learners meet most, a Federated principal
 * naming no existing provider (MalformedPolicyDocument "Federated principals
 * must be valid domain names or SAML metadata ARNs"), also gets the value,
 * the providers the role's account does have, and what was expected.
 */

import type { SimError } from '@irsa-lab/core';
import { awsCodeOf } from '@irsa-lab/iam';
import type { World } from '@irsa-lab/world';
import { LabInputError } from '../learner/input-error.js';
import { fieldLine, type PolicyFile } from '../learner/policy-file.js';

/** The provider a trust policy should name, and where it should be. */
export interface ExpectedProvider {
  /** The role's account: IAM looks for the provider there, and STS will too. */
  readonly accountId: string;
  readonly arn: string;
  /** What it is, for the `expected:` line: `the cluster's OIDC provider`. */
  readonly what: string;
  /** More lines when the account's provider is not that ARN because of another file (lab 9's provider Url). */
  readonly providerCauses?: readonly string[];
}

const FEDERATED_FIELD = /^Statement\[(\d+)\]\.(Principal|NotPrincipal)\.Federated$/;

function providersLine(world: World, accountId: string): string {
  const arns = world.iam.listOpenIdConnectProviders(accountId).map((p) => p.Arn);
  return arns.length === 0
    ? `account ${accountId} has no OIDC provider`
    : `account ${accountId} has ${arns.length === 1 ? 'one OIDC provider' : 'these OIDC providers'}: ${arns.join(', ')}`;
}

/**
 * The LabInputError for `err`, which IAM raised creating a role with `trust`.
 * @example throw trustRejection(world, err, trust, { accountId, arn, what: "the cluster's OIDC provider" });
 */
export function trustRejection(
  world: World,
  err: SimError,
  trust: PolicyFile,
  expected: ExpectedProvider,
): LabInputError {
  const code = awsCodeOf(err) ?? err.code;
  const field = typeof err.detail.field === 'string' ? err.detail.field : '';
  const federated = FEDERATED_FIELD.exec(field);
  const value = typeof err.detail.value === 'string' ? err.detail.value : undefined;
  if (!federated || value === undefined) {
    const line = typeof err.detail.line === 'number' ? err.detail.line : undefined;
    return new LabInputError(
      'SCHEMA',
      { file: trust.file, ...(line === undefined ? {} : { line }) },
      `IAM rejected the trust policy (${code}): ${err.message}`,
    );
  }
  // IAM takes a Federated principal only if the provider exists: show what it was given and what exists
  const line = fieldLine(trust, Number(federated[1]), [String(federated[2]), 'Federated'], value);
  const right = value === expected.arn;
  return new LabInputError(
    'SCHEMA',
    { file: trust.file, line },
    `IAM rejected the trust policy (${code}): ${err.message}`,
    [
      `${field} is ${JSON.stringify(value)}, which is no registered provider`,
      providersLine(world, expected.accountId),
      ...(right ? [] : [`expected: the ARN of ${expected.what}, ${expected.arn}`]),
      ...(expected.providerCauses ?? []),
    ],
  );
}
