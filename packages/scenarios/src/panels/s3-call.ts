/**
 * A workload's S3 call from inside a pod: a real SigV4-signed GetObject
 * (signed with the simulated clock by @smithy/signature-v4), sent through the
 * pod's own network view, and S3's authorization decision as a trace.
 */

import { Sha256, s3RegionalHost } from '@irsa-lab/core';
import type { PodView } from '@irsa-lab/ec2-node';
import type { World } from '@irsa-lab/world';
import { SignatureV4 } from '@smithy/signature-v4';
import { XMLParser } from 'fast-xml-parser';
import type { DecisionTrace, TraceLine } from '../engine/types.js';
import type { CredentialLike } from './panels.js';
import { evaluationLines } from './traces.js';

export interface S3CallResult {
  readonly status: number;
  /** The object body on success, S3's error code otherwise. */
  readonly body: string;
  readonly errorCode?: string;
  readonly decision?: DecisionTrace;
}

/** `aws s3 cp s3://bucket/key -` from inside the pod, with the credentials it holds. */
export async function s3GetObject(
  world: World,
  view: PodView,
  creds: CredentialLike & { readonly sessionToken?: string },
  bucket: string,
  key: string,
): Promise<S3CallResult> {
  const host = `${bucket}.${s3RegionalHost(world.region)}`;
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}),
    },
    region: world.region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const signed = await signer.sign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: `/${key}`,
      headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    { signingDate: new Date(world.clock.nowMs()) },
  );
  const response = await view.fetch(
    new Request(`https://${host}/${key}`, { method: 'GET', headers: signed.headers as Record<string, string> }),
  );
  const body = await response.text();
  const errorCode = response.ok ? undefined : errorCodeOf(body);
  const authz = world.s3.lastDecision();
  const decision: DecisionTrace | undefined = authz && {
    title: `S3 ${authz.action} on ${authz.resource}`,
    allowed: authz.decision === 'Allow',
    lines: [
      { depth: 0, text: authz.reason, ok: authz.decision === 'Allow' },
      ...section('identity policies of the role', authz.identity),
      ...section('bucket policy', authz.bucketPolicy),
    ],
  };
  return {
    status: response.status,
    body: response.ok ? body : (errorCode ?? body),
    ...(errorCode ? { errorCode } : {}),
    ...(decision ? { decision } : {}),
  };
}

function section(title: string, evaluation: Parameters<typeof evaluationLines>[0] | undefined): TraceLine[] {
  return evaluation ? [{ depth: 0, text: title }, ...evaluationLines(evaluation, 1)] : [];
}

function errorCodeOf(xml: string): string | undefined {
  const parsed = new XMLParser().parse(xml) as { Error?: { Code?: unknown } };
  return typeof parsed.Error?.Code === 'string' ? parsed.Error.Code : undefined;
}
