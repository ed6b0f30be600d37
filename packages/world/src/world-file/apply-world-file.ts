/**
 * applyWorldFile: `kubectl apply` for a whole world file on a running world.
 * irsa-lab's kinds go to IAM, S3, the nodes and EKS (the OIDC provider,
 * roles, buckets, nodes, Pod Identity associations, in that order); the
 * Kubernetes documents then go to
 * `world.apply`. Policies and Pod Identity associations are checked before
 * anything changes; any error
 * names the file, line and field, and objects applied before it stay
 * applied, as with kubectl.
 */

import { isSimError } from '@irsa-lab/core';
import type { DocumentPath, PathSegment } from '@irsa-lab/core/document';
import { parsePolicyObject } from '@irsa-lab/iam';
import type { World } from '../create-world.js';
import type { WorldSettings } from '../settings.js';
import type { Obj } from './document-reader.js';
import {
  type BucketSpec,
  type ClusterSpec,
  clusterSettingPath,
  type IrsaLabSpec,
  type NodeSpecDoc,
  type OidcProviderSpec,
  type RoleSpec,
} from './irsa-kinds.js';
import { type IrsaLabDocument, parseWorldFile } from './parse-world-file.js';
import { substitutePlaceholders } from './placeholders.js';
import {
  associationInput,
  fieldOfError,
  type PodIdentityAssociationSpec,
  roleViewWithFile,
  sameAssociation,
} from './pod-identity-kind.js';

/** What applying one object did. */
export interface WorldFileResult {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly action: 'created' | 'configured' | 'unchanged' | 'annotated';
  /** kubectl's line: `role.irsa-lab.dev/billing-reader created`. */
  readonly summary: string;
}

type Action = WorldFileResult['action'];

function result(kind: string, name: string, action: Action): WorldFileResult {
  return { kind, name, action, summary: `${kind.toLowerCase()}.irsa-lab.dev/${name} ${action}` };
}

/** The path inside what `step` was given that an error names as segments (policies, node rules), else none. */
function innerPath(err: { readonly detail: { readonly [key: string]: unknown } }): DocumentPath {
  const { path } = err.detail;
  return Array.isArray(path) && path.every((s) => typeof s === 'string' || typeof s === 'number') ? path : [];
}

/**
 * Run `step`, given the part of the document at `path`; a SimError becomes a
 * world-file error at `path` joined with the path the error names, with the
 * error's own message.
 */
function at<T>(doc: IrsaLabDocument, path: DocumentPath, step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (!isSimError(err)) throw err;
    throw doc.reader.error([...path, ...innerPath(err)], err.message, 'value', err);
  }
}

function policies(
  spec: IrsaLabSpec,
): { path: PathSegment[]; policy: Obj; kind: 'identity' | 'resource'; name: string }[] {
  if (spec.kind === 'Role') {
    return [
      {
        path: ['spec', 'trustPolicy'],
        policy: spec.trustPolicy,
        kind: 'resource',
        name: `trust policy of role/${spec.name}`,
      },
      ...Object.entries(spec.inlinePolicies).map(([n, policy]) => ({
        path: ['spec', 'inlinePolicies', n],
        policy,
        kind: 'identity' as const,
        name: `policy ${n} of role/${spec.name}`,
      })),
    ];
  }
  if (spec.kind === 'PodIdentityAssociation' && spec.policy) {
    return [
      { path: ['spec', 'policy'], policy: spec.policy, kind: 'identity', name: 'session policy of the association' },
    ];
  }
  if (spec.kind === 'Bucket' && spec.policy) {
    return [{ path: ['spec', 'policy'], policy: spec.policy, kind: 'resource', name: `bucket policy of ${spec.name}` }];
  }
  return [];
}

function ensureAccount(world: World, accountId: string): void {
  if (!world.iam.getAccount(accountId)) world.iam.createAccount(accountId);
}

function applyCluster(world: World, doc: IrsaLabDocument, spec: ClusterSpec): WorldFileResult {
  const actual = { name: world.clusterName, region: world.region, account: world.accountId } as const;
  for (const field of ['name', 'region', 'account'] as const) {
    if (spec[field] !== actual[field]) {
      const path = field === 'name' ? ['metadata', 'name'] : ['spec', field];
      throw doc.reader.error(
        path,
        `this world's cluster has ${field} ${actual[field]}; a running cluster cannot change it`,
      );
    }
  }
  for (const [setting, value] of Object.entries(spec.settings) as [keyof WorldSettings, number][]) {
    if (world.settings[setting] !== value) {
      const message = `this world runs with ${world.settings[setting]}; the setting is fixed when the world is loaded`;
      throw doc.reader.error(clusterSettingPath(setting), message);
    }
  }
  return result('Cluster', spec.name, 'unchanged');
}

