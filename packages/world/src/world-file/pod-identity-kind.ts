/**
 * The world-file kind `PodIdentityAssociation`: an EKS Pod Identity
 * association of the world's cluster (what `aws eks
 * create-pod-identity-association` creates). Every association of a file is
 * checked as EKS checks it before anything of the file is applied (role ARN
 * syntax and account, a second association for one service account, a role
 * that does not exist or does not trust pods.eks.amazonaws.com, counting the
 * file's own Role documents), so a refused association leaves nothing half
 * applied; the refusal names the document's file, line and field, with
 * EKS's error code and message.
 */
import type { DocumentPath } from '@irsa-lab/core/document';
import { type CreatePodIdentityAssociationInput, type EksError, roleArnAccount } from '@irsa-lab/eks';
import { parsePolicyObject, trustsService } from '@irsa-lab/iam';
import type { World } from '../create-world.js';
import { POD_IDENTITY_SERVICE } from '../wire-eks.js';
import type { Obj } from './document-reader.js';
import type { RoleSpec } from './irsa-kinds.js';
import type { IrsaLabDocumentValue } from './kind-schemas.js';

export interface PodIdentityAssociationSpec {
  readonly kind: 'PodIdentityAssociation';
  /** `metadata.name`, optional (associations have ids, not names). */
  readonly name?: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
  readonly targetRoleArn?: string;
  readonly disableSessionTags?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
  /** A session policy document (only with disableSessionTags: true). */
  readonly policy?: Obj;
}

type AssociationDocument = Extract<IrsaLabDocumentValue, { kind: 'PodIdentityAssociation' }>;

/** The spec of one checked PodIdentityAssociation document. */
export function podIdentityAssociationSpec(doc: AssociationDocument): PodIdentityAssociationSpec {
  const name = doc.metadata?.name;
  const { namespace, serviceAccount, roleArn, targetRoleArn, disableSessionTags, tags, policy } = doc.spec;
  return {
    kind: 'PodIdentityAssociation',
    ...(name === undefined ? {} : { name }),
    namespace,
    serviceAccount,
    roleArn,
    ...(targetRoleArn === undefined ? {} : { targetRoleArn }),
    ...(disableSessionTags === undefined ? {} : { disableSessionTags }),
    ...(tags === undefined ? {} : { tags }),
    ...(policy === undefined ? {} : { policy }),
  };
}

/** The CreatePodIdentityAssociation input of a document. */
export function associationInput(world: World, spec: PodIdentityAssociationSpec): CreatePodIdentityAssociationInput {
  return {
    clusterName: world.clusterName,
    namespace: spec.namespace,
    serviceAccount: spec.serviceAccount,
    roleArn: spec.roleArn,
    ...(spec.targetRoleArn === undefined ? {} : { targetRoleArn: spec.targetRoleArn }),
    ...(spec.disableSessionTags === undefined ? {} : { disableSessionTags: spec.disableSessionTags }),
    ...(spec.tags === undefined ? {} : { tags: spec.tags }),
    ...(spec.policy === undefined ? {} : { policy: JSON.stringify(spec.policy) }),
  };
}

/** Whether an existing association already is what `spec` describes. */
export function sameAssociation(world: World, spec: PodIdentityAssociationSpec): boolean {
  const a = world.eks
    .associations()
    .find((x) => x.namespace === spec.namespace && x.serviceAccount === spec.serviceAccount);
  const input = associationInput(world, spec);
  return (
    a !== undefined &&
    a.roleArn === input.roleArn &&
    a.targetRoleArn === input.targetRoleArn &&
    a.disableSessionTags === (input.disableSessionTags ?? false) &&
    a.policy === input.policy
  );
}

/** The field of a document EKS's refusal is about: the request member's path, under `spec`. */
export function fieldOfError(error: EksError): DocumentPath {
  return ['spec', ...(error.path ?? [])];
}

/** IAM's view of roles, counting the Role documents of the file about to be applied. */
export function roleViewWithFile(world: World, roles: readonly RoleSpec[]) {
  return (arn: string) => {
    const existing = world.iam.findRoleByArn(arn);
    const account = roleArnAccount(arn);
    const name = arn.split('/').pop();
    const fromFile = roles.find((r) => (r.account ?? world.accountId) === account && r.name === name);
    if (fromFile) {
      const trustPolicy = parsePolicyObject(fromFile.trustPolicy, {
        name: `trust policy of role/${fromFile.name}`,
        kind: 'resource',
      });
      return { exists: true, trustsPodIdentity: trustsService({ trustPolicy }, POD_IDENTITY_SERVICE) };
    }
    return {
      exists: existing !== undefined,
      trustsPodIdentity: existing !== undefined && trustsService(existing, POD_IDENTITY_SERVICE),
    };
  };
}
