/**
 * stsHandlers: STS on the (simulated or real) network, speaking the Query
 * protocol exactly as the AWS SDKs, the CLI and boto3 expect: a form body
 * (`Action`, `Version=2011-06-15`, parameters) on POST / (GET with a query
 * string works too, as in AWS), answered with text/xml and an
 * `x-amzn-RequestId` header; errors in the `<ErrorResponse>` envelope with
 * their HTTP status. Bodies over 64 KiB get 413.
 */
import { STS_GLOBAL_HOST, stsRegionalHost } from '@irsa-lab/core';
import { http, readTextLimited } from '@irsa-lab/net';
import type { RequestHandler } from 'msw';
import { stsErrors } from './messages.js';
import { assumeRoleWithWebIdentityXml, assumeRoleXml, errorResponseXml, getCallerIdentityXml } from './query-xml.js';
import { formParam, policyArnsParam, requestMeta } from './run.js';
import type { AssumeRoleWithWebIdentityParams, Sts, StsError } from './types.js';

/** The only API version STS speaks. */
export const STS_API_VERSION = '2011-06-15';
/** Largest request body accepted. */
export const MAX_STS_BODY_BYTES = 64 * 1024;
/** The global endpoint and every regional one. */
export const DEFAULT_STS_HOSTS: readonly string[] = [STS_GLOBAL_HOST, stsRegionalHost(':region')];

/** Where the handlers answer, and the body limit. */
export interface StsHandlerOptions {
  /** Host names (https) or origins (`http://127.0.0.1:4566`) to answer on. */
  readonly hosts?: readonly string[];
  readonly maxBodyBytes?: number;
}

function xml(body: string, status: number, requestId: string): Response {
  // a plain Response: msw's HttpResponse.text normalizes the headers twice and decorates the response for
  // Set-Cookie, which STS never sends; the length is given, so nothing measures the body
  return new Response(body, {
    status,
    headers: [
      ['content-type', 'text/xml'],
      ['content-length', String(Buffer.byteLength(body))],
      ['x-amzn-RequestId', requestId],
    ],
  });
}

function errorResponse(error: StsError, requestId: string): Response {
  return xml(errorResponseXml(error, requestId), error.status, requestId);
}

function webIdentityParams(form: URLSearchParams): AssumeRoleWithWebIdentityParams {
  const pick = (name: string) => formParam(form, name);
  const arns = policyArnsParam(form);
  const optional = { DurationSeconds: pick('DurationSeconds'), Policy: pick('Policy'), ProviderId: pick('ProviderId') };
  return {
    RoleArn: pick('RoleArn'),
    RoleSessionName: pick('RoleSessionName'),
    WebIdentityToken: pick('WebIdentityToken'),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(arns ? { PolicyArns: arns } : {}),
  };
}

async function handle(sts: Sts, request: Request, maxBodyBytes: number): Promise<Response> {
  const method = request.method.toUpperCase();
  if (method !== 'POST' && method !== 'GET')
    return errorResponse(stsErrors.methodNotAllowed(method), sts.nextRequestId());
  const body = method === 'POST' ? await readTextLimited(request, maxBodyBytes) : '';
  if (body === undefined) return errorResponse(stsErrors.requestTooLarge(maxBodyBytes), sts.nextRequestId());
  const form = method === 'POST' ? new URLSearchParams(body) : new URL(request.url).searchParams;
  const action = form.get('Action');
  const version = form.get('Version') ?? undefined;
  if (!action) return errorResponse(stsErrors.missingAction(), sts.nextRequestId());
  if (version !== STS_API_VERSION) return errorResponse(stsErrors.invalidAction(action, version), sts.nextRequestId());
  if (action === 'AssumeRoleWithWebIdentity') {
    const out = await sts.assumeRoleWithWebIdentity(webIdentityParams(form), requestMeta(request));
    return out.ok
      ? xml(assumeRoleWithWebIdentityXml(out.result, out.requestId), 200, out.requestId)
      : errorResponse(out.error, out.requestId);
  }
  if (action === 'AssumeRole') {
    const out = await sts.assumeRole(request, body);
    return out.ok
      ? xml(assumeRoleXml(out.result, out.requestId), 200, out.requestId)
      : errorResponse(out.error, out.requestId);
  }
  if (action === 'GetCallerIdentity') {
    const out = await sts.getCallerIdentity(request, body);
    return out.ok
      ? xml(getCallerIdentityXml(out.result, out.requestId), 200, out.requestId)
      : errorResponse(out.error, out.requestId);
  }
  return errorResponse(stsErrors.invalidAction(action, version), sts.nextRequestId());
}

/**
 * msw handlers answering STS on the global and regional endpoints (or the given hosts).
 * @example network.addHost('sts.us-west-2.amazonaws.com', stsHandlers(sts))
 */
export function stsHandlers(sts: Sts, options: StsHandlerOptions = {}): RequestHandler[] {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_STS_BODY_BYTES;
  return (options.hosts ?? DEFAULT_STS_HOSTS).map((host) => {
    const origin = host.includes('://') ? host.replace(/\/$/, '') : `https://${host}`;
    return http.all(`${origin}/`, ({ request }) => handle(sts, request, maxBodyBytes));
  });
}
