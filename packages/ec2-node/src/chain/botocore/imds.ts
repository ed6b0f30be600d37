/**
 * botocore's `InstanceMetadataFetcher` (docs/reference.md#botocore-and-boto3,
 * docs/reference.md#imds-requests-and-answers): token PUT with
 * TTL 21600 (a read timeout or 403/404/405 means "no token", a 400 is a bad
 * request), IMDSv1 unless AWS_EC2_METADATA_V1_DISABLED, every GET retried up
 * to AWS_METADATA_SERVICE_NUM_ATTEMPTS times. Running out of attempts gives
 * None (the resolver moves on); a blocked v1 fallback raises.
 */
import {
  AWS_EC2_METADATA_SERVICE_ENDPOINT,
  IMDS_CREDENTIALS_PATH,
  IMDS_ENDPOINT,
  IMDS_IPV6_ENDPOINT,
  IMDS_TOKEN_HEADER,
  IMDS_TOKEN_PATH,
  IMDS_TOKEN_TTL_HEADER,
} from '@irsa-lab/core';
import { type FetchOutcome, type Probe, type ProviderStep, parseTimestampMs } from '../lib/probe.js';

/** Attempts are capped here whatever AWS_METADATA_SERVICE_NUM_ATTEMPTS says: a limit on everything. */
export const MAX_IMDS_ATTEMPTS = 10;

interface ImdsSettings {
  readonly base: string;
  readonly timeoutSeconds: number;
  readonly attempts: number;
  readonly v1Disabled: boolean;
}

function settingsOf(p: Probe): ImdsSettings {
  const timeoutSeconds = Number(p.env('AWS_METADATA_SERVICE_TIMEOUT') ?? 1) || 1;
  const attempts = Math.trunc(Number(p.env('AWS_METADATA_SERVICE_NUM_ATTEMPTS') ?? 1)) || 1;
  const configured = p.env(AWS_EC2_METADATA_SERVICE_ENDPOINT);
  const ipv6 = (p.env('AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE') ?? '').toLowerCase() === 'ipv6';
  const base = configured || (ipv6 ? IMDS_IPV6_ENDPOINT : IMDS_ENDPOINT);
  return {
    base: base.replace(/\/+$/, ''),
    timeoutSeconds,
    attempts: Math.min(Math.max(attempts, 1), MAX_IMDS_ATTEMPTS),
    v1Disabled: (p.env('AWS_EC2_METADATA_V1_DISABLED') ?? '').toLowerCase() === 'true',
  };
}

function describe(answer: FetchOutcome, s: ImdsSettings): string {
  if (answer.ok) return String(answer.status);
  return answer.error.code === 'NET_TIMEOUT' ? `read timeout (${s.timeoutSeconds} s)` : answer.error.code;
}

/** The token PUT: a token, `undefined` for "carry on with IMDSv1", or a 400. */
async function fetchToken(p: Probe, s: ImdsSettings, steps: string[]): Promise<string | undefined | 'bad-request'> {
  for (let attempt = 1; attempt <= s.attempts; attempt++) {
    const put = await p.fetch(
      new Request(`${s.base}${IMDS_TOKEN_PATH}`, {
        method: 'PUT',
        headers: { [IMDS_TOKEN_TTL_HEADER]: '21600' },
      }),
    );
    steps.push(`PUT ${IMDS_TOKEN_PATH} → ${describe(put, s)}`);
    if (put.ok && put.status === 200) return put.text;
    if (put.ok && [403, 404, 405].includes(put.status)) return undefined;
    if (put.ok && put.status === 400) return 'bad-request';
    if (!put.ok && put.error.code === 'NET_TIMEOUT') return undefined;
  }
  return undefined;
}

/** A GET retried while the answer is not a non-empty 200 (and, for credentials, JSON). */
async function getWithRetries(p: Probe, s: ImdsSettings, path: string, token: string | undefined, json: boolean) {
  const headers: Record<string, string> = token === undefined ? {} : { [IMDS_TOKEN_HEADER]: token };
  const statuses: string[] = [];
  for (let attempt = 1; attempt <= s.attempts; attempt++) {
    const answer = await p.fetch(new Request(`${s.base}${path}`, { headers }));
    statuses.push(describe(answer, s));
    if (answer.ok && answer.status === 200 && answer.text !== '' && (!json || isJson(answer.text))) {
      return { ok: true as const, text: answer.text, statuses };
    }
  }
  return { ok: false as const, statuses };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `retrieve_iam_role_credentials`, as the iam-role provider's step. */
export async function retrieveIamRoleCredentials(p: Probe): Promise<ProviderStep> {
  const s = settingsOf(p);
  const steps: string[] = [];
  const token = await fetchToken(p, s, steps);
  if (token === 'bad-request') return p.next([...steps, 'Bad IMDS request'].join('; '), 'BadIMDSRequestError');
  if (token === undefined && s.v1Disabled) {
    const message = 'Unable to retrieve token for use in IMDSv2 call and IMDSv1 has been disabled';
    return p.stop('MetadataRetrievalError', message, [...steps, message].join('; '));
  }
  const tag = token === undefined ? 'IMDSv1' : 'IMDSv2';
  const list = await getWithRetries(p, s, IMDS_CREDENTIALS_PATH, token, false);
  const exceeded = `Max number of attempts exceeded (${s.attempts})`;
  if (!list.ok) return p.next([...steps, `${tag} GET role name → ${list.statuses.join(', ')}: ${exceeded}`].join('; '));
  const role = list.text.trim();
  const creds = await getWithRetries(p, s, `${IMDS_CREDENTIALS_PATH}${role}`, token, true);
  if (!creds.ok) return p.next([...steps, `${tag} GET ${role} → ${creds.statuses.join(', ')}: ${exceeded}`].join('; '));
  const json = JSON.parse(creds.text) as Record<string, unknown>;
  const { AccessKeyId, SecretAccessKey, Token, Expiration } = json;
  if ([AccessKeyId, SecretAccessKey, Token, Expiration].some((v) => typeof v !== 'string')) {
    return p.next([...steps, 'Retrieved credentials is missing a required field'].join('; '));
  }
  const expirationMs = parseTimestampMs(Expiration as string);
  steps.push(`${tag} role ${role}: node role credentials ${AccessKeyId as string} (expires ${Expiration as string})`);
  return p.resolved(steps.join('; '), {
    accessKeyId: AccessKeyId as string,
    secretAccessKey: SecretAccessKey as string,
    sessionToken: Token as string,
    ...(expirationMs === undefined ? {} : { expirationMs }),
  });
}
