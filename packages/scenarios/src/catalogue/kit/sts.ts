/**
 * STS AssumeRoleWithWebIdentity made by hand: the Query API POST to the
 * regional endpoint that the AWS CLI, or an app's own code holding a token
 * string, sends over the simulated network, from a pod (its source IP lands
 * in CloudTrail) or from the learner's laptop; and what explains the answer.
 */

import { stsRegionalHost } from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';
import type { DecisionTrace, Panel } from '../../engine/types.js';
import { cloudtrailPanel, credentialsPanel } from '../../panels/panels.js';
import { stsDecision } from '../../panels/traces.js';

/** Who sends the request: the headers its HTTP client writes, and how a step titles STS's decision. */
export interface StsClient {
  readonly headers: Readonly<Record<string, string>>;
  readonly decisionTitle: (sessionName: string) => string;
}

/** `aws sts assume-role-with-web-identity`, typed by the learner (its user agent lands in CloudTrail). */
export const AWS_CLI: StsClient = {
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'aws-cli/2.17.0' },
  decisionTitle: () => 'STS AssumeRoleWithWebIdentity',
};

/** An app's own AssumeRoleWithWebIdentityCommand, sent with a token string it kept. */
export const APP_CODE: StsClient = {
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  decisionTitle: (sessionName) => `STS AssumeRoleWithWebIdentity (${sessionName})`,
};

/** Where the request leaves from: a pod's view, or `world.net` for the learner's laptop. */
export interface RequestSender {
  fetch(request: Request): Promise<Response>;
}

export interface AssumeRoleWithWebIdentityInput {
  readonly roleArn: string;
  readonly token: string;
  readonly sessionName: string;
}

/** What STS answered, and what explains it. */
export interface StsCall {
  readonly ok: boolean;
  readonly status: number;
  readonly code?: string;
  readonly message?: string;
  readonly accessKeyId?: string;
  readonly assumedRoleArn?: string;
  readonly decision: DecisionTrace;
  /** The credentials returned (masked), how STS decided, and the CloudTrail record. */
  readonly panels: Panel[];
}

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/** POST Action=AssumeRoleWithWebIdentity (unsigned Query protocol) to `sts.<region>.amazonaws.com`. */
export async function assumeRoleWithWebIdentity(
  world: World,
  client: StsClient,
  from: RequestSender,
  input: AssumeRoleWithWebIdentityInput,
): Promise<StsCall> {
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: input.roleArn,
    RoleSessionName: input.sessionName,
    WebIdentityToken: input.token,
  });
  const response = await from.fetch(
    new Request(`https://${stsRegionalHost(world.region)}/`, {
      method: 'POST',
      headers: { ...client.headers },
      body: body.toString(),
    }),
  );
  const xml = await response.text();
  const requestId = response.headers.get('x-amzn-RequestId') ?? '';
  const decision = stsDecision(client.decisionTitle(input.sessionName), world.sts.traceOf(requestId) ?? []);
  const panels: Panel[] = [
    { kind: 'trust-trace', title: 'How STS decided', trace: decision },
    cloudtrailPanel(world, 1),
  ];
  const status = response.status;
  if (!response.ok)
    return { ok: false, status, code: tag(xml, 'Code'), message: tag(xml, 'Message'), decision, panels };
  const accessKeyId = tag(xml, 'AccessKeyId');
  const secret = tag(xml, 'SecretAccessKey') ?? '';
  if (accessKeyId)
    panels.unshift(credentialsPanel(world, 'Credentials returned', 'sts', { accessKeyId, secretAccessKey: secret }));
  return { ok: true, status, accessKeyId, assumedRoleArn: tag(xml, 'Arn'), decision, panels };
}
