/**
 * irsa-lab's own kinds (`apiVersion: irsa-lab.dev/v1`): Cluster, OIDCProvider,
 * Role, Bucket, Node and PodIdentityAssociation (pod-identity-kind.ts), read strictly from a decoded document into typed
 * specs. Policies stay as the objects written (IAM parses them when they are
 * applied); everything else is checked here, so a bad world file fails
 * before anything is applied.
 */

import type { NodeRule } from '@irsa-lab/ec2-node';
import type { MetadataOptions } from '@irsa-lab/imds';
import { type PodIdentityAssociationSpec, readPodIdentityAssociation } from './pod-identity-kind.js';
import type { FieldReader, Obj } from './read-fields.js';

/** The API version of irsa-lab's kinds. */
export const IRSA_LAB_API_VERSION = 'irsa-lab.dev/v1';
export const IRSA_LAB_KINDS = ['Cluster', 'OIDCProvider', 'Role', 'Bucket', 'Node', 'PodIdentityAssociation'] as const;
export type IrsaLabKind = (typeof IRSA_LAB_KINDS)[number];

/** Limits of one document. */
export const MAX_OBJECTS_PER_BUCKET = 100;
export const MAX_OBJECT_BODY_BYTES = 256 * 1024;
export const MAX_INLINE_POLICIES = 10;
export const MAX_NODE_RULES = 32;

export interface ClusterSpec {
  readonly kind: 'Cluster';
  readonly name: string;
  readonly region: string;
  readonly account: string;
}
export interface OidcProviderSpec {
  readonly kind: 'OIDCProvider';
  readonly account?: string;
  readonly clientIds: readonly string[];
}
export interface RoleSpec {
  readonly kind: 'Role';
  readonly name: string;
  readonly account?: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly trustPolicy: Obj;
  readonly inlinePolicies: Readonly<Record<string, Obj>>;
}
export interface BucketObjectSpec {
  readonly key: string;
  readonly body: string;
  readonly contentType?: string;
}
export interface BucketSpec {
  readonly kind: 'Bucket';
  readonly name: string;
  readonly account?: string;
  readonly policy?: Obj;
  readonly objects: readonly BucketObjectSpec[];
}
export interface NodeSpecDoc {
  readonly kind: 'Node';
  readonly name?: string;
  readonly instanceRole?: string;
  readonly imds: Partial<MetadataOptions>;
  readonly rules?: readonly NodeRule[];
}
export type IrsaLabSpec =
  | ClusterSpec
  | OidcProviderSpec
  | RoleSpec
  | BucketSpec
  | NodeSpecDoc
  | PodIdentityAssociationSpec;

const TOP = ['apiVersion', 'kind', 'metadata', 'spec'];
const NAME = { pattern: /^[A-Za-z0-9+=,.@_-]{1,64}$/, expected: 'a name of 1-64 letters, digits and +=,.@_-' };
const REGION = { pattern: /^[a-z]{2}(-[a-z]+)+-\d$/, expected: 'a region name such as us-west-2' };
const BUCKET = { pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, expected: 'a bucket name (3-63 of a-z 0-9 . -)' };
const NODE_NAME = { pattern: /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, expected: 'a DNS name in lower case' };

function nameOf(r: FieldReader, doc: Obj, optional: boolean): string | undefined {
  const meta = r.obj(doc.metadata, ['metadata'], ['name'], optional);
  return optional && meta.name === undefined ? undefined : r.str(meta.name, ['metadata', 'name']);
}

function readCluster(r: FieldReader, doc: Obj): ClusterSpec {
  const name = r.str(nameOf(r, doc, false), ['metadata', 'name'], NAME);
  const spec = r.obj(doc.spec, ['spec'], ['region', 'account']);
  return {
    kind: 'Cluster',
    name,
    region: r.str(spec.region, ['spec', 'region'], REGION),
    account: r.account(spec.account, ['spec', 'account']),
  };
}

function readProvider(r: FieldReader, doc: Obj): OidcProviderSpec {
  r.obj(doc.metadata, ['metadata'], ['name'], true);
  const spec = r.obj(doc.spec, ['spec'], ['clientIds', 'account']);
  const list = r.list(spec.clientIds, ['spec', 'clientIds'], 100);
  if (list.length === 0)
    r.fail(['spec', 'clientIds'], 'list at least one client id (audience), e.g. sts.amazonaws.com');
  const account = spec.account === undefined ? undefined : r.account(spec.account, ['spec', 'account']);
  return {
    kind: 'OIDCProvider',
    clientIds: list.map((c, i) => r.str(c, ['spec', 'clientIds', i])),
    ...(account ? { account } : {}),
  };
}

function readRole(r: FieldReader, doc: Obj): RoleSpec {
  const name = r.str(nameOf(r, doc, false), ['metadata', 'name'], NAME);
  const known = ['account', 'description', 'maxSessionDuration', 'trustPolicy', 'inlinePolicies'];
  const spec = r.obj(doc.spec, ['spec'], known);
  const inline = spec.inlinePolicies === undefined ? {} : r.anyObj(spec.inlinePolicies, ['spec', 'inlinePolicies']);
  if (Object.keys(inline).length > MAX_INLINE_POLICIES) {
    r.fail(['spec', 'inlinePolicies'], `at most ${MAX_INLINE_POLICIES} inline policies`);
  }
  const policies: Record<string, Obj> = {};
  for (const [policyName, policy] of Object.entries(inline)) {
    r.str(policyName, ['spec', 'inlinePolicies', policyName], {
      pattern: /^[\w+=,.@-]{1,128}$/,
      expected: 'a policy name',
    });
    policies[policyName] = r.anyObj(policy, ['spec', 'inlinePolicies', policyName]);
  }
  const account = spec.account === undefined ? undefined : r.account(spec.account, ['spec', 'account']);
  const description = r.optStr(spec.description, ['spec', 'description']);
  return {
    kind: 'Role',
    name,
    trustPolicy: r.anyObj(spec.trustPolicy, ['spec', 'trustPolicy']),
    inlinePolicies: policies,
    ...(account ? { account } : {}),
    ...(description ? { description } : {}),
    ...(spec.maxSessionDuration === undefined
      ? {}
      : { maxSessionDuration: r.int(spec.maxSessionDuration, ['spec', 'maxSessionDuration'], 3600, 43200) }),
  };
}

