/**
 * fromInstanceMetadata as smithy-typescript's IMDS provider does it
 * (docs/reference.md#javascript-sdk-v3,
 * docs/reference.md#imds-requests-and-answers): token PUT with TTL 21600; on a 400 it fails, on
 * anything else (timeout, 403, 404, 405, ...) it falls back to IMDSv1 unless
 * AWS_EC2_METADATA_V1_DISABLED; then the role name, then its credentials,
 * trying `security-credentials-extended/` first and the legacy path on 404.
 * Timeout 1000 ms and no retries, so one dropped packet is one failure.
 */
import {
  AWS_EC2_METADATA_SERVICE_ENDPOINT,
  IMDS_CREDENTIALS_PATH,
  IMDS_ENDPOINT,
  IMDS_EXTENDED_CREDENTIALS_PATH,
  IMDS_IPV6_ENDPOINT,
  IMDS_TOKEN_HEADER,
  IMDS_TOKEN_PATH,
  IMDS_TOKEN_TTL_HEADER,
} from '@irsa-lab/core';
import { type FetchOutcome, type Probe, type ProviderStep, parseTimestampMs } from '../lib/probe.js';

const TIMEOUT_MS = 1000;

/** Why a GET failed, in the provider's own words. */
function failure(answer: FetchOutcome): string {
  if (!answer.ok) {
    return answer.error.code === 'NET_TIMEOUT'
      ? `TimeoutError from instance metadata service (no answer in ${TIMEOUT_MS} ms)`
      : `Unable to connect to instance metadata service (${answer.error.code})`;
  }
  return `Error response received from instance metadata service (${answer.status})`;
}

const is2xx = (a: FetchOutcome): a is FetchOutcome & { ok: true } => a.ok && a.status >= 200 && a.status < 300;
const is404 = (a: FetchOutcome) => a.ok && a.status === 404;

function endpointOf(p: Probe): string | { error: string } {
  const configured = p.env(AWS_EC2_METADATA_SERVICE_ENDPOINT);
  if (configured) return configured.replace(/\/+$/, '');
  const mode = p.env('AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE') || 'IPv4';
  if (mode === 'IPv4') return IMDS_ENDPOINT;
  if (mode === 'IPv6') return IMDS_IPV6_ENDPOINT;
  return { error: `Unsupported endpoint mode: ${mode}. Select from IPv4,IPv6` };
}

/** The IMDS credential fetch; `extended` says whether the extended paths are tried first. */
export async function fetchInstanceMetadata(p: Probe, extended: boolean): Promise<ProviderStep> {
  const base = endpointOf(p);
  if (typeof base !== 'string') return p.stop('Error', base.error);
  const steps: string[] = [];
  const put = await p.fetch(
    new Request(`${base}${IMDS_TOKEN_PATH}`, {
      method: 'PUT',
      headers: { [IMDS_TOKEN_TTL_HEADER]: '21600' },
    }),
  );
  let token: string | undefined;
  if (is2xx(put)) {
    token = put.text;
    steps.push(`PUT ${IMDS_TOKEN_PATH} → 200, IMDSv2 token`);
  } else if (put.ok && put.status === 400) {
    return p.next(`PUT ${IMDS_TOKEN_PATH} → 400: EC2 Metadata token request returned error`);
  } else {
    steps.push(`PUT ${IMDS_TOKEN_PATH} → ${put.ok ? put.status : failure(put)}: using IMDSv1 fallback`);
    const v1Disabled = p.env('AWS_EC2_METADATA_V1_DISABLED');
    if (v1Disabled && v1Disabled !== 'false') {
      steps.push(
        'AWS EC2 Metadata v1 fallback has been blocked by AWS SDK configuration in the following: [process environment variable (AWS_EC2_METADATA_V1_DISABLED)].',
      );
      return p.next(steps.join('; '), 'InstanceMetadataV1FallbackError');
    }
  }
  const headers: Record<string, string> = token === undefined ? {} : { [IMDS_TOKEN_HEADER]: token };
  const get = (path: string) => p.fetch(new Request(`${base}${path}`, { headers }));
  const tag = token === undefined ? 'IMDSv1' : 'IMDSv2';

  // smithy main (with the extended paths) also takes the role name from AWS_EC2_INSTANCE_PROFILE_NAME
  const configuredRole = extended ? p.env('AWS_EC2_INSTANCE_PROFILE_NAME') : undefined;
  let role = configuredRole;
  if (!role) {
    let list = extended ? await get(IMDS_EXTENDED_CREDENTIALS_PATH) : undefined;
    if (list === undefined || is404(list)) list = await get(IMDS_CREDENTIALS_PATH);
    if (!is2xx(list)) return p.next([...steps, `${tag} GET role name: ${failure(list)}`].join('; '));
    role = list.text.trim();
  }
  steps.push(`${tag} role ${role}${configuredRole ? ' (AWS_EC2_INSTANCE_PROFILE_NAME)' : ''}`);
  let creds = extended ? await get(`${IMDS_EXTENDED_CREDENTIALS_PATH}${role}`) : undefined;
  if (creds === undefined || is404(creds)) creds = await get(`${IMDS_CREDENTIALS_PATH}${role}`);
  if (!is2xx(creds)) return p.next([...steps, `${tag} GET credentials: ${failure(creds)}`].join('; '));
  return credentialsStep(p, creds.text, steps);
}

function credentialsStep(p: Probe, body: string, steps: string[]): ProviderStep {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return p.stop('SyntaxError', 'Unexpected token in JSON from instance metadata service');
  }
  const { AccessKeyId, SecretAccessKey, Token, Expiration } = json;
  if (
    typeof AccessKeyId !== 'string' ||
    typeof SecretAccessKey !== 'string' ||
    typeof Token !== 'string' ||
    typeof Expiration !== 'string'
  ) {
    return p.next([...steps, 'Invalid response received from instance metadata service.'].join('; '));
  }
  const expirationMs = parseTimestampMs(Expiration);
  steps.push(`node role credentials ${AccessKeyId} (expires ${Expiration})`);
  return p.resolved(steps.join('; '), {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    sessionToken: Token,
    ...(expirationMs === undefined ? {} : { expirationMs }),
  });
}
