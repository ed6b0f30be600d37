/**
 * What one loopback listener of `serve()` is: the caller its requests carry
 * into the simulated network, where they go there, the body limit read from
 * the socket, and how its service spells the errors the listener itself
 * must answer (a body over the limit, a path nothing handles).
 */
import type { Caller } from '../caller.js';

/** Answers a listener gives itself, in its service's own error shape. */
export interface RouteErrors {
  /** 413: the request body passed `limitBytes`. */
  tooLarge(limitBytes: number): Response;
  /** 404 (or 405): no handler in the simulation answers this method and path. */
  notFound(method: string, path: string): Response;
  /** 400: the request target is not an origin-form path. */
  badRequest(reason: string): Response;
  /** 500: the simulation failed unexpectedly (the message only, never a stack). */
  internal(message: string): Response;
}

/** One listener on 127.0.0.1. */
export interface ServeRoute {
  /** A unique name: `sts`, `imds:payments/billing-api`. */
  readonly name: string;
  /** A fixed port, or 0 / absent for a free one. */
  readonly port?: number;
  /** Who the requests come from inside the simulation (default OUTSIDE: a learner's laptop). */
  readonly caller?: Caller;
  /**
   * Where requests go in the simulated network: absent, the listener's own
   * origin (`http://127.0.0.1:<port>`, where the service's handlers are
   * mounted, so SigV4 sees the Host the client signed); or an origin such as
   * `http://169.254.169.254` (path and query kept).
   */
  readonly target?: string;
  /** Largest request body read from the socket. Default 64 KiB. */
  readonly maxBodyBytes?: number;
  /** Default: plain-text answers. */
  readonly errors?: RouteErrors;
}

/** Default body limit of a listener. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** Plain-text errors, for listeners whose service has no error body of its own. */
export const plainErrors: RouteErrors = Object.freeze({
  tooLarge: (limitBytes: number) => text(413, `request body too large: the limit is ${limitBytes} bytes\n`),
  notFound: (method: string, path: string) => text(404, `no handler for ${method} ${path}\n`),
  badRequest: (reason: string) => text(400, `bad request: ${reason}\n`),
  internal: (message: string) => text(500, `internal error: ${message}\n`),
});
