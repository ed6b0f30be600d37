/**
 * Random world descriptions for the isolation property: namespaces,
 * ServiceAccounts (annotated with a role, a missing role or none, with
 * audience and token-expiration annotations), roles whose trust policies
 * mix operators, wildcards, key casing, Deny statements, foreign principals
 * and actions, Pods with and without hostNetwork, the node's IMDS options
 * and rules, the webhook's cache lag and grace period, key rotations and a
 * clock move aimed at token expiry edges; and EKS Pod Identity: roles that
 * also trust pods.eks.amazonaws.com (with or without sts:TagSession, pinned
 * to a namespace by aws:RequestTag or not), associations made before or
 * after the pods start, and a rule that blocks the agent.
 * A description is plain data: the builder makes a world of it, the oracle
 * judges it, and fast-check shrinks it.
 */
import fc from 'fast-check';

export const NAMESPACES = ['payments', 'web', 'batch'] as const;
export const SERVICE_ACCOUNTS = ['app', 'worker', 'default'] as const;
export const CLIENT_ID = 'sts.amazonaws.com';

export type StringOperator =
  | 'StringEquals'
  | 'StringNotEquals'
  | 'StringLike'
  | 'StringNotLike'
  | 'StringEqualsIgnoreCase'
  | 'StringNotEqualsIgnoreCase';

/** One `"Operator": { "<issuer>:<key>": [values] }` entry. */
export interface ConditionDesc {
  readonly operator: StringOperator;
  /** `amr` is never in an EKS token: it tests absent-key semantics. */
  readonly key: 'sub' | 'aud' | 'amr';
  /** Condition key names are case-insensitive in IAM: `upper` writes `:SUB`. */
  readonly keyCase: 'lower' | 'upper';
  readonly values: readonly string[];
}

export interface StatementDesc {
  readonly effect: 'Allow' | 'Deny';
  /** `cluster`: this cluster's provider; the others name a provider that is not the caller's. */
  readonly principal: 'cluster' | 'other-cluster' | 'other-account';
  readonly action: string;
  readonly conditions: readonly ConditionDesc[];
}

/** A statement trusting `Service: pods.eks.amazonaws.com` (EKS Pod Identity). */
export interface PodIdentityTrustDesc {
  /** Whether it allows sts:TagSession beside sts:AssumeRole (EKS Auth always tags the session). */
  readonly tagSession: boolean;
  /** `StringEquals aws:RequestTag/kubernetes-namespace`, when given. */
  readonly namespace?: string;
}

export interface RoleDesc {
  readonly name: string;
  readonly statements: readonly StatementDesc[];
  readonly podIdentity?: PodIdentityTrustDesc;
}

/** A Pod Identity association of a ServiceAccount, made before the pods start, after, or never. */
export interface AssociationDesc {
  /** Index into `roles` (EKS refuses a role that does not trust pods.eks.amazonaws.com). */
  readonly role: number;
  readonly made: 'before-pods' | 'after-pods' | 'never';
}

export interface ServiceAccountDesc {
  readonly namespace: string;
  readonly name: string;
  /** Index into `roles`, `missing` (an ARN of no role), or undefined (no annotation). */
  readonly role?: number | 'missing';
  /** `eks.amazonaws.com/audience`. */
  readonly audience?: string;
  /** `eks.amazonaws.com/token-expiration`. */
  readonly tokenExpirationSeconds?: number;
  readonly association?: AssociationDesc;
}

export interface PodDesc {
  /** Index into `serviceAccounts`. */
  readonly serviceAccount: number;
  readonly hostNetwork: boolean;
  readonly sdk: 'js-v3' | 'botocore';
  /** An SDK one release below the EKS guide's minimum for IRSA (no web-identity provider). */
  readonly oldSdk: boolean;
  /** The pod's securityContext: a non-root user, and an fsGroup for its volumes. */
  readonly runAsUser?: number;
  readonly fsGroup?: number;
  /** Whether the kube-api-access token is mounted too (an attacker could try it on STS). */
  readonly automount: boolean;
}

export type RuleDesc =
  | { readonly kind: 'block-imds-from-pods'; readonly action: 'DROP' | 'REJECT' }
  | { readonly kind: 'allow'; readonly source: string }
  | { readonly kind: 'kube2iam-dnat' }
  | { readonly kind: 'block-pod-identity-agent-from-pods'; readonly action: 'DROP' | 'REJECT' };

export interface NodeDesc {
  readonly instanceRole: boolean;
  readonly httpTokens: 'optional' | 'required';
  readonly hopLimit: number;
  readonly endpoint: 'enabled' | 'disabled';
  readonly rules: readonly RuleDesc[];
  /** How the kubelet writes projected token files. */
  readonly tokenFilePermissions: 'since-1.19' | 'before-1.19';
}

/** How far the clock moves after the pods start: not at all, freely, or to a pod's token expiry edge. */
export type MoveDesc =
  | { readonly kind: 'none' }
  | { readonly kind: 'free'; readonly ms: number }
  | { readonly kind: 'edge'; readonly pod: number; readonly deltaSeconds: number; readonly extraMs: number };

