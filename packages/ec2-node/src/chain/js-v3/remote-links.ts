/**
 * The JS v3 `remoteProvider`, shown as the three providers it can pick
 * (docs/reference.md#javascript-sdk-v3): with AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI
 * set it chains fromHttp then fromContainerMetadata; otherwise, unless
 * AWS_EC2_METADATA_DISABLED, fromInstanceMetadata. fromContainerMetadata
 * only accepts localhost / 127.0.0.1 for a FULL_URI and says so with a
 * non-`tryNextLink` error, so a failing EKS Pod Identity agent ends the chain.
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
import { type FetchOutcome, type Probe, type ProviderLink, type ProviderStep, parseTimestampMs } from '../lib/probe.js';
import { fetchInstanceMetadata } from './imds.js';

const ECS_HOST = `http://${ECS_CREDENTIALS_IPV4}`;
/** fromHttp's requests before it gives up (credential-provider-http: maxRetries 3, then one more try). */
const HTTP_ATTEMPTS = 4;
const FETCH_HOSTS = new Set([
  ECS_CREDENTIALS_IPV4,
  POD_IDENTITY_AGENT_IPV4,
  `[${POD_IDENTITY_AGENT_IPV6}]`,
  'localhost',
  '[::1]',
]);

function containerUris(p: Probe): { relative?: string; full?: string } {
  const relative = p.env(AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) || undefined;
  const full = p.env(AWS_CONTAINER_CREDENTIALS_FULL_URI) || undefined;
  return { ...(relative ? { relative } : {}), ...(full ? { full } : {}) };
}

/** fromHttp's `checkUrl`: https, a loopback address, or the ECS / EKS container hosts. */
function urlAccepted(url: URL): boolean {
  if (url.protocol === 'https:' || FETCH_HOSTS.has(url.hostname)) return true;
  const parts = url.hostname.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((n) => /^\d{1,3}$/.test(n) && Number(n) <= 255);
}

/** The credential JSON of a container endpoint, or why it is not usable. */
function readCredentials(p: Probe, answer: FetchOutcome, where: string, formatError: string): ProviderStep {
  if (!answer.ok) return p.next(`${where}: ${answer.error.code}: ${answer.error.message}`);
  if (answer.status !== 200) return p.next(`${where}: Server responded with status: ${answer.status}`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    return p.stop('SyntaxError', `${where}: the response is not JSON`);
  }
  const { AccessKeyId, SecretAccessKey, Token, Expiration } = json;
  if ([AccessKeyId, SecretAccessKey, Token, Expiration].some((v) => typeof v !== 'string')) {
    return p.next(`${where}: ${formatError}`);
  }
  const expirationMs = parseTimestampMs(Expiration as string);
  return p.resolved(`${where}: 200, ${AccessKeyId as string} (expires ${Expiration as string})`, {
    accessKeyId: AccessKeyId as string,
    secretAccessKey: SecretAccessKey as string,
    sessionToken: Token as string,
    ...(expirationMs === undefined ? {} : { expirationMs }),
  });
}

/** fromHttp: GET the container credentials URL with the Authorization token (the token file re-read each time). */
export const fromHttp: ProviderLink = {
  name: 'fromHttp',
  async run(p) {
    const { relative, full } = containerUris(p);
    if (!relative && !full) return p.skip('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI not set');
    let url: URL;
    try {
      url = new URL(relative ? `${ECS_HOST}${relative}` : (full as string));
    } catch {
      return p.stop('ERR_INVALID_URL', `Invalid URL: ${relative ?? full}`);
    }
    if (!urlAccepted(url)) {
      return p.next(`${url.href}: URL not accepted. It must either be HTTPS or a loopback / ECS / EKS container host`);
    }
    const tokenFile = p.env(AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE);
    const token = tokenFile ? p.file(tokenFile) : p.env(AWS_CONTAINER_AUTHORIZATION_TOKEN);
    if (tokenFile && token === undefined) {
      return p.stop('ENOENT', `ENOENT: no such file or directory, open '${tokenFile}'`);
    }
    if (token?.includes('\r\n')) return p.next('Authorization token contains invalid \\r\\n sequence.');
    const headers: Record<string, string> = token ? { Authorization: token } : {};
    const where = `GET ${url.href}${token ? ` with Authorization from ${tokenFile ? tokenFile : 'AWS_CONTAINER_AUTHORIZATION_TOKEN'}` : ''}`;
    // retryWrapper(fn, maxRetries 3, 1000 ms): three retries and a last try, four requests in all.
    // Simplification: the simulated clock does not move for the seconds the SDK sleeps in between.
    let step: ProviderStep | undefined;
    for (let attempt = 0; attempt < HTTP_ATTEMPTS && !step?.credentials; attempt++) {
      const answer = await p.fetch(new Request(url, { headers }));
      step = readCredentials(p, answer, where, 'HTTP credential provider response not of the required format');
    }
    return step as ProviderStep;
  },
};

/** fromContainerMetadata: the older ECS provider, tried after fromHttp fails. */
export const fromContainerMetadata: ProviderLink = {
  name: 'fromContainerMetadata',
  async run(p) {
    const { relative, full } = containerUris(p);
    if (!relative && !full) return p.skip('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI not set');
    let url: URL;
    if (relative) {
      url = new URL(`${ECS_HOST}${relative}`);
    } else {
      try {
        url = new URL(full as string);
      } catch {
        return p.stop('CredentialsProviderError', `${full} is not a valid container metadata service URL`);
      }
      if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
        return p.stop('CredentialsProviderError', `${url.hostname} is not a valid container metadata service hostname`);
      }
    }
    const token = p.env(AWS_CONTAINER_AUTHORIZATION_TOKEN);
    const answer = await p.fetch(new Request(url, { headers: token ? { Authorization: token } : {} }));
    return readCredentials(p, answer, `GET ${url.href}`, 'Invalid response received from instance metadata service.');
  },
};

/** fromInstanceMetadata: the node role through IMDS, when no container provider is configured. */
export function fromInstanceMetadata(extendedPath: boolean): ProviderLink {
  return {
    name: 'fromInstanceMetadata',
    async run(p) {
      const { relative, full } = containerUris(p);
      if (relative || full) return p.skip('remoteProvider chose the container providers instead');
      const disabled = p.env(AWS_EC2_METADATA_DISABLED);
      if (disabled && disabled !== 'false') return p.next('EC2 Instance Metadata Service access disabled');
      return fetchInstanceMetadata(p, extendedPath);
    },
  };
}
