/**
 * The two conversions at a loopback socket: a real HTTP request (as the
 * socket thread read it, socket-thread.ts) into a fetch `Request` the
 * simulated network can deliver, and the network's `Response` into what the
 * socket thread writes. Hop-by-hop headers and the network's internal
 * `x-irsa-lab-*` headers never cross in either direction.
 */
import type { SocketAnswer, SocketRequest } from './socket-thread.js';

/** Headers that belong to one connection, not to the request (RFC 9110 §7.6.1), plus ones the sockets own. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'host',
]);
const INTERNAL_PREFIX = 'x-irsa-lab-';

function crosses(name: string): boolean {
  const lower = name.toLowerCase();
  return !HOP_BY_HOP.has(lower) && !lower.startsWith(INTERNAL_PREFIX);
}

/** The headers of `req` that cross into the simulation. */
export function forwardedHeaders(req: SocketRequest): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (crosses(name)) headers.append(name, raw[i + 1] as string);
  }
  return headers;
}

/** A fetch Request for `url` carrying `req`'s method, headers and body. */
export function toRequest(req: SocketRequest, url: string): Request {
  const { method, body } = req;
  const hasBody = method !== 'GET' && method !== 'HEAD' && body !== undefined && body.length > 0;
  return new Request(url, {
    method,
    headers: forwardedHeaders(req),
    ...(hasBody ? { body: new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length) } : {}),
  });
}

/**
 * What the socket thread writes for `response` to request `id`: status, the headers that cross, the whole
 * body with its length; `close` ends the connection after it (a body left unread).
 */
export async function toAnswer(id: number, response: Response, method: string, close = false): Promise<SocketAnswer> {
  const body = method === 'HEAD' || response.body === null ? undefined : new Uint8Array(await response.arrayBuffer());
  const headers: string[] = [];
  response.headers.forEach((value, name) => {
    if (crosses(name) && name !== 'content-length') headers.push(name, value);
  });
  if (body !== undefined) headers.push('content-length', String(body.length));
  else if (method === 'HEAD') {
    const length = response.headers.get('content-length');
    if (length !== null) headers.push('content-length', length);
  } else headers.push('content-length', '0');
  if (close) headers.push('connection', 'close');
  return {
    type: 'respond',
    id,
    status: response.status,
    ...(response.statusText ? { statusText: response.statusText } : {}),
    headers,
    ...(body ? { body } : {}),
  };
}
