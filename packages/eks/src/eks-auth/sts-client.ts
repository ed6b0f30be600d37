/**
 * EKS Auth as a client of STS, over the network like any client: AssumeRole
 * in the Query protocol, unsigned as the service pods.eks.amazonaws.com for
 * the association's role (the network vouches for the service, as STS
 * expects), or SigV4-signed with that session's credentials for the target
 * role (role chaining). Answers are read from STS's XML.
 */
import { isSimError, Sha256 } from '@irsa-lab/core';
import { readTextLimited } from '@irsa-lab/net';
import { SignatureV4 } from '@smithy/signature-v4';
import { XMLParser } from 'fast-xml-parser';

/** One AssumeRole EKS Auth makes. */
export interface AssumeRoleHop {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
  /** Session tags, in order; all marked transitive. */
  readonly tags?: readonly (readonly [string, string])[];
  readonly externalId?: string;
  readonly policy?: string;
  /** Credentials to sign with (the previous hop's); unsigned as the service otherwise. */
  readonly signWith?: HopCredentials;
}

export interface HopCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** What a hop returned. */
export type HopResult =
  | {
      readonly ok: true;
      readonly credentials: HopCredentials & { readonly expirationMs: number };
      readonly assumedRoleUser: { readonly arn: string; readonly assumedRoleId: string };
    }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly status?: number };

const parser = new XMLParser({ parseTagValue: false });
const MAX_STS_ANSWER_BYTES = 64 * 1024;

function form(hop: AssumeRoleHop): string {
  const body = new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: hop.roleArn,
    RoleSessionName: hop.roleSessionName,
    DurationSeconds: String(hop.durationSeconds),
  });
  (hop.tags ?? []).forEach(([key, value], i) => {
    body.set(`Tags.member.${i + 1}.Key`, key);
    body.set(`Tags.member.${i + 1}.Value`, value);
  });
  (hop.tags ?? []).forEach(([key], i) => {
    body.set(`TransitiveTagKeys.member.${i + 1}`, key);
  });
  if (hop.externalId !== undefined) body.set('ExternalId', hop.externalId);
  if (hop.policy !== undefined) body.set('Policy', hop.policy);
  return body.toString();
}

async function request(hop: AssumeRoleHop, region: string, signingDateMs: number): Promise<Request> {
  const host = `sts.${region}.amazonaws.com`;
  const body = form(hop);
  const headers = { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  if (!hop.signWith) return new Request(`https://${host}/`, { method: 'POST', headers, body });
  const signer = new SignatureV4({ credentials: hop.signWith, region, service: 'sts', sha256: Sha256 });
  const signed = await signer.sign(
    { method: 'POST', protocol: 'https:', hostname: host, path: '/', headers, body },
    { signingDate: new Date(signingDateMs) },
  );
  return new Request(`https://${host}/`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
}

/** Call STS AssumeRole for `hop` through `fetch`. */
export async function assumeRoleHop(
  fetch: (request: Request) => Promise<Response>,
  region: string,
  signingDateMs: number,
  hop: AssumeRoleHop,
): Promise<HopResult> {
  let response: Response;
  try {
    response = await fetch(await request(hop, region, signingDateMs));
  } catch (err) {
    const message = isSimError(err) ? `${err.code}: ${err.message}` : String(err);
    return { ok: false, code: 'NetworkError', message };
  }
  const text = (await readTextLimited(response, MAX_STS_ANSWER_BYTES)) ?? '';
  // biome-ignore lint/suspicious/noExplicitAny: parsed XML is untyped; the paths read are STS's
  let xml: any;
  try {
    xml = parser.parse(text);
  } catch {
    return { ok: false, code: 'MalformedResponse', message: 'STS did not answer XML', status: response.status };
  }
  const error = xml?.ErrorResponse?.Error;
  if (response.status !== 200 || error) {
    return {
      ok: false,
      code: String(error?.Code ?? 'Unknown'),
      message: String(error?.Message ?? text),
      status: response.status,
    };
  }
  const result = xml?.AssumeRoleResponse?.AssumeRoleResult;
  const c = result?.Credentials;
  const user = result?.AssumedRoleUser;
  if (!c || !user)
    return { ok: false, code: 'MalformedResponse', message: 'STS answered without credentials', status: 200 };
  return {
    ok: true,
    credentials: {
      accessKeyId: String(c.AccessKeyId),
      secretAccessKey: String(c.SecretAccessKey),
      sessionToken: String(c.SessionToken),
      expirationMs: Date.parse(String(c.Expiration)),
    },
    assumedRoleUser: { arn: String(user.Arn), assumedRoleId: String(user.AssumedRoleId) },
  };
}
