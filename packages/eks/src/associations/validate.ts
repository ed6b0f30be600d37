/**
 * CreatePodIdentityAssociation's input checks, in the order EKS meets them:
 * required members, Kubernetes names, the role ARN's shape and account (the
 * cluster's: iam:PassRole, EKS user guide pod-identities.html), the target
 * role ARN's shape (any account), the session policy's condition, tags,
 * then IAM's view of the role: it must exist and trust pods.eks.amazonaws.com.
 * Simplification: the namespace and service account are checked as
 * Kubernetes names (they need not exist yet, as on EKS); EKS's own wording
 * of these refusals is not documented.
 */
import { eksErrors } from '../errors.js';
import type { CreatePodIdentityAssociationInput, EksError, EksIamView } from '../types.js';

/** `error` about request member `member`. */
function about(member: string, error: EksError): EksError {
  return { ...error, path: [member] };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** `arn:<partition>:iam::<12 digits>:role/<path/>name`. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\u0021-\u007e]+\/)?[\w+=,.@-]{1,64}$/;
const MAX_TAGS = 50;

/** The account of a role ARN, or undefined when it is not one. */
export function roleArnAccount(arn: string): string | undefined {
  return ROLE_ARN.exec(arn)?.[1];
}

function tagProblem(tags: Readonly<Record<string, string>> | undefined): string | undefined {
  const entries = Object.entries(tags ?? {});
  if (entries.length > MAX_TAGS) return `at most ${MAX_TAGS} tags, not ${entries.length}`;
  const bad = entries.find(([k, v]) => k.length < 1 || k.length > 128 || typeof v !== 'string' || v.length > 256);
  return bad ? `tag ${JSON.stringify(bad[0])}: keys have 1-128 characters and values at most 256` : undefined;
}

/** The first problem of `input`, as EKS's wire error, or undefined. */
export function createViolation(
  input: CreatePodIdentityAssociationInput,
  deps: { readonly accountId: string; readonly iam: EksIamView },
): EksError | undefined {
  for (const member of ['namespace', 'serviceAccount', 'roleArn'] as const) {
    if (typeof input[member] !== 'string' || input[member] === '') {
      return about(member, eksErrors.invalidParameter(`${member} is required.`));
    }
  }
  const { namespace, serviceAccount, roleArn } = input as Required<
    Pick<typeof input, 'namespace' | 'serviceAccount' | 'roleArn'>
  >;
  const bad = (member: string, message: string) => about(member, eksErrors.invalidParameter(message));
  if (!DNS_LABEL.test(namespace)) {
    return bad('namespace', `namespace ${JSON.stringify(namespace)} is not a valid Kubernetes namespace name.`);
  }
  if (!DNS_SUBDOMAIN.test(serviceAccount)) {
    return bad(
      'serviceAccount',
      `serviceAccount ${JSON.stringify(serviceAccount)} is not a valid Kubernetes service account name.`,
    );
  }
  const account = roleArnAccount(roleArn);
  if (account === undefined) return bad('roleArn', `roleArn ${JSON.stringify(roleArn)} is not a valid IAM role ARN.`);
  if (account !== deps.accountId) {
    return bad(
      'roleArn',
      `The role ${roleArn} is in account ${account}; the role of a pod identity association must be in the cluster's account ${deps.accountId} (use targetRoleArn for a role in another account).`,
    );
  }
  if (input.targetRoleArn !== undefined && roleArnAccount(input.targetRoleArn) === undefined) {
    return bad('targetRoleArn', `targetRoleArn ${JSON.stringify(input.targetRoleArn)} is not a valid IAM role ARN.`);
  }
  if (input.policy !== undefined && input.disableSessionTags !== true) {
    return bad('policy', 'A session policy can only be applied when disableSessionTags is true.');
  }
  const tags = tagProblem(input.tags);
  if (tags) return bad('tags', `Invalid tags: ${tags}.`);
  const role = deps.iam.role(roleArn);
  if (!role.exists) return bad('roleArn', `The role ${roleArn} does not exist.`);
  if (!role.trustsPodIdentity) return about('roleArn', eksErrors.invalidTrust());
  return undefined;
}
