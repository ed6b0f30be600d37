/**
 * s3Handlers: the small S3 on the (simulated or real) network, as msw
 * handlers. They answer every S3 host name of the S3's region and the
 * global `s3.amazonaws.com`, in path style and virtual-hosted style, plus
 * any extra origin given (path style only, e.g. a loopback endpoint for
 * `serve()`). On the simulated network, register them for each S3
 * endpoint and its `*.` wildcard (the network serves every subdomain of a
 * `*.` host), which covers every bucket's virtual host, present or future.
 */
import { http } from '@irsa-lab/net';
import type { RequestHandler } from 'msw';
import type { S3 } from './types.js';

/** Where the handlers answer besides the AWS host names. */
export interface S3HandlerOptions {
  /** Extra origins answering path-style requests (`http://127.0.0.1:4566`). */
  readonly origins?: readonly string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * msw handlers answering S3 requests with `s3.handle`.
 * @example
 * const routes = s3Handlers(s3);
 * for (const host of ['s3.us-west-2.amazonaws.com', 's3.amazonaws.com']) {
 *   network.addHost(host, routes);
 *   network.addHost(`*.${host}`, routes);
 * }
 */
export function s3Handlers(s3: S3, options: S3HandlerOptions = {}): RequestHandler[] {
  const region = escapeRegExp(s3.region);
  const aws = new RegExp(`^https?://(?:[a-z0-9.-]+\\.)?s3(?:\\.${region})?\\.amazonaws\\.com/`);
  const respond = async ({ request }: { request: Request }) => (await s3.handle(request)).response;
  const origins = (options.origins ?? []).map((origin) => origin.replace(/\/$/, ''));
  return [http.all(aws, respond), ...origins.map((origin) => http.all(`${origin}/*`, respond))];
}
