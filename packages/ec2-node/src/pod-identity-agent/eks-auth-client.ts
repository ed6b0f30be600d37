/**
 * The agent's call to EKS Auth: `POST /clusters/{clusterName}/assume-role-for-pod-identity`
 * with `{"token": <the Authorization header, as received>}`, the cluster
 * name from the agent's `--cluster-name` (not from the token), SigV4-signed
 * (service `eks-auth`) with the node role. The answer is the credentials,
 * or the error the agent passes on: EKS Auth's status with
 * `[<request id>]: (<code>): <message>, fault: <client|server>`
 * (aws/eks-pod-identity-agent internal/errors/errors.go).
 */
import { isSimError, Sha256 } from '@irsa-lab/core';
import type { Caller, SimNetwork } from '@irsa-lab/net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { NodeCredentials } from './node-credentials.js';

/** The user agent of the agent's AWS SDK for Go v2 client. [INFERRED] versions; CloudTrail shows `aws-sdk-go-v2/… api/eksauth#…`. */
export const AGENT_USER_AGENT =
  'aws-sdk-go-v2/1.36.3 os/linux lang/go#1.24.1 md/GOOS#linux md/GOARCH#amd64 api/eksauth#1.9.1';

/** Pod credentials as EKS Auth returned them, with the account of the assumed role. */
export interface PodCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expirationMs: number;
  readonly accountId: string;
}

export type EksAuthAnswer =
  | { readonly ok: true; readonly credentials: PodCredentials }
  | { readonly ok: false; readonly status: number; readonly code?: string; readonly body: string };

/** Where and how the agent calls EKS Auth. */
export interface EksAuthTarget {
  readonly net: SimNetwork;
  readonly caller: Caller;
  readonly clusterName: string;
  readonly region: string;
  /** `--endpoint`; default `https://eks-auth.<region>.api.aws`. */
  readonly endpoint?: string;
  /** The clock the signature's date comes from. */
  readonly signingNowMs: () => number;
}

function sdkError(url: string, why: string): EksAuthAnswer {
  // [INFERRED] the Go SDK's wording for a request that never got an answer
  const body = `operation error EKS Auth: AssumeRoleForPodIdentity, https response error StatusCode: 0, RequestID: , request send failed, Post "${url}": ${why}`;
  return { ok: false, status: 500, body: `${body}\n` };
}

/** AssumeRoleForPodIdentity with `token`, signed with `node`. */
export async function callEksAuth(target: EksAuthTarget, node: NodeCredentials, token: string): Promise<EksAuthAnswer> {
  const base = target.endpoint ?? `https://eks-auth.${target.region}.api.aws`;
  const url = new URL(`${base}/clusters/${encodeURIComponent(target.clusterName)}/assume-role-for-pod-identity`);
  const body = JSON.stringify({ token });
  const signer = new SignatureV4({ credentials: node, region: target.region, service: 'eks-auth', sha256: Sha256 });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      headers: { host: url.host, 'content-type': 'application/json', 'user-agent': AGENT_USER_AGENT },
      body,
    },
    { signingDate: new Date(target.signingNowMs()) },
  );
  let response: Response;
  try {
    response = await target.net.fetch(
      new Request(url, { method: 'POST', headers: signed.headers as Record<string, string>, body }),
      target.caller,
    );
  } catch (err) {
    return sdkError(url.href, isSimError(err) ? `${err.code}: ${err.message}` : String(err));
  }
  const text = await response.text();
  const requestId = response.headers.get('x-amzn-requestid') ?? '';
  if (response.status !== 200) {
    const code = response.headers.get('x-amzn-errortype')?.split(':')[0] ?? 'UnknownError';
    let message = text;
    try {
      message = String((JSON.parse(text) as { message?: unknown }).message ?? text);
    } catch {}
    const fault = response.status >= 500 ? 'server' : 'client';
    return {
      ok: false,
      status: response.status,
      code,
      body: `[${requestId}]: (${code}): ${message}, fault: ${fault}\n`,
    };
  }
  return parseAnswer(text, requestId);
}

function parseAnswer(text: string, requestId: string): EksAuthAnswer {
  try {
    const json = JSON.parse(text) as {
      credentials?: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string; expiration?: number };
      assumedRoleUser?: { arn?: string };
    };
    const c = json.credentials;
    const arn = json.assumedRoleUser?.arn;
    if (c?.accessKeyId && c.secretAccessKey && c.sessionToken && typeof c.expiration === 'number' && arn) {
      const accountId = arn.split(':')[4] ?? '';
      return {
        ok: true,
        credentials: {
          accessKeyId: c.accessKeyId,
          secretAccessKey: c.secretAccessKey,
          sessionToken: c.sessionToken,
          expirationMs: c.expiration * 1000,
          accountId,
        },
      };
    }
  } catch {}
  // aws/eks-pod-identity-agent internal/cloud/eksauth/service.go: credentials and assumedRoleUser are required
  return {
    ok: false,
    status: 500,
    body: `invalid response from server (request id ${requestId}): credentials or assumed role user missing\n`,
  };
}