function readBucket(r: FieldReader, doc: Obj): BucketSpec {
  const name = r.str(nameOf(r, doc, false), ['metadata', 'name'], BUCKET);
  const spec = r.obj(doc.spec, ['spec'], ['account', 'policy', 'objects'], true);
  const objects = r.list(spec.objects, ['spec', 'objects'], MAX_OBJECTS_PER_BUCKET).map((o, i) => {
    const at = ['spec', 'objects', i];
    const obj = r.obj(o, at, ['key', 'body', 'contentType']);
    const contentType = r.optStr(obj.contentType, [...at, 'contentType']);
    return {
      key: r.str(obj.key, [...at, 'key']),
      body: r.text(obj.body, [...at, 'body'], MAX_OBJECT_BODY_BYTES),
      ...(contentType ? { contentType } : {}),
    };
  });
  const account = spec.account === undefined ? undefined : r.account(spec.account, ['spec', 'account']);
  return {
    kind: 'Bucket',
    name,
    objects,
    ...(account ? { account } : {}),
    ...(spec.policy === undefined ? {} : { policy: r.anyObj(spec.policy, ['spec', 'policy']) }),
  };
}

function readRule(r: FieldReader, value: unknown, i: number): NodeRule {
  const at = ['spec', 'rules', i];
  const kind = r.oneOf(
    r.obj(value, at, ['kind', 'action', 'toUrl', 'iface', 'source', 'destination']).kind,
    [...at, 'kind'],
    ['block-imds-from-pods', 'kube2iam-dnat', 'allow', 'block-pod-identity-agent-from-pods'] as const,
  );
  const rule = value as Obj;
  const only = (fields: readonly string[]): void => {
    for (const key of Object.keys(rule))
      if (key !== 'kind' && !fields.includes(key)) r.fail([...at, key], `${kind} takes no "${key}"`, 'key');
  };
  if (kind === 'block-imds-from-pods' || kind === 'block-pod-identity-agent-from-pods') {
    only(['action']);
    return { kind, action: r.oneOf(rule.action, [...at, 'action'], ['DROP', 'REJECT'] as const) };
  }
  if (kind === 'kube2iam-dnat') {
    only(['toUrl', 'iface']);
    const iface = r.optStr(rule.iface, [...at, 'iface']);
    return { kind, toUrl: r.str(rule.toUrl, [...at, 'toUrl']), ...(iface ? { iface } : {}) };
  }
  only(['source', 'destination']);
  const destination = r.optStr(rule.destination, [...at, 'destination']);
  return { kind, source: r.str(rule.source, [...at, 'source']), ...(destination ? { destination } : {}) };
}

function readNode(r: FieldReader, doc: Obj): NodeSpecDoc {
  const name = nameOf(r, doc, true);
  if (name !== undefined) r.str(name, ['metadata', 'name'], NODE_NAME);
  const spec = r.obj(doc.spec, ['spec'], ['instanceRole', 'imds', 'rules'], true);
  const imds = r.obj(spec.imds, ['spec', 'imds'], ['httpTokens', 'httpPutResponseHopLimit', 'httpEndpoint'], true);
  const at = (field: string) => ['spec', 'imds', field];
  const options: Partial<MetadataOptions> = {
    ...(imds.httpTokens === undefined
      ? {}
      : { httpTokens: r.oneOf(imds.httpTokens, at('httpTokens'), ['optional', 'required'] as const) }),
    ...(imds.httpPutResponseHopLimit === undefined
      ? {}
      : { httpPutResponseHopLimit: r.int(imds.httpPutResponseHopLimit, at('httpPutResponseHopLimit'), 1, 64) }),
    ...(imds.httpEndpoint === undefined
      ? {}
      : { httpEndpoint: r.oneOf(imds.httpEndpoint, at('httpEndpoint'), ['enabled', 'disabled'] as const) }),
  };
  const instanceRole = r.optStr(spec.instanceRole, ['spec', 'instanceRole'], NAME);
  return {
    kind: 'Node',
    imds: options,
    ...(name ? { name } : {}),
    ...(instanceRole ? { instanceRole } : {}),
    ...(spec.rules === undefined
      ? {}
      : { rules: r.list(spec.rules, ['spec', 'rules'], MAX_NODE_RULES).map((rule, i) => readRule(r, rule, i)) }),
  };
}

/** Read one irsa-lab document (apiVersion and kind already checked). */
export function readIrsaLabObject(kind: IrsaLabKind, doc: Obj, reader: FieldReader): IrsaLabSpec {
  reader.obj(doc, [], TOP);
  switch (kind) {
    case 'Cluster':
      return readCluster(reader, doc);
    case 'OIDCProvider':
      return readProvider(reader, doc);
    case 'Role':
      return readRole(reader, doc);
    case 'Bucket':
      return readBucket(reader, doc);
    case 'Node':
      return readNode(reader, doc);
    case 'PodIdentityAssociation':
      return readPodIdentityAssociation(reader, doc);
  }
}
