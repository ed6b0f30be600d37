/**
 * The HTTP face of IMDS: msw handlers answering as the EC2 user guide says
 * (docs/reference.md#imds-requests-and-answers: token PUT, v1/v2 GET rules,
 * the real status codes, text/plain bodies),
 * logging every request with the decision behind its answer.
 */

import { IMDS_ENDPOINT, IMDS_TOKEN_HEADER, IMDS_TOKEN_PATH, IMDS_TOKEN_TTL_HEADER, isoSeconds } from '@irsa-lab/core';
import { type Caller, callerOf, http, RESPONSE_TTL_HEADER } from '@irsa-lab/net';
import { type HttpHandler, HttpResponse } from 'msw';
import { type Imds, MAX_TOKEN_TTL_SECONDS, MIN_TOKEN_TTL_SECONDS } from './imds.js';
import { resolveMetadata } from './metadata-tree.js';

export interface ImdsHandlerOptions {
  /** Defaults to IMDS_ENDPOINT, `http://169.254.169.254` (the IPv6 address is off by default and not simulated). */
  readonly baseUrl?: string;
}

interface Outcome {
  readonly status: 200 | 400 | 401 | 403 | 404 | 405;
  readonly decision: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const STATUS_TEXT: Readonly<Record<Outcome['status'], string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
};

/**
 * msw handlers serving `imds` at `baseUrl`: one catch-all, so every path and
 * method gets IMDS's own answer (and a log entry) rather than falling through.
 * @example getResponse(imdsHandlers(imds), withCaller(new Request('http://169.254.169.254/latest/meta-data/'), caller))
 */
export function imdsHandlers(imds: Imds, options: ImdsHandlerOptions = {}): HttpHandler[] {
  const baseUrl = (options.baseUrl ?? IMDS_ENDPOINT).replace(/\/+$/, '');
  return [http.all(`${baseUrl}/*`, ({ request }) => answer(imds, request))];
}

function answer(imds: Imds, request: Request): HttpResponse<string> {
  const caller = callerOf(request);
  const method = request.method.toUpperCase();
  const path = new URL(request.url).pathname;
  const token = request.headers.get(IMDS_TOKEN_HEADER);
  const version = (method === 'PUT' && path.endsWith('/api/token')) || token !== null ? 'v2' : 'v1';
  const outcome = decide(imds, request, caller, token);
  imds.recordRequest({
    callerId: caller.id,
    callerKind: caller.kind,
    hops: caller.hops,
    method,
    path,
    version,
    status: outcome.status,
    decision: outcome.decision,
  });
  const body = method === 'HEAD' ? null : (outcome.body ?? `${outcome.status} - ${STATUS_TEXT[outcome.status]}`);
  return new HttpResponse(body, {
    status: outcome.status,
    statusText: STATUS_TEXT[outcome.status],
    headers: { 'Content-Type': 'text/plain', Server: 'EC2ws', ...outcome.headers },
  });
}

/** The answer to one request, checked in the order IMDS checks: endpoint, token path, method, token, path. */
function decide(imds: Imds, request: Request, caller: Caller, token: string | null): Outcome {
  const options = imds.metadataOptions();
  const method = request.method.toUpperCase();
  const path = new URL(request.url).pathname;
  if (options.httpEndpoint === 'disabled') {
    return { status: 403, decision: 'IMDS is turned off on this instance (http-endpoint disabled)' };
  }
  if (path === IMDS_TOKEN_PATH) {
    if (method === 'PUT') return putToken(imds, request, caller);
    return {
      status: 405,
      decision: `${method} on ${IMDS_TOKEN_PATH}: only PUT hands out tokens`,
      headers: { Allow: 'PUT' },
    };
  }
  if (method === 'PUT' && /^\/[^/]+\/api\/token$/.test(path)) {
    return { status: 403, decision: `token PUT to a versioned path refused: only ${IMDS_TOKEN_PATH} hands out tokens` };
  }
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, decision: `${method} is not allowed on metadata paths`, headers: { Allow: 'GET, HEAD' } };
  }
  let label: string;
  if (token !== null) {
    const check = imds.checkToken(token);
    if (check === 'expired') return { status: 401, decision: `IMDSv2 ${method} refused: the token has expired` };
    if (check === 'unknown') {
      return {
        status: 401,
        decision: `IMDSv2 ${method} refused: the token was not issued by this instance (forged, or from another instance)`,
      };
    }
    label = `IMDSv2 ${method}`;
  } else if (options.httpTokens === 'required') {
    return { status: 401, decision: `IMDSv1 ${method} refused: http-tokens is required` };
  } else {
    label = `IMDSv1 ${method} (http-tokens optional)`;
  }
  const found = resolveMetadata(imds, path);
  if (found.status === 404) return { status: 404, decision: `${label}: ${found.decision}` };
  return { status: 200, body: found.body, decision: `${label}: ${found.decision}` };
}

/** `PUT /latest/api/token`: proxied requests refused, TTL checked, token issued with the hop limit as its IP TTL. */
function putToken(imds: Imds, request: Request, caller: Caller): Outcome {
  if (request.headers.has('x-forwarded-for')) {
    return {
      status: 403,
      decision: 'token PUT refused: it carries X-Forwarded-For, so it came through a proxy (status unconfirmed)',
    };
  }
  const raw = request.headers.get(IMDS_TOKEN_TTL_HEADER);
  if (raw === null) {
    return { status: 400, decision: 'token PUT refused: no X-aws-ec2-metadata-token-ttl-seconds header' };
  }
  const ttlSeconds = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(ttlSeconds >= MIN_TOKEN_TTL_SECONDS && ttlSeconds <= MAX_TOKEN_TTL_SECONDS)) {
    return {
      status: 400,
      decision: `token PUT refused: X-aws-ec2-metadata-token-ttl-seconds ${JSON.stringify(raw.slice(0, 32))} is not ${MIN_TOKEN_TTL_SECONDS}–${MAX_TOKEN_TTL_SECONDS}`,
    };
  }
  const issued = imds.issueToken(ttlSeconds);
  const hopLimit = imds.metadataOptions().httpPutResponseHopLimit;
  const fate =
    caller.hops > hopLimit
      ? `, but the caller is ${caller.hops} hops away, so the network drops it (http-put-response-hop-limit ${hopLimit})`
      : '';
  return {
    status: 200,
    body: issued.token,
    decision: `IMDSv2 token issued for ${ttlSeconds} s (expires ${isoSeconds(issued.expiresAtMs)}) with IP TTL ${hopLimit}${fate}`,
    headers: { [IMDS_TOKEN_TTL_HEADER]: String(ttlSeconds), [RESPONSE_TTL_HEADER]: String(hopLimit) },
  };
}
