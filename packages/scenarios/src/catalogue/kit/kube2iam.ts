/**
 * kube2iam, the per-node agent IRSA replaced (jtblin/kube2iam): a
 * hostNetwork server on the node's port 8181 that pods' IMDS traffic is
 * DNATed to. It answers `/…/iam/security-credentials/` with the role of the
 * calling pod's `iam.amazonaws.com/role` annotation (found by the source IP),
 * the role itself with credentials from STS AssumeRole signed with the
 * node's own instance-profile credentials, and proxies everything else to
 * the real IMDS (server.go). So the node role must be allowed to assume
 * every pod's role, and every such role must trust the node role.
 *
 * Simplification: no --default-role, no namespace restrictions, no
 * credential cache (every request assumes the role again).
 */
import { Sha256 } from '@irsa-lab/core';
import { roleArn as roleArnIn } from '@irsa-lab/iam';
import { type Caller, callerOf, serviceHandlers } from '@irsa-lab/net';
import type { World, WorldNode } from '@irsa-lab/world';
import { SignatureV4 } from '@smithy/signature-v4';

export const KUBE2IAM_PORT = 8181;
/** The pod annotation naming the role (ARN, or a name under --base-role-arn). */
export const KUBE2IAM_ANNOTATION = 'iam.amazonaws.com/role';

const IMDS = 'http://169.254.169.254';
const CREDENTIALS_PATH = /^\/[^/]+\/meta-data\/iam\/security-credentials\/?$/;
const ROLE_PATH = /^\/[^/]+\/meta-data\/iam\/security-credentials\/(.+)$/;
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/** FNV-1a, 32 bits, as hex: kube2iam's session names start with the hash of the pod IP. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h.toString(16);
}

/** The annotated role of the pod at `ip` on `node`, as an ARN; or the error text kube2iam sends. */
function roleOfPod(world: World, node: WorldNode, ip: string): string | { readonly error: string } {
  const pod = node.node.pods().find((p) => p.ip === ip && !p.hostNetwork);
  const role = pod?.pod.metadata.annotations?.[KUBE2IAM_ANNOTATION];
  if (!role) return { error: `unable to find role for IP ${ip}` };
  return role.startsWith('arn:') ? role : roleArnIn(world.accountId, '/', role);
}

/** The node's own instance-profile credentials, fetched from IMDS as the agent (hostNetwork: one hop). */
async function nodeCredentials(world: World, node: WorldNode): Promise<ImdsCredentials> {
  const as = node.node.caller;
  const put = new Request(`${IMDS}/latest/api/token`, {
    method: 'PUT',
    headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' },
  });
  const headers = { 'X-aws-ec2-metadata-token': await (await world.net.fetch(put, as)).text() };
  const base = `${IMDS}/latest/meta-data/iam/security-credentials/`;
  const name = (await (await world.net.fetch(new Request(base, { headers }), as)).text()).trim();
  return (await (await world.net.fetch(new Request(base + name, { headers }), as)).json()) as ImdsCredentials;
}

/** Temporary credentials in IMDS's JSON names. */
export interface ImdsCredentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly Token: string;
}

/**
 * `aws sts assume-role`: AssumeRole of `roleArn` signed with `creds`, sent by `sender` (kube2iam on its node, or
 * anything else holding credentials that may assume the role).
 */
export async function stsAssumeRole(
  world: World,
  sender: { fetch(request: Request): Promise<Response> },
  creds: ImdsCredentials,
  roleArn: string,
  sessionName: string,
): Promise<Response> {
  const host = `sts.${world.region}.amazonaws.com`;
  const body = new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: sessionName,
    DurationSeconds: '1800',
  }).toString();
  const signer = new SignatureV4({
    credentials: { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.Token },
    region: world.region,
    service: 'sts',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'https:',
      hostname: host,
      path: '/',
      headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    },
    { signingDate: new Date(world.clock.nowMs()) },
  );
  const request = new Request(`https://${host}/`, {
    method: 'POST',
    headers: signed.headers as Record<string, string>,
    body,
  });
  return sender.fetch(request);
}

/** kube2iam's AssumeRole for the pod at `podIp`: the node's credentials, its session name `<hash of IP>-<role>`. */
async function assumeRole(world: World, node: WorldNode, roleArn: string, podIp: string): Promise<Response> {
  const creds = await nodeCredentials(world, node);
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const sender = { fetch: (request: Request) => world.net.fetch(request, node.node.caller) };
  return stsAssumeRole(world, sender, creds, roleArn, `${fnv1a(podIp)}-${roleName}`.slice(0, 64));
}

/** The role's credentials in kube2iam's JSON (IMDS's shape), or the error kube2iam answers with. */
async function roleCredentials(world: World, node: WorldNode, caller: Caller, wanted: string): Promise<Response> {
  const roleArn = roleOfPod(world, node, caller.sourceIp);
  if (typeof roleArn !== 'string') return new Response(roleArn.error, { status: 404 });
  if (wanted !== roleArn && roleArnIn(world.accountId, '/', wanted) !== roleArn) {
    return new Response(`Invalid role ${wanted}`, { status: 403 });
  }
  const answer = await assumeRole(world, node, roleArn, caller.sourceIp);
  const xml = await answer.text();
  if (!answer.ok)
    return new Response(`operation error STS: AssumeRole, ${tag(xml, 'Code')}: ${tag(xml, 'Message')}`, {
      status: 500,
    });
  return Response.json({
    AccessKeyId: tag(xml, 'AccessKeyId'),
    Code: 'Success',
    Expiration: tag(xml, 'Expiration'),
    LastUpdated: new Date(world.clock.nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    SecretAccessKey: tag(xml, 'SecretAccessKey'),
    Token: tag(xml, 'SessionToken'),
    Type: 'AWS-HMAC',
  });
}

/** Forward a request to the real IMDS, as the agent (reverseProxyHandler). */
async function proxy(world: World, node: WorldNode, request: Request, path: string): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.delete('host');
  const init: RequestInit = { method: request.method, headers };
  if (request.method !== 'GET' && request.method !== 'HEAD') init.body = await request.text();
  return world.net.fetch(new Request(`${IMDS}${path}`, init), node.node.caller);
}

/**
 * Run kube2iam on `node`: its server on `<node IP>:8181`. The DNAT (the node rule `kube2iam-dnat`) is set
 * apart, as kube2iam's README does (`--iptables=true`, or a rule before the kubelet starts). Returns its URL.
 */
export function runKube2iam(world: World, node: WorldNode): string {
  const origin = `http://${node.node.nodeIp}:${KUBE2IAM_PORT}`;
  world.net.addHost(
    node.node.nodeIp,
    serviceHandlers(origin, async (request) => {
      const path = new URL(request.url).pathname;
      const caller = callerOf(request);
      if (request.method === 'GET' && CREDENTIALS_PATH.test(path)) {
        const roleArn = roleOfPod(world, node, caller.sourceIp);
        if (typeof roleArn !== 'string') return new Response(roleArn.error, { status: 404 });
        return new Response(roleArn.slice(roleArn.lastIndexOf('/') + 1));
      }
      const wanted = ROLE_PATH.exec(path)?.[1];
      if (request.method === 'GET' && wanted) return roleCredentials(world, node, caller, wanted);
      return proxy(world, node, request, path);
    }),
  );
  return origin;
}
