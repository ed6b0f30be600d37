/**
 * Worker nodes of a world: an EC2 instance (its IMDS and instance-profile
 * role) plus the kubelet side (pods, token files, node rules). The kubelet's
 * TokenRequest is bound to the world's apiserver; the instance-profile
 * credentials are minted by the world's IAM.
 */
import type { ApiServer, Pod } from '@irsa-lab/apiserver';
import type { EventLog, IdMaker, Rng, SimClock } from '@irsa-lab/core';
import { MINUTE_MS, SimError } from '@irsa-lab/core';
import { createNode, type NodeRule, type PodIdentityAgentOptions, type SimNode } from '@irsa-lab/ec2-node';
import { type Iam, instanceProfileArn } from '@irsa-lab/iam';
import { createImds, type MetadataOptions } from '@irsa-lab/imds';
import type { SimNetwork } from '@irsa-lab/net';

export interface NodeSpec {
  /** Default `ip-10-0-<n>-10.<region>.compute.internal`. */
  readonly name?: string;
  /** The role in the node's instance profile (created with an EC2 trust policy if missing). Omit for no profile. */
  readonly instanceRoleName?: string;
  /** Identity policies (JSON text) to put on a newly created instance role, by policy name. */
  readonly instanceRolePolicies?: Readonly<Record<string, string>>;
  /** IMDS options: `httpTokens`, `httpPutResponseHopLimit`, `httpEndpoint`. */
  readonly metadataOptions?: Partial<MetadataOptions>;
  readonly rules?: readonly NodeRule[];
  readonly skewMs?: number;
}

export interface WorldNode {
  readonly node: SimNode;
  readonly instanceId: string;
  readonly instanceRoleArn?: string;
}

/** What a node needs from the rest of the world. */
export interface NodeDeps {
  readonly region: string;
  readonly accountId: string;
  readonly clock: SimClock;
  readonly rng: Rng;
  readonly ids: IdMaker;
  readonly log: EventLog;
  readonly net: SimNetwork;
  readonly api: ApiServer;
  readonly iam: Iam;
  /** Every node runs the EKS Pod Identity agent DaemonSet with these flags. */
  readonly podIdentityAgent?: PodIdentityAgentOptions;
}

const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** EC2 makes new role credentials available well before the old ones expire (at least 5 minutes). */
const RENEW_BEFORE_MS = 15 * MINUTE_MS;

function instanceRole(deps: NodeDeps, spec: NodeSpec): string | undefined {
  const roleName = spec.instanceRoleName;
  if (!roleName) return undefined;
  const existing = deps.iam.listRoles(deps.accountId).find((r) => r.RoleName === roleName);
  if (existing) return existing.Arn;
  const role = deps.iam.createRole(deps.accountId, { RoleName: roleName, AssumeRolePolicyDocument: EC2_TRUST });
  for (const [policyName, document] of Object.entries(spec.instanceRolePolicies ?? {})) {
    deps.iam.putRolePolicy(deps.accountId, roleName, policyName, document);
  }
  return role.Arn;
}

/** Create node number `index` (from 1) of the world. */
export function addNode(deps: NodeDeps, spec: NodeSpec, index: number): WorldNode {
  if (index > 200) throw new SimError('INPUT_INVALID', 'a world holds at most 200 nodes', { limit: 'nodes' });
  const nodeIp = `10.0.${index}.10`;
  const name = spec.name ?? `ip-10-0-${index}-10.${deps.region}.compute.internal`;
  const instanceId = deps.ids.instanceId();
  // the kubelet registers the node's Node object: tokens of its pods name the node by name and uid
  deps.api.registerNode(name);
  const roleArn = instanceRole(deps, spec);
  const roleName = spec.instanceRoleName;
  let current: ReturnType<Iam['mintInstanceProfileCredentials']> | undefined;
  const imds = createImds({
    clock: deps.clock,
    ids: deps.ids,
    log: deps.log,
    instanceId,
    nodeName: name,
    region: deps.region,
    accountId: deps.accountId,
    ...(roleArn && roleName
      ? {
          instanceProfile: {
            name: `${roleName}-profile`,
            arn: instanceProfileArn(deps.accountId, `${roleName}-profile`),
            id: deps.ids.awsId('AIPA'),
            roleName,
          },
        }
      : {}),
    getRoleCredentials: () => {
      if (!roleArn) throw new SimError('IMDS_UNAVAILABLE', 'this instance has no instance profile');
      // Simplification: renewal happens when credentials are read (no one can tell the difference).
      if (!current || deps.clock.nowMs() >= current.ExpirationMs - RENEW_BEFORE_MS) {
        current = deps.iam.mintInstanceProfileCredentials(roleArn, instanceId);
      }
      return {
        AccessKeyId: current.AccessKeyId,
        SecretAccessKey: current.SecretAccessKey,
        Token: current.SessionToken,
        ExpirationMs: current.ExpirationMs,
        LastUpdatedMs: current.issuedAtMs,
      };
    },
    ...(spec.metadataOptions ? { metadataOptions: spec.metadataOptions } : {}),
  });
  const node = createNode({
    name,
    clock: deps.clock,
    rng: deps.rng.fork(),
    ids: deps.ids,
    log: deps.log,
    net: deps.net,
    imds,
    nodeIp,
    podCidr: `10.0.${index}.0/24`,
    skewMs: spec.skewMs,
    ...(deps.podIdentityAgent ? { podIdentityAgent: deps.podIdentityAgent } : {}),
    requestToken: async (pod: Pod, projection) => {
      const result = await deps.api.projectServiceAccountToken(pod, projection);
      const iat = result.claims.iat;
      return {
        token: result.token,
        issuedAtMs: typeof iat === 'number' ? iat * 1000 : deps.clock.nowMs(),
        // the requested lifetime, not an extended exp: kubelet refreshes on what it asked for
        expiresAtMs: result.expiresAtMs,
      };
    },
  });
  if (spec.rules) node.setRules(spec.rules);
  return { node, instanceId, ...(roleArn ? { instanceRoleArn: roleArn } : {}) };
}
