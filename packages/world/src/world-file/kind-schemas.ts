/**
 * The zod schemas of irsa-lab's own kinds (`apiVersion: irsa-lab.dev/v1`):
 * every document is a strict mapping (unknown fields are refused), names and
 * ids have their patterns, numbers their ranges, lists their limits.
 * irsa-kinds.ts turns a checked document into its typed spec.
 */
import { maxBytes, tooMany } from '@irsa-lab/core/document';
import { z } from 'zod';
import { SETTING_LIMITS, type WorldSettings } from '../settings.js';

/** The API version of irsa-lab's kinds. */
export const IRSA_LAB_API_VERSION = 'irsa-lab.dev/v1';

/** Limits of one document. */
export const MAX_OBJECTS_PER_BUCKET = 100;
export const MAX_OBJECT_BODY_BYTES = 256 * 1024;
export const MAX_INLINE_POLICIES = 10;
export const MAX_NODE_RULES = 32;
/** Client ids (audiences) of one OIDC provider, as IAM allows. */
export const MAX_CLIENT_IDS = 100;

const text = z.string().min(1);
const named = (pattern: RegExp, expected: string) => z.string().regex(pattern).describe(expected);
const NAME = named(/^[A-Za-z0-9+=,.@_-]{1,64}$/, 'a name of 1-64 letters, digits and +=,.@_-');
const REGION = named(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region name such as us-west-2');
const BUCKET = named(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a bucket name (3-63 of a-z 0-9 . -)');
const NODE_NAME = named(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, 'a DNS name in lower case');
const POLICY_NAME = named(/^[\w+=,.@-]{1,128}$/, 'a policy name');
/** A 12-digit AWS account id; a YAML integer is read as its digits. */
const ACCOUNT = z.preprocess(
  (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v),
  named(/^\d{12}$/, 'a 12-digit AWS account id'),
);
/** A policy document, kept as written for IAM to parse when it is applied. */
export const POLICY = z.record(z.string(), z.unknown());

const metadata = <S extends z.ZodType>(name: S) => z.strictObject({ name });
const doc = <K extends string, M extends z.ZodType, S extends z.ZodType>(kind: K, meta: M, spec: S) =>
  z.strictObject({ apiVersion: z.literal(IRSA_LAB_API_VERSION), kind: z.literal(kind), metadata: meta, spec });

/** `spec.<section>.<field>` of a Cluster document → the world setting it sets (its range: SETTING_LIMITS). */
export const CLUSTER_SETTINGS = {
  webhook: {
    serviceAccountCacheLagMs: 'webhookCacheLagMs',
    serviceAccountLookupGracePeriodMs: 'webhookLookupGracePeriodMs',
  },
  sts: { requestsPerSecond: 'stsRequestsPerSecond' },
  iam: {
    roleTrustPolicyLength: 'iamRoleTrustPolicyLength',
    openIdConnectProvidersPerAccount: 'iamOpenIdConnectProvidersPerAccount',
  },
} as const satisfies Readonly<Record<string, Readonly<Record<string, keyof WorldSettings>>>>;

const setting = (name: keyof WorldSettings) => {
  const [min, max] = SETTING_LIMITS[name];
  return z.int().min(min).max(max).optional();
};
const section = (fields: Readonly<Record<string, keyof WorldSettings>>) =>
  z.strictObject(Object.fromEntries(Object.entries(fields).map(([field, name]) => [field, setting(name)]))).optional();

const CLUSTER = doc(
  'Cluster',
  metadata(NAME),
  z.strictObject({
    region: REGION,
    account: ACCOUNT,
    webhook: section(CLUSTER_SETTINGS.webhook),
    sts: section(CLUSTER_SETTINGS.sts),
    iam: section(CLUSTER_SETTINGS.iam),
  }),
);

const OIDC_PROVIDER = doc(
  'OIDCProvider',
  metadata(z.unknown()).partial().optional(),
  z.strictObject({ clientIds: z.array(text).min(1).max(MAX_CLIENT_IDS), account: ACCOUNT.optional() }),
);

const inlinePolicies = z.record(POLICY_NAME, POLICY).superRefine((policies, ctx) => {
  const count = Object.keys(policies).length;
  if (count > MAX_INLINE_POLICIES) {
    ctx.addIssue({ code: 'custom', message: tooMany(MAX_INLINE_POLICIES, count), params: { problem: 'too-many' } });
  }
});

const ROLE = doc(
  'Role',
  metadata(NAME),
  z.strictObject({
    account: ACCOUNT.optional(),
    description: text.optional(),
    maxSessionDuration: z.int().min(3600).max(43200).optional(),
    trustPolicy: POLICY,
    inlinePolicies: inlinePolicies.optional(),
  }),
);

const BUCKET_OBJECT = z.strictObject({
  key: text,
  body: maxBytes(MAX_OBJECT_BODY_BYTES),
  contentType: text.optional(),
});

const BUCKET_DOC = doc(
  'Bucket',
  metadata(BUCKET),
  z
    .strictObject({
      account: ACCOUNT.optional(),
      policy: POLICY.optional(),
      objects: z.array(BUCKET_OBJECT).max(MAX_OBJECTS_PER_BUCKET).optional(),
    })
    .optional(),
);

const ACTION = z.enum(['DROP', 'REJECT']);
/** Node rules by kind, each taking only its own fields. */
const NODE_RULE = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('block-imds-from-pods'), action: ACTION }),
  z.strictObject({ kind: z.literal('kube2iam-dnat'), toUrl: text, iface: text.optional() }),
  z.strictObject({ kind: z.literal('allow'), source: text, destination: text.optional() }),
  z.strictObject({ kind: z.literal('block-pod-identity-agent-from-pods'), action: ACTION }),
]);

const NODE = doc(
  'Node',
  metadata(NODE_NAME.optional()).optional(),
  z
    .strictObject({
      instanceRole: NAME.optional(),
      imds: z
        .strictObject({
          httpTokens: z.enum(['optional', 'required']).optional(),
          httpPutResponseHopLimit: z.int().min(1).max(64).optional(),
          httpEndpoint: z.enum(['enabled', 'disabled']).optional(),
        })
        .optional(),
      rules: z.array(NODE_RULE).max(MAX_NODE_RULES).optional(),
      kubelet: z.strictObject({ tokenFilePermissions: z.enum(['since-1.19', 'before-1.19']).optional() }).optional(),
    })
    .optional(),
);

const POD_IDENTITY_ASSOCIATION = doc(
  'PodIdentityAssociation',
  metadata(text.optional()).optional(),
  z.strictObject({
    namespace: text,
    serviceAccount: text,
    roleArn: text,
    targetRoleArn: text.optional(),
    disableSessionTags: z.boolean().optional(),
    tags: z.record(z.string(), z.string()).optional(),
    policy: POLICY.optional(),
  }),
);

/** Every irsa-lab document, told apart by `kind`. */
export const IRSA_LAB_DOCUMENT = z.discriminatedUnion('kind', [
  CLUSTER,
  OIDC_PROVIDER,
  ROLE,
  BUCKET_DOC,
  NODE,
  POD_IDENTITY_ASSOCIATION,
]);

export type IrsaLabDocumentValue = z.output<typeof IRSA_LAB_DOCUMENT>;
export type IrsaLabKind = IrsaLabDocumentValue['kind'];
/** The kinds, in the order the union lists them. */
export const IRSA_LAB_KINDS: readonly IrsaLabKind[] = IRSA_LAB_DOCUMENT.options.map((o) => o.shape.kind.value);
