/**
 * The metadata IMDS serves to GET and HEAD, as a tree of categories: what a
 * path resolves to (a listing, a value, a JSON document) or why it is 404.
 * Paths follow the EC2 user guide's metadata categories, the credentials
 * JSON its IAM-roles page (docs/reference.md#imds-requests-and-answers).
 */
import { IMDS_CREDENTIALS_PATH, IMDS_EXTENDED_CREDENTIALS_PATH, isoSeconds, isSimError } from '@irsa-lab/core';
import type { Imds } from './imds.js';
import { imdsJson } from './lib/imds-json.js';

/** What a metadata path resolved to. */
export type MetadataAnswer =
  | { readonly status: 200; readonly body: string; readonly decision: string }
  | { readonly status: 404; readonly decision: string };

interface Leaf {
  readonly read: () => { body: string; decision: string };
}
interface Dir {
  readonly entries: Readonly<Record<string, MetadataNode>>;
  /** Sub-categories listed without a trailing `/` (as `/latest/` lists `meta-data`). */
  readonly bareNames?: boolean;
}
type MetadataNode = Leaf | Dir;

const IDENTITY_DOCUMENT_VERSION = '2017-09-30';

/** Resolve `path` (a URL pathname) against the instance's metadata. Never throws SimError. */
export function resolveMetadata(imds: Imds, path: string): MetadataAnswer {
  const segments = path.split('/').slice(1);
  const trailingSlash = segments.length > 0 && segments[segments.length - 1] === '';
  if (trailingSlash) segments.pop();
  let node: MetadataNode = metadataTree(imds);
  for (const segment of segments) {
    if (!('entries' in node) || !Object.hasOwn(node.entries, segment)) return notFound(imds, path);
    node = node.entries[segment] as MetadataNode;
  }
  if ('entries' in node) {
    const names = Object.keys(node.entries).map((name) => {
      const child = (node as Dir).entries[name] as MetadataNode;
      return 'entries' in child && !(node as Dir).bareNames ? `${name}/` : name;
    });
    return { status: 200, body: names.join('\n'), decision: `listed ${path}` };
  }
  if (trailingSlash) return notFound(imds, path);
  try {
    return { status: 200, ...node.read() };
  } catch (err) {
    if (!isSimError(err)) throw err;
    return { status: 404, decision: `credentials unavailable: ${err.message}` };
  }
}

/** The tree of categories this simulation serves, for the instance as it is now. */
function metadataTree(imds: Imds): Dir {
  const metaData: Record<string, MetadataNode> = {};
  if (imds.instanceProfile) metaData.iam = iamTree(imds);
  metaData['instance-id'] = value(imds.instanceId, 'instance id');
  metaData.placement = {
    entries: {
      'availability-zone': value(imds.availabilityZone, 'availability zone'),
      region: value(imds.region, 'region'),
    },
  };
  const dynamic: Dir = {
    entries: {
      'instance-identity': { entries: { document: { read: () => identityDocument(imds) } } },
    },
  };
  return { entries: { latest: { bareNames: true, entries: { dynamic, 'meta-data': { entries: metaData } } } } };
}

function iamTree(imds: Imds): Dir {
  const roleName = imds.instanceProfile?.roleName ?? '';
  return {
    entries: {
      info: { read: () => iamInfo(imds) },
      'security-credentials': { entries: { [roleName]: { read: () => securityCredentials(imds) } } },
    },
  };
}

function value(text: string, what: string): Leaf {
  return { read: () => ({ body: text, decision: `served the ${what}` }) };
}

function iamInfo(imds: Imds): { body: string; decision: string } {
  const profile = imds.instanceProfile;
  if (!profile) throw new TypeError('iam/info without a profile');
  const credentials = imds.roleCredentials();
  const body = imdsJson({
    Code: 'Success',
    LastUpdated: isoSeconds(credentials.LastUpdatedMs),
    InstanceProfileArn: profile.arn,
    InstanceProfileId: profile.id,
  });
  return { body, decision: `served instance profile ${profile.name}` };
}

function securityCredentials(imds: Imds): { body: string; decision: string } {
  const credentials = imds.roleCredentials();
  const body = imdsJson({
    Code: 'Success',
    LastUpdated: isoSeconds(credentials.LastUpdatedMs),
    Type: 'AWS-HMAC',
    AccessKeyId: credentials.AccessKeyId,
    SecretAccessKey: credentials.SecretAccessKey,
    Token: credentials.Token,
    Expiration: isoSeconds(credentials.ExpirationMs),
  });
  const role = imds.instanceProfile?.roleName;
  return {
    body,
    decision: `served credentials of node role ${role} (${credentials.AccessKeyId}, expires ${isoSeconds(credentials.ExpirationMs)})`,
  };
}

function identityDocument(imds: Imds): { body: string; decision: string } {
  const body = imdsJson({
    accountId: imds.accountId,
    architecture: 'x86_64',
    availabilityZone: imds.availabilityZone,
    instanceId: imds.instanceId,
    pendingTime: isoSeconds(imds.launchedAtMs),
    region: imds.region,
    version: IDENTITY_DOCUMENT_VERSION,
  });
  return { body, decision: 'served the instance identity document' };
}

/** A 404 with the reason a learner would want. */
function notFound(imds: Imds, path: string): MetadataAnswer {
  const iam = '/latest/meta-data/iam';
  let decision = `no metadata at ${path}`;
  if (path.startsWith(IMDS_EXTENDED_CREDENTIALS_PATH)) {
    decision =
      'security-credentials-extended is not simulated (its schema is unconfirmed); SDKs fall back to iam/security-credentials/<role>';
  } else if ((path === iam || path.startsWith(`${iam}/`)) && !imds.instanceProfile) {
    decision = 'no instance profile is attached, so there is no iam/ category';
  } else if (path.startsWith(IMDS_CREDENTIALS_PATH) && imds.instanceProfile) {
    const asked = path.slice(IMDS_CREDENTIALS_PATH.length);
    decision = `role "${asked}" is not the role of this instance's profile (${imds.instanceProfile.roleName})`;
  }
  return { status: 404, decision };
}
