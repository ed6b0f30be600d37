/**
 * The web-identity step both SDKs share: read the token file (again, on
 * every run), call STS AssumeRoleWithWebIdentity unsigned as a Query-protocol
 * form POST (docs/reference.md#sts-wire-format), parse the XML answer. Any
 * failure here ends the chain: neither SDK falls back to the node role when
 * IRSA is set up but failing (docs/reference.md#sts-errors).
 */
import { isSimError } from '@irsa-lab/core';
import { XMLParser } from 'fast-xml-parser';
import { describeNetError, type Probe, type ProviderStep, parseTimestampMs } from './probe.js';
import type { StsEndpoint } from './sts-endpoint.js';

export interface WebIdentityCall {
  readonly tokenFile: string;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly endpoint: StsEndpoint;
  /** botocore fails on a response without Expiration (KeyError); JS v3 accepts it. */
  readonly requireExpiration: boolean;
  /** How the SDK words a missing token file. */
  readonly missingFileMessage: (path: string) => string;
  /** How the SDK words a token file its process may not read (EACCES). */
  readonly deniedFileMessage: (path: string) => string;
}

const STS_VERSION = '2011-06-15';
const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/** Read the token, call STS, and turn the answer into this provider's step. */
export async function assumeRoleWithWebIdentity(probe: Probe, call: WebIdentityCall): Promise<ProviderStep> {
  let token: string | undefined;
  try {
    token = probe.file(call.tokenFile);
  } catch (err) {
    // the read raises in both SDKs (fs.readFileSync, open()): the chain ends here, no fallback
    if (!isSimError(err) || err.code !== 'FS_PERMISSION_DENIED') throw err;
    return probe.stop('EACCES', call.deniedFileMessage(call.tokenFile));
  }
  if (token === undefined) return probe.stop('ENOENT', call.missingFileMessage(call.tokenFile));
  let url: string;
  try {
    url = new URL(call.endpoint.url).href;
  } catch {
    return probe.stop('InvalidEndpoint', `${call.endpoint.url} (from ${call.endpoint.why}) is not a valid URL`);
  }
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: STS_VERSION,
    RoleArn: call.roleArn,
    RoleSessionName: call.roleSessionName,
    WebIdentityToken: token,
  });
  const request = new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: body.toString(),
  });
  const where = `POST ${url} (${call.endpoint.why}) as ${call.roleSessionName}`;
  const answer = await probe.fetch(request);
  if (!answer.ok) {
    return probe.stop(answer.error.code, answer.error.message, `${where}: ${describeNetError(answer.error)}`);
  }
  const doc = parseXml(answer.text);
  if (answer.status < 200 || answer.status >= 300) {
    const code = text(doc, 'ErrorResponse', 'Error', 'Code') ?? 'UnknownError';
    const message = text(doc, 'ErrorResponse', 'Error', 'Message') ?? `STS answered ${answer.status}`;
    return probe.stop(code, message, `${where}: ${answer.status} ${code}: ${message} (no fallback)`);
  }
  const result = ['AssumeRoleWithWebIdentityResponse', 'AssumeRoleWithWebIdentityResult', 'Credentials'];
  const accessKeyId = text(doc, ...result, 'AccessKeyId');
  const secretAccessKey = text(doc, ...result, 'SecretAccessKey');
  const sessionToken = text(doc, ...result, 'SessionToken');
  const expiration = text(doc, ...result, 'Expiration');
  if (!accessKeyId || !secretAccessKey) {
    const message = `Invalid response from STS.assumeRoleWithWebIdentity call with role ${call.roleArn}`;
    return probe.stop('InvalidResponse', message);
  }
  const expirationMs = parseTimestampMs(expiration);
  if (expirationMs === undefined && call.requireExpiration) {
    return probe.stop('KeyError', "KeyError: 'Expiration'", `${where}: 200 without Expiration`);
  }
  const arn = text(
    doc,
    'AssumeRoleWithWebIdentityResponse',
    'AssumeRoleWithWebIdentityResult',
    'AssumedRoleUser',
    'Arn',
  );
  const until = expiration === undefined ? 'no expiration' : `expires ${expiration}`;
  return probe.resolved(`${where}: 200, ${accessKeyId}${arn ? ` as ${arn}` : ''} (${until})`, {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken === undefined ? {} : { sessionToken }),
    ...(expirationMs === undefined ? {} : { expirationMs }),
  });
}

function parseXml(body: string): unknown {
  try {
    return xml.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** The text at `path` in a parsed document, if it is a string. */
function text(doc: unknown, ...path: string[]): string | undefined {
  let node = doc;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' ? node : undefined;
}
