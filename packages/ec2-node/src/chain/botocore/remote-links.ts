/**
 * botocore's last two providers (docs/reference.md#botocore-and-boto3): container-role (ECS /
 * EKS Pod Identity: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI,
 * Authorization from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, re-read every
 * time, or AWS_CONTAINER_AUTHORIZATION_TOKEN), which raises when configured
 * but failing, and iam-role (IMDS), which gives None when it cannot get
 * credentials.
 */
import {
  AWS_CONTAINER_AUTHORIZATION_TOKEN,
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
  AWS_CONTAINER_CREDENTIALS_FULL_URI,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  AWS_EC2_METADATA_DISABLED,
  ECS_CREDENTIALS_IPV4,
  POD_IDENTITY_AGENT_IPV4,
  POD_IDENTITY_AGENT_IPV6,
} from '@irsa-lab/core';
import type { ProviderLink } from '../lib/probe.js';
import { parseTimestampMs } from '../lib/probe.js';
import { retrieveIamRoleCredentials } from './imds.js';

const ECS_HOST = `http://${ECS_CREDENTIALS_IPV4}`;
const ALLOWED_HOSTS = [ECS_CREDENTIALS_IPV4, POD_IDENTITY_AGENT_IPV4, POD_IDENTITY_AGENT_IPV6, 'localhost'];

/** `_validate_allowed_url`: a loopback address or one of the container hosts. */
function hostAllowed(hostname: string): boolean {
  if (ALLOWED_HOSTS.includes(hostname) || hostname === '::1') return true;
  const parts = hostname.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((n) => /^\d{1,3}$/.test(n) && Number(n) <= 255);
}

/** container-role: one GET (botocore tries 3 times, 1 s apart; one attempt here). */
export const containerRole: ProviderLink = {
  name: 'container-role',
  async run(p) {
    const relative = p.env(AWS_CONTAINER_CREDENTIALS_RELATIVE_URI);
    const full = relative === undefined ? p.env(AWS_CONTAINER_CREDENTIALS_FULL_URI) : undefined;
    if (relative === undefined && full === undefined) {
      return p.next('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI not set');
    }
    const tokenFile = p.env(AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE);
    const token = tokenFile === undefined ? p.env(AWS_CONTAINER_AUTHORIZATION_TOKEN) : p.file(tokenFile);
    if (tokenFile !== undefined && token === undefined) {
      return p.stop('ENOENT', `[Errno 2] No such file or directory: '${tokenFile}'`);
    }
    if (token !== undefined && /[\r\n]/.test(token)) {
      return p.stop('ValueError', 'Auth token value is not a legal header value');
    }
    let url: URL;
    try {
      url = new URL(relative === undefined ? (full as string) : `${ECS_HOST}${relative}`);
    } catch {
      return p.stop('ValueError', `Unsupported host in ${full}`);
    }
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!hostAllowed(hostname)) {
      const message = `Unsupported host '${hostname}'.  Can only retrieve metadata from a loopback address or one of these hosts: ${ALLOWED_HOSTS.join(', ')}`;
      return p.stop('ValueError', message);
    }
    const answer = await p.fetch(new Request(url, { headers: token === undefined ? {} : { Authorization: token } }));
    const where = `GET ${url.href}${token === undefined ? '' : ` with Authorization from ${tokenFile ?? 'AWS_CONTAINER_AUTHORIZATION_TOKEN'}`}`;
    const fail = (why: string) =>
      p.stop(
        'CredentialRetrievalError',
        `Error when retrieving credentials from container-role: ${why}`,
        `${where}: ${why}`,
      );
    if (!answer.ok) return fail(`${answer.error.code}: ${answer.error.message}`);
    if (answer.status !== 200)
      return fail(`Received non 200 response ${answer.status} from container metadata: ${answer.text}`);
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(answer.text) as Record<string, unknown>;
    } catch {
      return fail('Unable to parse JSON returned from container metadata services');
    }
    const { AccessKeyId, SecretAccessKey, Token, Expiration } = json;
    if ([AccessKeyId, SecretAccessKey, Token, Expiration].some((v) => typeof v !== 'string')) {
      return p.stop(
        'KeyError',
        'KeyError: the container credentials lack AccessKeyId, SecretAccessKey, Token or Expiration',
      );
    }
    const expirationMs = parseTimestampMs(Expiration as string);
    return p.resolved(`${where}: 200, ${AccessKeyId as string} (expires ${Expiration as string})`, {
      accessKeyId: AccessKeyId as string,
      secretAccessKey: SecretAccessKey as string,
      sessionToken: Token as string,
      ...(expirationMs === undefined ? {} : { expirationMs }),
    });
  },
};

/** iam-role: the node role through IMDS, unless AWS_EC2_METADATA_DISABLED is `true` (any case). */
export const iamRole: ProviderLink = {
  name: 'iam-role',
  async run(p) {
    if ((p.env(AWS_EC2_METADATA_DISABLED) ?? 'false').toLowerCase() === 'true') {
      return p.next('Access to EC2 metadata has been disabled.');
    }
    return retrieveIamRoleCredentials(p);
  },
};
