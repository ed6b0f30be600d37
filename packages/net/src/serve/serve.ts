/**
 * serve(): the simulated network on real sockets. Each route is one HTTP
 * listener on 127.0.0.1; every request it accepts is turned into a fetch
 * `Request` and delivered with `network.fetch(request, caller)`, the same
 * call (and so the same msw handlers, DNS, node rules and hop counting) the
 * in-process simulation uses. Network failures look as they would on a real
 * wire: a dropped packet is never answered (the client's own timeout
 * fires), a refused or unroutable connection is reset.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isSimError, SimError } from '@irsa-lab/core';
import { type Caller, OUTSIDE } from '../caller.js';
import { readBody, toRequest, writeResponse } from './forward.js';
import { DEFAULT_MAX_BODY_BYTES, plainErrors, type ServeRoute } from './route.js';

/** What serve() delivers requests to: a SimNetwork, or anything with its `fetch`. */
export interface NetworkFetch {
  fetch(request: Request, caller: Caller): Promise<Response>;
}

export interface ServeOptions {
  readonly routes: readonly ServeRoute[];
  /** Requests left unanswered (dropped packets) kept open at most, across listeners; more are reset. Default 256. */
  readonly maxHeldRequests?: number;
}

/** The running listeners. */
export interface LoopbackServer {
  /** Every listener's base URL (`http://127.0.0.1:<port>`), by route name. */
  urls(): Readonly<Record<string, string>>;
  /** One listener's base URL; TypeError if there is no such route. */
  url(name: string): string;
  /** Open one more listener (a pod created after start). Resolves with its URL. */
  addRoute(route: ServeRoute): Promise<string>;
  /** Close one listener and its connections. */
  removeRoute(name: string): Promise<void>;
  /** Close every listener and connection, held ones included. */
  close(): Promise<void>;
}

interface Listener {
  readonly route: ServeRoute;
  readonly server: Server;
  readonly origin: string;
}

const RESET_CODES = new Set(['NET_CONNECTION_REFUSED', 'NET_UNREACHABLE', 'NET_NXDOMAIN']);

function listen(server: Server, route: ServeRoute): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const why = err.code === 'EADDRINUSE' ? 'is already in use' : `cannot be opened (${err.code ?? err.message})`;
      reject(new SimError('INPUT_INVALID', `port ${route.port} for ${route.name} ${why}`, { field: 'port' }));
    };
    server.once('error', onError);
    server.listen(route.port ?? 0, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

function checkRoute(route: ServeRoute, taken: ReadonlyMap<string, Listener>): void {
  if (typeof route?.name !== 'string' || route.name === '') throw new TypeError('serve: every route needs a name');
  if (taken.has(route.name)) throw new TypeError(`serve: route ${route.name} is already listening`);
  const port = route.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`serve: port of ${route.name} must be 0-65535, got ${route.port}`);
  }
  if (route.target !== undefined && !/^https?:\/\/[^/]+$/.test(route.target)) {
    throw new TypeError(`serve: target of ${route.name} must be an origin without a path, got ${route.target}`);
  }
}

/** Where a request goes after its body is read: the network's answer, or what the socket should do instead. */
type Delivery = { readonly response: Response } | { readonly socket: 'hold' | 'reset' };

async function deliver(
  network: NetworkFetch,
  listener: Listener,
  req: IncomingMessage,
  body: Buffer,
): Promise<Delivery> {
  const { route, origin } = listener;
  const errors = route.errors ?? plainErrors;
  const target = req.url ?? '/';
  try {
    const request = toRequest(req, `${route.target ?? origin}${target}`, body);
    return { response: await network.fetch(request, route.caller ?? OUTSIDE) };
  } catch (err) {
    if (!isSimError(err)) return { response: errors.internal('the request could not be served') };
    if (err.code === 'NET_TIMEOUT') return { socket: 'hold' };
    if (RESET_CODES.has(err.code)) return { socket: 'reset' };
    if (err.code === 'NET_UNHANDLED')
      return { response: errors.notFound(req.method ?? 'GET', target.split('?')[0] ?? '') };
    return { response: errors.internal(`${err.code}: ${err.message}`) };
  }
}

/** The listeners of one serve() call. */
class Listeners implements LoopbackServer {
  readonly #listeners = new Map<string, Listener>();
  readonly #held = new Set<Socket>();

  constructor(
    private readonly network: NetworkFetch,
    private readonly maxHeld: number,
  ) {}

  urls(): Readonly<Record<string, string>> {
    return Object.fromEntries([...this.#listeners].map(([name, l]) => [name, l.origin]));
  }

  url(name: string): string {
    const listener = this.#listeners.get(name);
    if (!listener) throw new TypeError(`serve: no route named ${name}`);
    return listener.origin;
  }

  async addRoute(route: ServeRoute): Promise<string> {
    checkRoute(route, this.#listeners);
    const server = createServer({ keepAlive: true });
    const port = await listen(server, route);
    const listener: Listener = { route, server, origin: `http://127.0.0.1:${port}` };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.#handle(listener, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    });
    this.#listeners.set(route.name, listener);
    return listener.origin;
  }

  async removeRoute(name: string): Promise<void> {
    const listener = this.#listeners.get(name);
    if (listener) await this.#shut(listener);
  }

  async close(): Promise<void> {
    for (const socket of this.#held) socket.destroy();
    this.#held.clear();
    await Promise.all([...this.#listeners.values()].map((l) => this.#shut(l)));
  }

  async #handle(listener: Listener, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { route } = listener;
    const errors = route.errors ?? plainErrors;
    const method = req.method ?? 'GET';
    const target = req.url ?? '';
    if (!target.startsWith('/')) {
      await writeResponse(res, errors.badRequest(`request target must be a path, got ${target.slice(0, 80)}`), method);
      return;
    }
    const limit = route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const body = await readBody(req, limit);
    if (body === undefined) {
      // the rest of the body is never read: answer, then close the connection
      await writeResponse(res, errors.tooLarge(limit), method, true);
      return;
    }
    const delivery = await deliver(this.network, listener, req, body);
    if ('response' in delivery) await writeResponse(res, delivery.response, method);
    else if (delivery.socket === 'reset') req.socket.resetAndDestroy();
    else this.#hold(req.socket);
  }

  #hold(socket: Socket): void {
    if (this.#held.size >= this.maxHeld) {
      socket.resetAndDestroy();
      return;
    }
    this.#held.add(socket);
    socket.once('close', () => this.#held.delete(socket));
  }

  async #shut(listener: Listener): Promise<void> {
    this.#listeners.delete(listener.route.name);
    await new Promise<void>((resolve) => {
      listener.server.close(() => resolve());
      listener.server.closeAllConnections();
    });
  }
}

/**
 * Open one 127.0.0.1 listener per route and deliver what arrives through `network`.
 * @example
 * const server = await serve(world.net, { routes: [{ name: 'sts', errors: stsShapedErrors }] });
 * world.net.addHost('127.0.0.1', stsHandlers(world.sts, { hosts: [server.url('sts')] }));
 */
export async function serve(network: NetworkFetch, options: ServeOptions): Promise<LoopbackServer> {
  const server = new Listeners(network, options.maxHeldRequests ?? 256);
  try {
    for (const route of options.routes) await server.addRoute(route);
  } catch (err) {
    await server.close();
    throw err;
  }
  return server;
}
