/**
 * issuerHandlers: the issuer's two URLs as msw request handlers, matched on
 * the full URL (the simulated network resolves the host, not real DNS).
 * Serve mode can mount the same paths under a loopback base URL.
 */
import { http } from '@irsa-lab/net';
import { HttpResponse, type RequestHandler } from 'msw';
import type { Issuer } from './issuer.js';

/** Cache-Control of the JWKS: 7 days, as EKS has served it (hashicorp/vault#11611). */
export const JWKS_CACHE_CONTROL = 'max-age=604800';
/** Cache-Control of the discovery document: an assumption (1 hour); the real value is not recorded. */
export const DISCOVERY_CACHE_CONTROL = 'max-age=3600';

export interface IssuerHandlerOptions {
  /**
   * Serve `<baseUrl>/id/<clusterId>/...` instead of the EKS URL, e.g.
   * `http://127.0.0.1:4000` in serve mode (pair it with the issuer's `jwksUri`).
   */
  readonly baseUrl?: string;
  /**
   * Answer 404 to every other `/id/...` URL under the same base (default true).
   * With several clusters on one host, keep it on only for the last issuer's
   * handlers, or it would shadow the others.
   */
  readonly notFound?: boolean;
}

/** Origin plus path prefix, without a trailing slash. */
function normalizeBase(baseUrl: string): string {
  if (!URL.canParse(baseUrl)) throw new TypeError(`baseUrl is not a URL: ${baseUrl}`);
  const url = new URL(baseUrl);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new TypeError(`baseUrl must be a plain http(s) URL, got ${baseUrl}`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** A plain-text 404, standing in for the real endpoint's answer to an unknown cluster id (a simplification). */
function notFound(): HttpResponse<string> {
  return new HttpResponse('Not Found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
}

/**
 * msw handlers for `GET <issuer>/.well-known/openid-configuration` and
 * `GET <issuer>/keys`, plus a 404 for any other cluster id on the same host.
 * Each response is built when asked, so it always reflects the current keys.
 * @example
 * const response = await getResponse(issuerHandlers(issuer), new Request(`${issuer.issuerUrl}/keys`));
 */
export function issuerHandlers(issuer: Issuer, options: IssuerHandlerOptions = {}): RequestHandler[] {
  const root = options.baseUrl === undefined ? `https://${issuer.host}` : normalizeBase(options.baseUrl);
  const base = `${root}${issuer.path}`;
  const handlers: RequestHandler[] = [
    http.get(`${base}/.well-known/openid-configuration`, () =>
      HttpResponse.json(issuer.discovery(), { headers: { 'Cache-Control': DISCOVERY_CACHE_CONTROL } }),
    ),
    http.get(`${base}/keys`, () =>
      HttpResponse.json(issuer.jwks(), { headers: { 'Cache-Control': JWKS_CACHE_CONTROL } }),
    ),
  ];
  if (options.notFound ?? true) handlers.push(http.all(`${root}/id/*`, notFound));
  return handlers;
}