/** The pod identity webhook's cache lag and lookup grace period (world settings). */
export interface WebhookDesc {
  readonly cacheLagMs: number;
  readonly lookupGracePeriodMs: number;
}

export interface IsolationWorld {
  readonly seed: number;
  readonly webhook: WebhookDesc;
  /** The account's STS requests per second (the default 600, or so few that the checks' own calls are throttled). */
  readonly stsRequestsPerSecond: number;
  /**
   * IAM's adjustable quotas, at their default or raised. They never bind here (every trust policy drawn is
   * under 2,048 characters, a world registers 3 providers), so the oracle ignores them: raising a quota must
   * change nothing.
   */
  readonly iamQuotas: { readonly roleTrustPolicyLength: number; readonly openIdConnectProvidersPerAccount: number };
  readonly providerRegistered: boolean;
  readonly roles: readonly RoleDesc[];
  readonly serviceAccounts: readonly ServiceAccountDesc[];
  readonly pods: readonly PodDesc[];
  readonly node: NodeDesc;
  readonly rotations: number;
  readonly move: MoveDesc;
}

const namespace = fc.constantFrom(...NAMESPACES, 'kube-system');
const saName = fc.constantFrom(...SERVICE_ACCOUNTS);

const subValue = fc.oneof(
  fc.tuple(namespace, saName).map(([ns, sa]) => `system:serviceaccount:${ns}:${sa}`),
  fc.tuple(namespace, saName).map(([ns, sa]) => `system:serviceaccount:${ns}:${sa}`.toUpperCase()),
  namespace.map((ns) => `system:serviceaccount:${ns}:*`),
  saName.map((sa) => `system:serviceaccount:*:${sa}`),
  fc.tuple(namespace, saName).map(([ns, sa]) => `system:serviceaccount:${ns}:${sa.slice(0, -1)}?`),
  fc.tuple(namespace, saName).map(([ns, sa]) => `system:serviceaccount:${ns.slice(0, 3)}*${sa.slice(-2)}`),
  fc.tuple(namespace, saName).map(([ns, sa]) => `system:serviceaccount:${ns}:${sa}*`),
  fc.constantFrom('*', 'system:serviceaccount:*', 'system:serviceaccount:??????????:*', 'system:*:app'),
);
const audValue = fc.constantFrom(CLIENT_ID, 'sts.amazon.com', 'sts.*', '*', 'STS.AMAZONAWS.COM', 'sts.amazonaws.co?');

const operator = fc.constantFrom<StringOperator>(
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringNotLike',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
);

const condition: fc.Arbitrary<ConditionDesc> = fc
  .oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        key: fc.constant('sub' as const),
        values: fc.array(subValue, { minLength: 1, maxLength: 2 }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        key: fc.constant('aud' as const),
        values: fc.array(audValue, { minLength: 1, maxLength: 2 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ key: fc.constant('amr' as const), values: fc.constant(['authenticated']) }) },
  )
  .chain((entry) =>
    fc.record({
      operator,
      key: fc.constant(entry.key),
      keyCase: fc.constantFrom<'lower' | 'upper'>('lower', 'lower', 'lower', 'upper'),
      values: fc.constant(entry.values),
    }),
  );

const statement: fc.Arbitrary<StatementDesc> = fc.record({
  effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Allow', 'Deny'),
  principal: fc.constantFrom<StatementDesc['principal']>(
    'cluster',
    'cluster',
    'cluster',
    'other-cluster',
    'other-account',
  ),
  action: fc.constantFrom(
    'sts:AssumeRoleWithWebIdentity',
    'sts:AssumeRoleWithWebIdentity',
    'sts:assumerolewithwebidentity',
    'sts:AssumeRoleWith*',
    'sts:*',
    'sts:AssumeRole',
  ),
  // (sizes keep every trust policy under IAM's 2,048-character quota)
  // one entry per operator and key: JSON cannot hold the same operator/key pair twice
  conditions: fc.uniqueArray(condition, { maxLength: 2, selector: (c) => `${c.operator}|${c.key}` }),
});

const podIdentityTrust: fc.Arbitrary<PodIdentityTrustDesc> = fc.record(
  { tagSession: fc.constantFrom(true, true, true, false), namespace: fc.constantFrom(...NAMESPACES) },
  { requiredKeys: ['tagSession'] },
);

const role = (i: number): fc.Arbitrary<RoleDesc> =>
  fc.record(
    {
      name: fc.constant(`role-${i}`),
      statements: fc.array(statement, { minLength: 1, maxLength: 2 }),
      podIdentity: podIdentityTrust,
    },
    { requiredKeys: ['name', 'statements'] },
  );

