/**
 * irsa-lab's own kinds (`apiVersion: irsa-lab.dev/v1`): Cluster, OIDCProvider,
 * Role, Bucket, Node and PodIdentityAssociation, as typed specs. The
 * documents are checked by their schemas (kind-schemas.ts); this turns a
 * checked document into its spec. Policies stay as the objects written (IAM
 * parses them when they are applied), so a bad world file fails before
 * anything is applied.
 */

import type { NodeRule, TokenFilePermissions } from '@irsa-lab/ec2-node';
import type { MetadataOptions } from '@irsa-lab/imds';
import type { WorldSettings } from '../settings.js';
import type { Obj } from './document-reader.js';
import { CLUSTER_SETTINGS, type IrsaLabDocumentValue } from './kind-schemas.js';
import { type PodIdentityAssociationSpec, podIdentityAssociationSpec } from './pod-identity-kind.js';

export {
  IRSA_LAB_API_VERSION,
  IRSA_LAB_KINDS,
  type IrsaLabKind,
  MAX_INLINE_POLICIES,
  MAX_NODE_RULES,
  MAX_OBJECT_BODY_BYTES,
  MAX_OBJECTS_PER_BUCKET,
} from './kind-schemas.js';

export interface ClusterSpec {
  readonly kind: 'Cluster';
  readonly name: string;
  readonly region: string;
  readonly account: string;
  /** The world settings the document gives (the rest keep their defaults). */
  readonly settings: Partial<WorldSettings>;
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
  /** `kubelet.tokenFilePermissions`. */
  readonly tokenFilePermissions?: TokenFilePermissions;
}
export type IrsaLabSpec =
  | ClusterSpec
  | OidcProviderSpec
  | RoleSpec
  | BucketSpec
  | NodeSpecDoc
  | PodIdentityAssociationSpec;

type Doc<K extends IrsaLabDocumentValue['kind']> = Extract<IrsaLabDocumentValue, { kind: K }>;

/** Where a world setting sits in a Cluster document: `['spec', <section>, <field>]`. */
export function clusterSettingPath(setting: keyof WorldSettings): string[] {
  for (const [section, fields] of Object.entries(CLUSTER_SETTINGS)) {
    for (const [field, name] of Object.entries(fields)) if (name === setting) return ['spec', section, field];
  }
  return ['spec'];
}

function clusterSpec(doc: Doc<'Cluster'>): ClusterSpec {
  const settings: Partial<Record<keyof WorldSettings, number>> = {};
  for (const [section, fields] of Object.entries(CLUSTER_SETTINGS)) {
    const values: Readonly<Record<string, number | undefined>> =
      doc.spec[section as keyof typeof CLUSTER_SETTINGS] ?? {};
    for (const [field, setting] of Object.entries(fields)) {
      const value = values[field];
      if (value !== undefined) settings[setting] = value;
    }
  }
  return { kind: 'Cluster', name: doc.metadata.name, region: doc.spec.region, account: doc.spec.account, settings };
}

function providerSpec(doc: Doc<'OIDCProvider'>): OidcProviderSpec {
  const { account } = doc.spec;
  return { kind: 'OIDCProvider', clientIds: doc.spec.clientIds, ...(account ? { account } : {}) };
}

function roleSpec(doc: Doc<'Role'>): RoleSpec {
  const { account, description, maxSessionDuration } = doc.spec;
  return {
    kind: 'Role',
    name: doc.metadata.name,
    trustPolicy: doc.spec.trustPolicy,
    inlinePolicies: doc.spec.inlinePolicies ?? {},
    ...(account ? { account } : {}),
    ...(description ? { description } : {}),
    ...(maxSessionDuration === undefined ? {} : { maxSessionDuration }),
  };
}

function bucketSpec(doc: Doc<'Bucket'>): BucketSpec {
  const spec = doc.spec ?? {};
  const objects = (spec.objects ?? []).map(({ key, body, contentType }) => ({
    key,
    body,
    ...(contentType ? { contentType } : {}),
  }));
  return {
    kind: 'Bucket',
    name: doc.metadata.name,
    objects,
    ...(spec.account ? { account: spec.account } : {}),
    ...(spec.policy === undefined ? {} : { policy: spec.policy }),
  };
}

function nodeSpec(doc: Doc<'Node'>): NodeSpecDoc {
  const name = doc.metadata?.name;
  const spec = doc.spec ?? {};
  const imds = spec.imds ?? {};
  const permissions = spec.kubelet?.tokenFilePermissions;
  const options: Partial<MetadataOptions> = {
    ...(imds.httpTokens === undefined ? {} : { httpTokens: imds.httpTokens }),
    ...(imds.httpPutResponseHopLimit === undefined ? {} : { httpPutResponseHopLimit: imds.httpPutResponseHopLimit }),
    ...(imds.httpEndpoint === undefined ? {} : { httpEndpoint: imds.httpEndpoint }),
  };
  return {
    kind: 'Node',
    imds: options,
    ...(name ? { name } : {}),
    ...(spec.instanceRole ? { instanceRole: spec.instanceRole } : {}),
    ...(permissions ? { tokenFilePermissions: permissions } : {}),
    ...(spec.rules === undefined ? {} : { rules: spec.rules }),
  };
}

/** The spec of one checked irsa-lab document. */
export function irsaLabSpec(doc: IrsaLabDocumentValue): IrsaLabSpec {
  switch (doc.kind) {
    case 'Cluster':
      return clusterSpec(doc);
    case 'OIDCProvider':
      return providerSpec(doc);
    case 'Role':
      return roleSpec(doc);
    case 'Bucket':
      return bucketSpec(doc);
    case 'Node':
      return nodeSpec(doc);
    case 'PodIdentityAssociation':
      return podIdentityAssociationSpec(doc);
  }
}
