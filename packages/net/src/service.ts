/**
 * A service as one function: the msw handlers that send every request to
 * `origin` (any method, any path) to `answer`. For services written outside
 * this package, so that they need no handler library of their own.
 */
import type { RequestHandler } from 'msw';
import { http } from './http.js';

/** Handlers answering every request under `origin` (`http://10.0.1.10:8181`) with `answer`. */
export function serviceHandlers(origin: string, answer: (request: Request) => Promise<Response>): RequestHandler[] {
  if (!/^https?:\/\/[^/]+$/.test(origin)) throw new TypeError(`origin must be scheme://host[:port], got ${origin}`);
  return [http.all(`${origin}/*`, ({ request }) => answer(request))];
}