const serviceAccount = (roleCount: number): fc.Arbitrary<ServiceAccountDesc> =>
  fc.record(
    {
      namespace: fc.constantFrom(...NAMESPACES),
      name: saName,
      role: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: roleCount - 1 }) },
        { weight: 1, arbitrary: fc.constant('missing' as const) },
      ),
      audience: fc.constantFrom(CLIENT_ID, 'sts.amazon.com', 'vault'),
      tokenExpirationSeconds: fc.constantFrom(86400, 7200, 3600, 600, 300),
      association: fc.record({
        role: fc.integer({ min: 0, max: roleCount - 1 }),
        // mostly never: most pods of the property stay on IRSA or IMDS
        made: fc.constantFrom<AssociationDesc['made']>('before-pods', 'before-pods', 'after-pods', 'never', 'never'),
      }),
    },
    { requiredKeys: ['namespace', 'name'] },
  );

const rule: fc.Arbitrary<RuleDesc> = fc.oneof(
  fc.record({
    kind: fc.constant('block-imds-from-pods' as const),
    action: fc.constantFrom<'DROP' | 'REJECT'>('DROP', 'REJECT'),
  }),
  fc.record({
    kind: fc.constant('allow' as const),
    source: fc.constantFrom('10.0.1.0/24', '10.9.0.0/16', '0.0.0.0/0'),
  }),
  fc.constant({ kind: 'kube2iam-dnat' as const }),
  fc.record({
    kind: fc.constant('block-pod-identity-agent-from-pods' as const),
    action: fc.constantFrom<'DROP' | 'REJECT'>('DROP', 'REJECT'),
  }),
);

/** IMDS options and node rules (shared with the IMDS truth-table property). */
export const nodeDesc: fc.Arbitrary<NodeDesc> = fc.record({
  instanceRole: fc.constantFrom(true, true, true, false),
  httpTokens: fc.constantFrom<'optional' | 'required'>('optional', 'required'),
  hopLimit: fc.oneof(fc.constantFrom(1, 2, 3), fc.integer({ min: 1, max: 64 })),
  endpoint: fc.constantFrom<'enabled' | 'disabled'>('enabled', 'enabled', 'enabled', 'disabled'),
  rules: fc.oneof(
    { weight: 2, arbitrary: fc.constant([]) },
    { weight: 3, arbitrary: fc.array(rule, { minLength: 1, maxLength: 3 }) },
  ),
  tokenFilePermissions: fc.constantFrom<'since-1.19' | 'before-1.19'>('since-1.19', 'since-1.19', 'before-1.19'),
});

const move = (podCount: number): fc.Arbitrary<MoveDesc> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('free' as const), ms: fc.integer({ min: 0, max: 3600_000 }) }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('edge' as const),
        pod: fc.integer({ min: 0, max: podCount - 1 }),
        deltaSeconds: fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -900, max: 900 })),
        extraMs: fc.oneof(fc.constantFrom(0, 999), fc.integer({ min: 0, max: 999 })),
      }),
    },
  );

/** A whole world for the isolation property: 1–3 roles, 1–3 ServiceAccounts, 1–2 Pods on one node. */
export const isolationWorld: fc.Arbitrary<IsolationWorld> = fc
  .record({ roleCount: fc.integer({ min: 1, max: 3 }), podCount: fc.integer({ min: 1, max: 2 }) })
  .chain(({ roleCount, podCount }) =>
    fc.record({
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      // mostly a cache that keeps up, so most runs reach STS; sometimes the race, with or without a grace period
      webhook: fc.record({
        cacheLagMs: fc.constantFrom(0, 0, 0, 0, 1, 500),
        lookupGracePeriodMs: fc.constantFrom(0, 0, 100),
      }),
      stsRequestsPerSecond: fc.constantFrom(600, 600, 600, 1, 3),
      iamQuotas: fc.record({
        roleTrustPolicyLength: fc.constantFrom(2048, 2048, 4096),
        openIdConnectProvidersPerAccount: fc.constantFrom(100, 100, 700),
      }),
      providerRegistered: fc.constantFrom(true, true, true, true, false),
      roles: fc.tuple(...Array.from({ length: roleCount }, (_, i) => role(i))),
      serviceAccounts: fc.uniqueArray(serviceAccount(roleCount), {
        minLength: 1,
        maxLength: 3,
        selector: (sa) => `${sa.namespace}/${sa.name}`,
      }),
      pods: fc.array(
        fc.record({
          serviceAccount: fc.nat(),
          hostNetwork: fc.boolean(),
          sdk: fc.constantFrom<'js-v3' | 'botocore'>('js-v3', 'botocore'),
          oldSdk: fc.constantFrom(false, false, false, true),
          runAsUser: fc.constantFrom<number | undefined>(undefined, undefined, 1000),
          fsGroup: fc.constantFrom<number | undefined>(undefined, undefined, 65534),
          // rare: its 3607 s token is rewritten every 48 min, which makes long moves costly
          automount: fc.constantFrom(false, false, false, false, false, false, false, true),
        }),
        { minLength: podCount, maxLength: podCount },
      ),
      node: nodeDesc,
      rotations: fc.constantFrom(0, 0, 1, 2),
      move: move(podCount),
    }),
  )
  // a pod's ServiceAccount index wraps onto the accounts that exist
  .map((w) => ({
    ...w,
    pods: w.pods.map((p) => ({ ...p, serviceAccount: p.serviceAccount % w.serviceAccounts.length })),
  }));
