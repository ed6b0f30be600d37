/**
 * serve(): the simulated network on real sockets. Each route is one HTTP
 * listener on 127.0.0.1; every request it accepts is turned into a fetch
 * `Request` and delivered with `network.fetch(request, caller)`, the same
 * call (and so the same msw handlers, DNS, node rules and hop counting) the
 * in-process simulation uses. Network failures look as they would on a real
 * wire: a dropped packet is never answered (the client's own timeout
 * fires), a refused or unroutable connection is reset. The sockets
 * themselves live in a thread of their own (socket-thread.ts); the
 * simulation runs here.
 */
import { Worker } from 'node:worker_threads';
import { isSimError, SimError } from '@irsa-lab/core';
import { type Caller, OUTSIDE } from '../caller.js';
import { toAnswer, toRequest } from './forward.js';
import { DEFAULT_MAX_BODY_BYTES, plainErrors, type ServeRoute } from './route.js';
import {
  type FromSockets,
  SOCKET_THREAD_SOURCE,
  type SocketAnswer,
  type SocketRequest,
  type ToSockets,
} from './socket-thread.js';

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
  readonly origin: string;
}

const RESET_CODES = new Set(['NET_CONNECTION_REFUSED', 'NET_UNREACHABLE', 'NET_NXDOMAIN']);

function listenError(route: ServeRoute, code: string): SimError {
  const why = code === 'EADDRINUSE' ? 'is already in use' : `cannot be opened (${code})`;
  return new SimError('INPUT_INVALID', `port ${route.port} for ${route.name} ${why}`, { field: 'port' });
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

/** What the socket thread should do with a request: write the network's answer, hold it, or reset it. */
async function deliver(network: NetworkFetch, listener: Listener, req: SocketRequest): Promise<SocketAnswer> {
  const { route, origin } = listener;
  const errors = route.errors ?? plainErrors;
  const { id, method, target } = req;
  if (!target.startsWith('/')) {
    // a body over the limit was left unread: the connection closes after the answer
    const reason = `request target must be a path, got ${target.slice(0, 80)}`;
    return toAnswer(id, errors.badRequest(reason), method, req.tooLarge === true);
  }
  const limit = route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // the rest of the body is never read: answer, then close the connection
  if (req.tooLarge) return toAnswer(id, errors.tooLarge(limit), method, true);
  let response: Response;
  try {
    response = await network.fetch(toRequest(req, `${route.target ?? origin}${target}`), route.caller ?? OUTSIDE);
  } catch (err) {
    if (!isSimError(err)) response = errors.internal('the request could not be served');
    else if (err.code === 'NET_TIMEOUT') return { type: 'hold', id };
    else if (RESET_CODES.has(err.code)) return { type: 'reset', id };
    else if (err.code === 'NET_UNHANDLED') response = errors.notFound(method, target.split('?')[0] ?? '');
    else response = errors.internal(`${err.code}: ${err.message}`);
  }
  return toAnswer(id, response, method);
}

/** The listeners of one serve() call: their sockets in a thread of their own (socket-thread.ts), the routes here. */
class Listeners implements LoopbackServer {
  readonly #listeners = new Map<string, Listener>();
  readonly #sockets: Worker;
  /** Routes being opened or closed, and a close in progress, waiting for the socket thread's word. */
  readonly #opening = new Map<string, { route: ServeRoute; resolve(port: number): void; reject(err: unknown): void }>();
  readonly #closing = new Map<string, () => void>();
  #closed: Promise<void> | undefined;
  #endClose: (() => void) | undefined;
  /** Why the socket thread ended, once it has. */
  #gone: unknown;

  constructor(
    private readonly network: NetworkFetch,
    maxHeld: number,
  ) {
    this.#sockets = new Worker(SOCKET_THREAD_SOURCE, { eval: true, execArgv: [], workerData: { maxHeld } });
    this.#sockets.on('message', (message: FromSockets) => this.#onMessage(message));
    this.#sockets.on('error', (err) => this.#ended(err));
    this.#sockets.on('exit', () => this.#ended(new Error('serve: the socket thread ended')));
  }

  #send(message: ToSockets): void {
    const body = 'body' in message ? message.body : undefined;
    this.#sockets.postMessage(message, body ? [body.buffer as ArrayBuffer] : []);
  }

  #onMessage(message: FromSockets): void {
    switch (message.type) {
      case 'request': {
        const listener = this.#listeners.get(message.route);
        if (!listener) {
          this.#send({ type: 'reset', id: message.id });
          return;
        }
        deliver(this.network, listener, message).then(
          (answer) => this.#send(answer),
          () =>
            this.#send({
              type: 'respond',
              id: message.id,
              status: 500,
              headers: ['content-length', '0'],
            }),
        );
        return;
      }
      case 'listening':
      case 'listen-failed': {
        const opening = this.#opening.get(message.route);
        this.#opening.delete(message.route);
        if (!opening) return;
        if (message.type === 'listening') opening.resolve(message.port);
        else opening.reject(listenError(opening.route, message.code));
        return;
      }
      case 'unlistened':
        this.#closing.get(message.route)?.();
        this.#closing.delete(message.route);
        return;
      case 'closed':
        this.#endClose?.();
        return;
    }
  }

  /** The socket thread is gone: nothing it was asked will be answered. */
  #ended(err: unknown): void {
    this.#gone ??= err;
    for (const { reject } of this.#opening.values()) reject(err);
    this.#opening.clear();
    for (const done of this.#closing.values()) done();
    this.#closing.clear();
    this.#endClose?.();
  }

  urls(): Readonly<Record<string, string>> {
    return Object.fromEntries([...this.#listeners].map(([name, l]) => [name, l.origin]));
  }

  url(name: string): string {
    const listener = this.#listeners.get(name);
    if (!listener) throw new TypeError(`serve: no route named ${name}`);
    return listener.origin;
  }

  async addRoute(route: ServeRoute): Promise<string> {
    if (this.#closed || this.#gone) throw new TypeError(`serve: closed, cannot listen for ${route?.name}`);
    checkRoute(route, this.#listeners);
    if (this.#opening.has(route.name)) throw new TypeError(`serve: route ${route.name} is already listening`);
    const port = await new Promise<number>((resolve, reject) => {
      this.#opening.set(route.name, { route, resolve, reject });
      const maxBodyBytes = route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      this.#send({ type: 'listen', route: route.name, port: route.port ?? 0, maxBodyBytes });
    });
    const listener: Listener = { route, origin: `http://127.0.0.1:${port}` };
    this.#listeners.set(route.name, listener);
    return listener.origin;
  }

  async removeRoute(name: string): Promise<void> {
    if (!this.#listeners.delete(name)) return;
    await new Promise<void>((resolve) => {
      this.#closing.set(name, resolve);
      this.#send({ type: 'unlisten', route: name });
    });
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#listeners.clear();
      // a socket thread that has already ended answers nothing: there is nothing left to close
      if (this.#gone === undefined) {
        await new Promise<void>((resolve) => {
          this.#endClose = resolve;
          this.#send({ type: 'close' });
        });
      }
      await this.#sockets.terminate();
    })();
    return this.#closed;
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
