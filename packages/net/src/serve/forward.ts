/**
 * The two conversions at a loopback socket: a real HTTP request (node:http)
 * into a fetch `Request` the simulated network can deliver, and the
 * network's `Response` back onto the socket. The body is read up to a limit
 * and no further; hop-by-hop headers and the network's internal
 * `x-irsa-lab-*` headers never cross in either direction.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

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

/** The body, or `undefined` once it passes `limitBytes` (the rest is not read). */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > limitBytes) {
        req.off('data', onData);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total)));
    req.once('error', reject);
  });
}

/** The headers of `req` that cross into the simulation. */
export function forwardedHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (crosses(name)) headers.append(name, raw[i + 1] as string);
  }
  return headers;
}

/** A fetch Request for `url` carrying `req`'s method, headers and (already read) body. */
export function toRequest(req: IncomingMessage, url: string, body: Buffer | undefined): Request {
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && body !== undefined && body.length > 0;
  return new Request(url, {
    method,
    headers: forwardedHeaders(req),
    ...(hasBody ? { body: new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length) } : {}),
  });
}

/**
 * Write `response` to the socket: status, the headers that cross, the whole
 * body with its length; `close` ends the connection after it (a body left unread).
 */
export async function writeResponse(
  res: ServerResponse,
  response: Response,
  method: string,
  close = false,
): Promise<void> {
  const body = method === 'HEAD' || response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
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
  res.writeHead(response.status, response.statusText || undefined, headers);
  res.end(body);
}
