/**
 * authorizeS3: may this caller perform this S3 action on this resource?
 * The caller role's inline (identity) policies, the session policy if the
 * session had one, and the bucket policy (a resource policy; the caller is
 * the principal `{ AWS: <assumed-role session ARN> }`, which a statement
 * naming the role ARN or the account also matches) are each evaluated with
 * the policy engine, then combined as IAM's evaluation logic says:
 *
 * - an explicit Deny in any of them denies;
 * - same account (the caller's account owns the bucket): allowed if the
 *   identity policies or the bucket policy allow;
 * - cross-account: allowed only if both allow;
 * - anonymous (unsigned): only the bucket policy counts.
 *
 * A session policy narrows the session: whatever the policies allow must
 * also be allowed by it. Simplified: AWS lets a bucket policy that names the
 * session ARN itself grant past the session policy; here it never does.
 * Not modelled: ACLs (S3's default, "bucket owner enforced", disables them),
 * Block Public Access, SCPs, permission boundaries, VPC endpoint policies.
 */
import type { SessionCredentials } from '../iam/types.js';
import { evaluate } from '../policy/evaluate.js';
import type { EvaluationResult, Policy, RequestContext } from '../policy/types.js';
import type { S3Authorization, S3CallerRelation } from './types.js';

/** What one authorization needs. */
export interface AuthorizeInput {
  /** Undefined for an anonymous request. */
  readonly session?: SessionCredentials;
  /** The caller role's identity policies. */
  readonly identityPolicies: readonly Policy[];
  readonly bucketPolicy?: Policy;
  /** The account owning the bucket; undefined for ListBuckets. */
  readonly bucketOwner?: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string>>;
}

function relationOf(input: AuthorizeInput): S3CallerRelation {
  if (!input.session) return 'anonymous';
  return input.bucketOwner === undefined || input.bucketOwner === input.session.accountId
    ? 'same-account'
    : 'cross-account';
}

const RULE: Readonly<Record<S3CallerRelation, string>> = {
  'same-account': 'same account: an identity policy or the bucket policy may allow',
  'cross-account': "cross-account: the caller's identity policies and the bucket policy must both allow",
  anonymous: 'anonymous: only a bucket policy granting "*" can allow',
};

function denyReason(
  relation: S3CallerRelation,
  target: string,
  results: { identity?: EvaluationResult; session?: EvaluationResult; bucket?: EvaluationResult },
  hasBucketPolicy: boolean,
): string {
  const { identity, session, bucket } = results;
  const identityAllows = identity?.decision === 'Allow';
  const bucketAllows = bucket?.decision === 'Allow';
  if (session && session.decision !== 'Allow' && (identityAllows || bucketAllows))
    return `Implicit deny: the session policy does not allow ${target}, and a session policy can only narrow what the role's policies grant.`;
  const bucketPart = hasBucketPolicy ? 'the bucket policy' : 'a bucket policy (the bucket has none)';
  if (relation === 'anonymous')
    return `Implicit deny (${RULE.anonymous}): ${hasBucketPolicy ? 'no statement of the bucket policy allows' : 'the bucket has no policy that could allow'} ${target}.`;
  if (relation === 'cross-account') {
    const missing = [
      identityAllows ? undefined : "the caller's identity policies",
      bucketAllows ? undefined : bucketPart,
    ]
      .filter((part) => part !== undefined)
      .join(' and ');
    return `Implicit deny (${RULE['cross-account']}): ${missing} do not allow ${target}.`;
  }
  return `Implicit deny: neither the role's identity policies nor ${bucketPart} allow ${target}; whatever is not allowed is denied.`;
}

/**
 * Decide one S3 request, with every policy's trace.
 * @example authorizeS3({ session, identityPolicies, bucketPolicy, bucketOwner, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context })
 */
export function authorizeS3(input: AuthorizeInput): S3Authorization {
  const session = input.session;
  const principal = session ? { type: 'AWS' as const, id: session.assumedRoleArn } : undefined;
  const request: RequestContext = {
    ...(principal === undefined ? {} : { principal }),
    action: input.action,
    resource: input.resource,
    context: input.context,
  };
  const identity = session ? evaluate(input.identityPolicies, request) : undefined;
  const sessionPolicy = session?.sessionPolicy ? evaluate([session.sessionPolicy], request) : undefined;
  const bucketPolicy = input.bucketPolicy ? evaluate([input.bucketPolicy], request) : undefined;
  const relation = relationOf(input);
  const base = {
    action: input.action,
    resource: input.resource,
    ...(principal === undefined ? {} : { principal }),
    relation,
    ...(identity === undefined ? {} : { identity }),
    ...(sessionPolicy === undefined ? {} : { sessionPolicy }),
    ...(bucketPolicy === undefined ? {} : { bucketPolicy }),
    context: { ...input.context },
  };
  const deny = [bucketPolicy, identity, sessionPolicy].find((r) => r?.decision === 'ExplicitDeny');
  if (deny) return { decision: 'ExplicitDeny', ...base, reason: deny.reason };
  const sessionAllows = sessionPolicy === undefined || sessionPolicy.decision === 'Allow';
  const identityAllows = identity?.decision === 'Allow' && sessionAllows;
  const bucketAllows = bucketPolicy?.decision === 'Allow' && sessionAllows;
  const allowed =
    relation === 'same-account'
      ? identityAllows || bucketAllows
      : relation === 'cross-account'
        ? identityAllows && bucketAllows
        : bucketAllows;
  if (allowed) {
    const by = [identityAllows ? identity?.reason : undefined, bucketAllows ? bucketPolicy?.reason : undefined]
      .filter((reason) => reason !== undefined)
      .map((reason) => reason.replace(/^Allowed: /, ''))
      .join('; and ');
    return { decision: 'Allow', ...base, reason: `Allowed (${RULE[relation]}): ${by}` };
  }
  const target = `${input.action} on ${input.resource}`;
  const results = {
    ...(identity === undefined ? {} : { identity }),
    ...(sessionPolicy === undefined ? {} : { session: sessionPolicy }),
    ...(bucketPolicy === undefined ? {} : { bucket: bucketPolicy }),
  };
  const reason = denyReason(relation, target, results, bucketPolicy !== undefined);
  return { decision: 'ImplicitDeny', ...base, reason };
}