function applyProvider(world: World, doc: IrsaLabDocument, spec: OidcProviderSpec): WorldFileResult {
  const account = spec.account ?? world.accountId;
  ensureAccount(world, account);
  const existing = world.iam.findOpenIdConnectProviderByUrl(account, world.issuer.issuerUrl);
  if (!existing) {
    at(doc, ['spec'], () =>
      world.iam.createOpenIdConnectProvider(account, { Url: world.issuer.issuerUrl, ClientIDList: spec.clientIds }),
    );
    return result('OIDCProvider', world.issuerHostPath, 'created');
  }
  const missing = spec.clientIds.filter((c) => !existing.ClientIDList.includes(c));
  for (const clientId of missing) {
    at(doc, ['spec', 'clientIds'], () => world.iam.addClientIdToOpenIdConnectProvider(existing.Arn, clientId));
  }
  return result('OIDCProvider', world.issuerHostPath, missing.length > 0 ? 'configured' : 'unchanged');
}

function applyRole(world: World, doc: IrsaLabDocument, spec: RoleSpec): WorldFileResult {
  const account = spec.account ?? world.accountId;
  ensureAccount(world, account);
  const trust = JSON.stringify(spec.trustPolicy);
  const existing = world.iam.listRoles(account).find((r) => r.RoleName === spec.name);
  let action: Action = existing ? 'unchanged' : 'created';
  if (!existing) {
    at(doc, ['spec', 'trustPolicy'], () =>
      world.iam.createRole(account, {
        RoleName: spec.name,
        AssumeRolePolicyDocument: trust,
        ...(spec.maxSessionDuration === undefined ? {} : { MaxSessionDuration: spec.maxSessionDuration }),
        ...(spec.description === undefined ? {} : { Description: spec.description }),
      }),
    );
  } else {
    if (spec.maxSessionDuration !== undefined && spec.maxSessionDuration !== existing.MaxSessionDuration) {
      throw doc.reader.error(
        ['spec', 'maxSessionDuration'],
        'the session limit of an existing role cannot be changed here',
      );
    }
    if (existing.AssumeRolePolicyDocument !== trust) {
      at(doc, ['spec', 'trustPolicy'], () => world.iam.updateAssumeRolePolicy(account, spec.name, trust));
      action = 'configured';
    }
  }
  const current = world.iam.getRole(account, spec.name).inlinePolicies;
  for (const [name, policy] of Object.entries(spec.inlinePolicies)) {
    const text = JSON.stringify(policy);
    if (current.find((p) => p.PolicyName === name)?.PolicyDocument === text) continue;
    at(doc, ['spec', 'inlinePolicies', name], () => world.iam.putRolePolicy(account, spec.name, name, text));
    if (action === 'unchanged') action = 'configured';
  }
  return result('Role', spec.name, action);
}

function applyBucket(world: World, doc: IrsaLabDocument, spec: BucketSpec): WorldFileResult {
  const account = spec.account ?? world.accountId;
  ensureAccount(world, account);
  const policy = spec.policy === undefined ? undefined : JSON.stringify(spec.policy);
  const existing = world.s3.getBucket(spec.name);
  let action: Action = existing ? 'unchanged' : 'created';
  if (!existing) {
    at(doc, ['metadata', 'name'], () => world.s3.createBucket(account, spec.name, policy ? { policy } : {}));
  } else if (existing.accountId !== account) {
    throw doc.reader.error(['metadata', 'name'], `bucket ${spec.name} belongs to account ${existing.accountId}`);
  } else if (existing.policyText !== policy) {
    at(doc, ['spec', 'policy'], () =>
      policy === undefined ? world.s3.deleteBucketPolicy(spec.name) : world.s3.putBucketPolicy(spec.name, policy),
    );
    action = 'configured';
  }
  for (const [i, object] of spec.objects.entries()) {
    const stored = world.s3.getBucket(spec.name)?.objects.find((o) => o.key === object.key);
    if (stored && Buffer.from(stored.body).toString('utf8') === object.body) continue;
    at(doc, ['spec', 'objects', i], () =>
      world.s3.putObjectDirect(
        spec.name,
        object.key,
        object.body,
        object.contentType ? { contentType: object.contentType } : {},
      ),
    );
    if (action === 'unchanged') action = 'configured';
  }
  return result('Bucket', spec.name, action);
}

