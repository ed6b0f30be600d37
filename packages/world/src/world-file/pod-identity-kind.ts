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
import { type CreatePodIdentityAssociationInput, type EksError, roleArnAccount } from '@irsa-lab/eks';
import { parsePolicyObject, trustsService } from '@irsa-lab/iam';
import type { World } from '../create-world.js';
import { POD_IDENTITY_SERVICE } from '../wire-eks.js';
import type { RoleSpec } from './irsa-kinds.js';
import type { FieldReader, Obj } from './read-fields.js';
import type { PathSegment } from './world-file-error.js';

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

const KNOWN = ['namespace', 'serviceAccount', 'roleArn', 'targetRoleArn', 'disableSessionTags', 'tags', 'policy'];

/** Read one PodIdentityAssociation document. */
export function readPodIdentityAssociation(r: FieldReader, doc: Obj): PodIdentityAssociationSpec {
  const meta = r.obj(doc.metadata, ['metadata'], ['name'], true);
  const name = r.optStr(meta.name, ['metadata', 'name']);
  const spec = r.obj(doc.spec, ['spec'], KNOWN);
  const disable = spec.disableSessionTags;
  if (disable !== undefined && typeof disable !== 'boolean') {
    r.fail(['spec', 'disableSessionTags'], `expected true or false, got ${JSON.stringify(disable)}`);
  }
  const tags = spec.tags === undefined ? undefined : r.anyObj(spec.tags, ['spec', 'tags']);
  for (const [key, value] of Object.entries(tags ?? {})) {
    if (typeof value !== 'string') r.fail(['spec', 'tags', key], `expected a string, got ${JSON.stringify(value)}`);
  }
  const targetRoleArn = r.optStr(spec.targetRoleArn, ['spec', 'targetRoleArn']);
  return {
    kind: 'PodIdentityAssociation',
    ...(name === undefined ? {} : { name }),
    namespace: r.str(spec.namespace, ['spec', 'namespace']),
    serviceAccount: r.str(spec.serviceAccount, ['spec', 'serviceAccount']),
    roleArn: r.str(spec.roleArn, ['spec', 'roleArn']),
    ...(targetRoleArn === undefined ? {} : { targetRoleArn }),
    ...(disable === undefined ? {} : { disableSessionTags: disable as boolean }),
    ...(tags === undefined ? {} : { tags: tags as Record<string, string> }),
    ...(spec.policy === undefined ? {} : { policy: r.anyObj(spec.policy, ['spec', 'policy']) }),
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

/** The field of a document EKS's refusal is about. */
export function fieldOfError(error: EksError): PathSegment[] {
  if (error.code === 'ResourceInUseException') return ['spec', 'serviceAccount'];
  return error.member === undefined ? ['spec'] : ['spec', error.member];
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
