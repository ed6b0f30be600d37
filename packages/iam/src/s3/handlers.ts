/**
 * s3Handlers: the small S3 on the (simulated or real) network, as msw
 * handlers. They answer every S3 host name of the S3's region and the
 * global `s3.amazonaws.com`, in path style and virtual-hosted style, plus
 * any extra origin given (path style only, e.g. a loopback endpoint for
 * `serve()`). The simulated network routes by exact host name, so
 * `s3HostNames` lists the names to register (one per bucket for
 * virtual-hosted style).
 */
import { S3_GLOBAL_HOST, s3RegionalHost } from '@irsa-lab/core';
import { http, type RequestHandler } from 'msw';
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
 * @example for (const host of s3HostNames(s3)) network.addHost(host, s3Handlers(s3));
 */
export function s3Handlers(s3: S3, options: S3HandlerOptions = {}): RequestHandler[] {
  const region = escapeRegExp(s3.region);
  const aws = new RegExp(`^https?://(?:[a-z0-9.-]+\\.)?s3(?:\\.${region})?\\.amazonaws\\.com/`);
  const respond = async ({ request }: { request: Request }) => (await s3.handle(request)).response;
  const origins = (options.origins ?? []).map((origin) => origin.replace(/\/$/, ''));
  return [http.all(aws, respond), ...origins.map((origin) => http.all(`${origin}/*`, respond))];
}

/** The host names S3 answers on: the regional and global endpoints, and each bucket's virtual host. */
export function s3HostNames(s3: S3): string[] {
  const endpoints = [s3RegionalHost(s3.region), S3_GLOBAL_HOST];
  return [...endpoints, ...s3.listBuckets().flatMap((b) => endpoints.map((endpoint) => `${b.name}.${endpoint}`))];
}
