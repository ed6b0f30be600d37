/**
 * IMDS from a pod: the `curl 169.254.169.254` sequence made over the
 * simulated network (every hop recorded), the node's metadata options, and
 * the panels and decision that explain what the node let through.
 */

import { IMDS_CREDENTIALS_PATH, IMDS_ENDPOINT, isSimError } from '@irsa-lab/core';
import type { ImdsVerdict, PodView } from '@irsa-lab/ec2-node';
import type { MetadataOptions } from '@irsa-lab/imds';
import type { HopTrace } from '@irsa-lab/net';
import type { World } from '@irsa-lab/world';
import type { Check, DecisionTrace, Panel, StepResult, TraceLine } from '../../engine/types.js';
import { check, credentialsPanel } from '../../panels/panels.js';
import { hopPanel, lastHops } from './network.js';
import { textPanel } from './text-panels.js';
import { firstNode, NODE_ROLE, nodeRoleArn, podView, roleOf } from './worlds.js';

/** One `curl` to IMDS: what it got (HTTP status or the network error code) and its path through the network. */
export interface ImdsRequest {
  readonly command: string;
  readonly outcome: number | string;
  readonly hops: readonly HopTrace[];
}

/** What the `curl` sequence against IMDS got. */
export interface ImdsCurl {
  readonly requests: readonly ImdsRequest[];
  readonly roleName?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** The session token of the credentials (IMDS's `Token`). */
  readonly sessionToken?: string;
}

const IMDS = `${IMDS_ENDPOINT}/latest`;

/**
 * The classic credential grab: (optionally) the IMDSv2 token PUT, then the
 * role name, then the role's credentials. A failed PUT leaves an empty token,
 * as `TOKEN=$(curl ...)` would, and the GETs go out without one (IMDSv1).
 */
export async function curlImds(
  world: World,
  view: Pick<PodView, 'fetch' | 'caller'>,
  options: { readonly v2: boolean },
): Promise<ImdsCurl> {
  const requests: ImdsRequest[] = [];
  const send = async (command: string, request: Request): Promise<Response | undefined> => {
    try {
      const response = await view.fetch(request);
      requests.push({ command, outcome: response.status, hops: lastHops(world, view.caller) });
      return response.ok ? response : undefined;
    } catch (err) {
      if (!isSimError(err)) throw err;
      requests.push({ command, outcome: err.code, hops: lastHops(world, view.caller) });
      return undefined;
    }
  };
  let token = '';
  if (options.v2) {
    const put = new Request(`${IMDS}/api/token`, {
      method: 'PUT',
      headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' },
    });
    token =
      (await (
        await send(`curl -X PUT ${IMDS}/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 21600"`, put)
      )?.text()) ?? '';
  }
  const headers: Record<string, string> = token ? { 'X-aws-ec2-metadata-token': token } : {};
  const h = token ? ' -H "X-aws-ec2-metadata-token: $TOKEN"' : '';
  const base = `${IMDS_ENDPOINT}${IMDS_CREDENTIALS_PATH}`;
  const roleName = (await (await send(`curl${h} ${base}`, new Request(base, { headers })))?.text())?.trim();
  if (!roleName) return { requests };
  const creds = await send(`curl${h} ${base}${roleName}`, new Request(base + roleName, { headers }));
  const json = creds
    ? ((await creds.json()) as { AccessKeyId?: string; SecretAccessKey?: string; Token?: string })
    : undefined;
  if (!json?.AccessKeyId) return { requests, roleName };
  const session = json.Token === undefined ? {} : { sessionToken: json.Token };
  return { requests, roleName, accessKeyId: json.AccessKeyId, secretAccessKey: json.SecretAccessKey ?? '', ...session };
}

/** The node role credentials a curl got (masked), or nothing. */
export function stolenPanel(world: World, title: string, curl: ImdsCurl): Panel[] {
  if (!curl.accessKeyId) return [];
  const creds = { accessKeyId: curl.accessKeyId, secretAccessKey: curl.secretAccessKey ?? '' };
  return [credentialsPanel(world, title, 'IMDS (curl)', creds)];
}

/** The IMDS options of the world's first node, as `describe-instances` shows them. */
export function imdsOptionsPanel(world: World): Panel {
  const node = firstNode(world);
  const o = node?.node.imds.metadataOptions();
  return textPanel(`MetadataOptions of ${node?.instanceId}`, [
    `HttpTokens: ${o?.httpTokens}`,
    `HttpPutResponseHopLimit: ${o?.httpPutResponseHopLimit}`,
    `HttpEndpoint: ${o?.httpEndpoint}`,
  ]);
}

/** The path of one IMDS request as a panel, titled with its command; the verdict is what it got. */
export function imdsHopPanel(title: string, request: ImdsRequest): Panel {
  return hopPanel(`${title}: ${request.command}`, request.hops, String(request.outcome));
}

/** The curl transcript as text: command and outcome. */
export function curlPanel(title: string, curl: ImdsCurl): Panel {
  return textPanel(
    title,
    curl.requests
      .map((r) => `$ ${r.command}\n  → ${typeof r.outcome === 'number' ? `HTTP ${r.outcome}` : r.outcome}`)
      .join('\n'),
  );
}

/** `aws ec2 modify-instance-metadata-options` on the world's first node; returns its instance id. */
export function modifyInstanceMetadataOptions(world: World, options: Partial<MetadataOptions>): string {
  const node = firstNode(world);
  node?.node.imds.modifyInstanceMetadataOptions(options);
  return node?.instanceId ?? '';
}

/** The node's verdict on `namespace/pod` reaching IMDS, as a decision trace. */
export function podImdsDecision(world: World, namespace: string, pod: string): DecisionTrace {
  return imdsDecision(world.nodeOf(namespace, pod).explainImds(namespace, pod));
}

/** The node's verdict on a pod's IMDS access, as a decision trace. */
export function imdsDecision(verdict: ImdsVerdict): DecisionTrace {
  const lines: TraceLine[] = [
    {
      depth: 0,
      text: `${verdict.pod}: ${verdict.hostNetwork ? 'hostNetwork' : 'own network namespace'}, ${verdict.hops} hop(s) to IMDS`,
    },
  ];
  if (verdict.rule)
    lines.push({
      depth: 1,
      text: `node rule ${verdict.rule.action}: ${verdict.rule.line}`,
      ok: verdict.rule.action === 'accept',
    });
  if (verdict.reachability) {
    lines.push({
      depth: 1,
      text: `IMDSv2 token PUT: ${verdict.reachability.v2Token}`,
      ok: verdict.reachability.v2Token === 'ok',
    });
    lines.push({ depth: 1, text: `IMDSv1 GET: ${verdict.reachability.v1}`, ok: verdict.reachability.v1 === 'ok' });
  }
  lines.push({ depth: 0, text: verdict.summary, ok: verdict.nodeCredentials });
  return { title: `Can ${verdict.pod} reach the node role through IMDS?`, allowed: verdict.nodeCredentials, lines };
}

/** A shell in a pod taking the node role with curl, and the step result that shows it. */
export interface NodeRoleGrab {
  readonly curl: ImdsCurl;
  /** The IMDSv2 token PUT, the first request. */
  readonly put: ImdsRequest | undefined;
  /** The step's result: `summary`, and checks that the PUT got 200 and the credentials are the node role's (`more` between). */
  result(summary: string, more?: readonly Check[]): StepResult;
}

/**
 * `kubectl exec` into `namespace/pod` and curl IMDS for the node role (token
 * PUT, role name, credentials); the result shows the transcript, the PUT's
 * path, the credentials it got (titled `stolenTitle`) and the node's verdict.
 */
export async function curlNodeRoleFrom(
  world: World,
  namespace: string,
  pod: string,
  stolenTitle: string,
): Promise<NodeRoleGrab> {
  const curl = await curlImds(world, podView(world, namespace, pod), { v2: true });
  const put = curl.requests[0];
  const result = (summary: string, more: readonly Check[] = []): StepResult => ({
    action: `kubectl exec -n ${namespace} ${pod} -- sh -c 'TOKEN=$(curl -X PUT ...); curl -H "X-aws-ec2-metadata-token: $TOKEN" .../iam/security-credentials/${NODE_ROLE}'`,
    outcome: curl.accessKeyId ? 'allowed' : 'denied',
    summary,
    panels: [
      curlPanel(`curl from ${namespace}/${pod}`, curl),
      ...(put ? [imdsHopPanel('Token PUT', put)] : []),
      ...stolenPanel(world, stolenTitle, curl),
    ],
    decision: podImdsDecision(world, namespace, pod),
    checks: [
      check('token PUT', '200', String(put?.outcome)),
      ...more,
      check('role of the credentials', nodeRoleArn(world), roleOf(world, curl.accessKeyId)),
    ],
  });
  return { curl, put, result };
}
