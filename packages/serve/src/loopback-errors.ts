/**
 * The answers a loopback listener gives itself (a body over its limit, a
 * path nothing handles, a malformed request target), each in its service's
 * own error shape: STS's `<ErrorResponse>`, S3's `<Error>`, a Kubernetes
 * `Status`, IMDS's plain text, the control API's JSON.
 */
import { failureStatus } from '@irsa-lab/apiserver';
import type { IdMaker } from '@irsa-lab/core';
import { errorResponseXml, type StsError } from '@irsa-lab/iam';
import type { RouteErrors } from '@irsa-lab/net';

function stsError(code: string, status: number, message: string): StsError {
  return { code, status, message, type: 'Sender' };
}

/** STS: the Query protocol's `<ErrorResponse>` with a RequestId. */
export function stsRouteErrors(ids: () => IdMaker): RouteErrors {
  const respond = (error: StsError): Response => {
    const requestId = ids().uuid();
    return new Response(errorResponseXml(error, requestId), {
      status: error.status,
      headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId },
    });
  };
  return {
    tooLarge: (limit) =>
      respond(stsError('RequestEntityTooLarge', 413, `Request body is larger than the limit of ${limit} bytes.`)),
    notFound: (method, path) =>
      respond(stsError('InvalidAction', 404, `No operation is served at ${method} ${path}; STS answers at POST /.`)),
    badRequest: (reason) => respond(stsError('MalformedQueryString', 400, reason)),
    internal: (message) => respond(stsError('InternalFailure', 500, message)),
  };
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** S3: `<Error><Code/><Message/>...<RequestId/><HostId/></Error>`. */
export function s3RouteErrors(ids: () => IdMaker): RouteErrors {
  const respond = (status: number, code: string, message: string, extra: Record<string, string> = {}): Response => {
    const requestId = ids().hex(16).toUpperCase();
    const fields = { Code: code, Message: message, ...extra, RequestId: requestId, HostId: ids().hex(32) };
    const body = Object.entries(fields)
      .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
      .join('');
    return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n<Error>${body}</Error>`, {
      status,
      headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
    });
  };
  return {
    // S3 answers an oversized upload with 400 EntityTooLarge, not 413
    tooLarge: (limit) =>
      respond(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
        MaxSizeAllowed: String(limit),
      }),
    notFound: (method, path) =>
      respond(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', {
        Method: method,
        ResourceType: path === '/' ? 'SERVICE' : 'OBJECT',
      }),
    badRequest: (reason) => respond(400, 'InvalidRequest', reason),
    internal: (message) =>
      respond(500, 'InternalError', `We encountered an internal error. Please try again. (${message})`),
  };
}

function status(code: number, reason: string, message: string): Response {
  return Response.json(failureStatus(code, reason, message), { status: code });
}

const TOKEN_PATH = /^\/api\/v1\/namespaces\/[^/]+\/serviceaccounts\/[^/]+\/token$/;
const READ_PATH = /^\/api\/v1\/namespaces\/[^/]+\/(serviceaccounts|pods)\/[^/]+$/;

/** The apiserver: a `Status` object, as every Kubernetes error is. */
export const kubernetesRouteErrors: RouteErrors = Object.freeze({
  tooLarge: (limit: number) => status(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`),
  notFound: (method: string, path: string) =>
    TOKEN_PATH.test(path) || READ_PATH.test(path)
      ? status(
          405,
          'MethodNotAllowed',
          `the server does not allow this method on the requested resource (${method} ${path})`,
        )
      : status(404, 'NotFound', 'the server could not find the requested resource'),
  badRequest: (reason: string) => status(400, 'BadRequest', reason),
  internal: (message: string) => status(500, 'InternalError', `Internal error occurred: ${message}`),
});

function text(code: number, body: string): Response {
  return new Response(body, { status: code, headers: { 'content-type': 'text/plain' } });
}

/** IMDS and the issuer: plain text with the status line, as IMDS writes its errors. */
export const textRouteErrors: RouteErrors = Object.freeze({
  tooLarge: () => text(413, '413 - Request Entity Too Large'),
  notFound: () => text(404, '404 - Not Found'),
  badRequest: () => text(400, '400 - Bad Request'),
  internal: () => text(500, '500 - Internal Server Error'),
});

/** The control API's error body. */
export function controlError(
  code: number,
  error: string,
  message: string,
  detail: Record<string, unknown> = {},
): Response {
  return Response.json({ error: { code: error, message, ...detail } }, { status: code });
}

/** The control API: JSON `{"error": {"code", "message"}}`. */
export const controlRouteErrors: RouteErrors = Object.freeze({
  tooLarge: (limit: number) =>
    controlError(413, 'RequestTooLarge', `the request body is over the limit of ${limit} bytes`),
  notFound: (method: string, path: string) =>
    controlError(404, 'NotFound', `no control endpoint at ${method} ${path} (see docs/serve.md)`),
  badRequest: (reason: string) => controlError(400, 'BadRequest', reason),
  internal: (message: string) => controlError(500, 'InternalError', message),
});