function applyNode(world: World, doc: IrsaLabDocument, spec: NodeSpecDoc): WorldFileResult {
  const existing = spec.name === undefined ? undefined : world.nodes.get(spec.name);
  if (!existing) {
    const added = at(doc, ['spec'], () =>
      world.addNode({
        ...(spec.name ? { name: spec.name } : {}),
        ...(spec.instanceRole ? { instanceRoleName: spec.instanceRole } : {}),
        metadataOptions: spec.imds,
        ...(spec.tokenFilePermissions ? { tokenFilePermissions: spec.tokenFilePermissions } : {}),
      }),
    );
    if (spec.rules) at(doc, ['spec'], () => added.node.setRules(spec.rules ?? []));
    return result('Node', added.node.name, 'created');
  }
  const role = existing.instanceRoleArn?.split('/').pop();
  if (spec.instanceRole !== role) {
    throw doc.reader.error(
      ['spec', 'instanceRole'],
      `node ${spec.name} runs with instance role ${role ?? '(none)'}; it cannot change here`,
    );
  }
  const permissions = spec.tokenFilePermissions ?? 'since-1.19';
  if (permissions !== existing.node.tokenFilePermissions) {
    const message = `node ${spec.name}'s kubelet writes token files ${existing.node.tokenFilePermissions}; it cannot change here`;
    throw doc.reader.error(['spec', 'kubelet', 'tokenFilePermissions'], message);
  }
  const before = JSON.stringify([existing.node.imds.metadataOptions(), existing.node.rules()]);
  at(doc, ['spec', 'imds'], () => existing.node.imds.modifyInstanceMetadataOptions(spec.imds));
  if (spec.rules && JSON.stringify(spec.rules) !== JSON.stringify(existing.node.rules())) {
    at(doc, ['spec'], () => existing.node.setRules(spec.rules ?? []));
  }
  const after = JSON.stringify([existing.node.imds.metadataOptions(), existing.node.rules()]);
  return result('Node', existing.node.name, before === after ? 'unchanged' : 'configured');
}

function applyAssociation(world: World, doc: IrsaLabDocument, spec: PodIdentityAssociationSpec): WorldFileResult {
  const name = `${spec.namespace}/${spec.serviceAccount}`;
  if (sameAssociation(world, spec)) return result('PodIdentityAssociation', name, 'unchanged');
  const out = world.eks.createPodIdentityAssociation(associationInput(world, spec));
  if (!out.ok) throw doc.reader.error(fieldOfError(out.error), `${out.error.code}: ${out.error.message}`);
  return result('PodIdentityAssociation', name, 'created');
}

/**
 * Every association of the file as EKS would take it, before anything is
 * applied: one per service account (in the file and in the cluster), each
 * passing CreatePodIdentityAssociation's checks with the file's own roles counted.
 */
function checkAssociations(world: World, docs: readonly IrsaLabDocument[]): void {
  const roles = docs.flatMap((d) => (d.spec.kind === 'Role' ? [d.spec] : []));
  const view = roleViewWithFile(world, roles);
  const seen = new Map<string, IrsaLabDocument>();
  for (const doc of docs) {
    if (doc.spec.kind !== 'PodIdentityAssociation') continue;
    const spec = doc.spec;
    const key = `${spec.namespace}/${spec.serviceAccount}`;
    const earlier = seen.get(key);
    if (earlier) {
      const line = earlier.reader.locate(['spec', 'serviceAccount']).line;
      const message = `ResourceInUseException: EKS allows one association per service account, and ${key} has one at line ${line} of this file`;
      throw doc.reader.error(['spec', 'serviceAccount'], message);
    }
    seen.set(key, doc);
    if (sameAssociation(world, spec)) continue;
    const error = world.eks.checkPodIdentityAssociation(associationInput(world, spec), view);
    if (error) throw doc.reader.error(fieldOfError(error), `${error.code}: ${error.message}`);
  }
}

const ORDER: readonly IrsaLabSpec['kind'][] = [
  'Cluster',
  'OIDCProvider',
  'Role',
  'Bucket',
  'Node',
  'PodIdentityAssociation',
];

function applyOne(world: World, doc: IrsaLabDocument): WorldFileResult {
  const { spec } = doc;
  switch (spec.kind) {
    case 'Cluster':
      return applyCluster(world, doc, spec);
    case 'OIDCProvider':
      return applyProvider(world, doc, spec);
    case 'Role':
      return applyRole(world, doc, spec);
    case 'Bucket':
      return applyBucket(world, doc, spec);
    case 'Node':
      return applyNode(world, doc, spec);
    case 'PodIdentityAssociation':
      return applyAssociation(world, doc, spec);
  }
}

/**
 * Apply a world file (the same format as `--world`) to a running world.
 * @example await applyWorldFile(world, readFileSync('extra.yaml', 'utf8'), 'extra.yaml')
 */
export async function applyWorldFile(world: World, text: string, file: string): Promise<WorldFileResult[]> {
  const parsed = parseWorldFile(substitutePlaceholders(text, world), file);
  for (const doc of parsed.irsaLab) {
    for (const p of policies(doc.spec))
      at(doc, p.path, () => parsePolicyObject(p.policy, { name: p.name, kind: p.kind }));
  }
  checkAssociations(world, parsed.irsaLab);
  const docs = [...parsed.irsaLab].sort((a, b) => ORDER.indexOf(a.spec.kind) - ORDER.indexOf(b.spec.kind));
  const results = docs.map((doc) => applyOne(world, doc));
  if (parsed.kubernetesText !== undefined) {
    for (const r of await world.apply(parsed.kubernetesText, file)) {
      results.push({
        kind: r.kind,
        name: r.name,
        action: r.action,
        summary: r.summary,
        ...(r.namespace ? { namespace: r.namespace } : {}),
      });
    }
    await world.settle();
  }
  return results;
}
