/**
 * serve()'s sockets, in a worker thread of their own: the `node:http`
 * listeners, reading each request's body up to its route's limit, and
 * writing the answers. The simulation stays on the main thread, where
 * `serve()` turns each request into a fetch `Request` for the network as
 * before; this thread only moves bytes. Measured with the serve-load
 * benchmark (bench/README.md, 7 December 2026): the main thread does about
 * a fifth less per request, and serve answers about a fifth more of the
 * benchmark's requests a second on two cores.
 *
 * The thread's code is the plain JavaScript below, run with `eval: true`
 * (as the labs' learner sandbox starts its threads), so the same text runs
 * from the sources under the tests and from the app's bundle, on every Node
 * the project supports. It is exercised by every serve test.
 */

/** A request read from a socket. `body` is absent when it passed the route's limit (`tooLarge`). */
export interface SocketRequest {
  readonly type: 'request';
  readonly id: number;
  readonly route: string;
  readonly method: string;
  readonly target: string;
  /** node:http's `rawHeaders`: name, value, name, value, ... as they came. */
  readonly rawHeaders: readonly string[];
  readonly body?: Uint8Array;
  readonly tooLarge?: true;
}

/** What the thread tells the main thread. */
export type FromSockets =
  | SocketRequest
  | { readonly type: 'listening'; readonly route: string; readonly port: number }
  | { readonly type: 'listen-failed'; readonly route: string; readonly code: string }
  | { readonly type: 'unlistened'; readonly route: string }
  | { readonly type: 'closed' };

/** An answer for request `id`: a response to write (its `connection: close` header, if any, ends the connection), or no answer. */
export type SocketAnswer =
  | {
      readonly type: 'respond';
      readonly id: number;
      readonly status: number;
      readonly statusText?: string;
      readonly headers: readonly string[];
      readonly body?: Uint8Array;
    }
  | { readonly type: 'hold'; readonly id: number }
  | { readonly type: 'reset'; readonly id: number };

/** What the main thread tells the thread. */
export type ToSockets =
  | SocketAnswer
  | { readonly type: 'listen'; readonly route: string; readonly port: number; readonly maxBodyBytes: number }
  | { readonly type: 'unlisten'; readonly route: string }
  | { readonly type: 'close' };

/** The thread's code (CommonJS, run with `eval: true`); `workerData.maxHeld` is serve()'s `maxHeldRequests`. */
export const SOCKET_THREAD_SOURCE = `'use strict';
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');

const servers = new Map(); // route name -> node:http Server
const open = new Map(); // request id -> { req, res }
const held = new Set(); // sockets of requests left unanswered on purpose
let nextId = 1;

function post(message, transfer) {
  parentPort.postMessage(message, transfer);
}

/** Read the body up to limit bytes; undefined once it passes it (the rest is not read). */
function readBody(req, limit, done) {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return done(undefined);
  const chunks = [];
  let total = 0;
  const onData = (chunk) => {
    total += chunk.length;
    if (total > limit) {
      req.off('data', onData);
      req.pause();
      done(undefined);
      return;
    }
    chunks.push(chunk);
  };
  req.on('data', onData);
  req.once('end', () => done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total)));
  req.once('error', () => req.socket.destroy());
}

function listen(route, port, maxBodyBytes) {
  const server = createServer({ keepAlive: true });
  // a client that half-closes after its request (printf ... | nc) still gets the answer, which comes from the main
  // thread after its FIN has arrived: node:http's own switch (without it, the FIN ends the connection unanswered)
  server.httpAllowHalfOpen = true;
  server.on('request', (req, res) => {
    readBody(req, maxBodyBytes, (body) => {
      const id = nextId++;
      open.set(id, { req, res });
      const head = { type: 'request', id, route, method: req.method || 'GET', target: req.url || '', rawHeaders: req.rawHeaders };
      if (body === undefined) post({ ...head, tooLarge: true });
      else {
        // a copy of its own (a chunk may share a pooled buffer), moved to the main thread, not copied again
        const bytes = new Uint8Array(body);
        post({ ...head, body: bytes }, [bytes.buffer]);
      }
    });
  });
  server.once('error', (err) => post({ type: 'listen-failed', route, code: err.code || err.message }));
  server.listen(port, '127.0.0.1', () => {
    servers.set(route, server);
    post({ type: 'listening', route, port: server.address().port });
  });
}

function shut(route, then) {
  const server = servers.get(route);
  servers.delete(route);
  if (!server) return then();
  server.close(() => then());
  server.closeAllConnections();
}

function answer(message) {
  const exchange = open.get(message.id);
  open.delete(message.id);
  if (!exchange) return;
  const { req, res } = exchange;
  if (message.type === 'reset') return req.socket.resetAndDestroy();
  if (message.type === 'hold') {
    if (held.size >= workerData.maxHeld) return req.socket.resetAndDestroy();
    held.add(req.socket);
    req.socket.once('close', () => held.delete(req.socket));
    return;
  }
  try {
    res.writeHead(message.status, message.statusText || undefined, message.headers);
    res.end(message.body);
  } catch {
    res.destroy();
  }
}

parentPort.on('message', (message) => {
  switch (message.type) {
    case 'listen':
      return listen(message.route, message.port, message.maxBodyBytes);
    case 'unlisten':
      return shut(message.route, () => post({ type: 'unlistened', route: message.route }));
    case 'close': {
      for (const socket of held) socket.destroy();
      held.clear();
      let left = servers.size + 1;
      const one = () => {
        if (--left === 0) post({ type: 'closed' });
      };
      for (const route of [...servers.keys()]) shut(route, one);
      return one();
    }
    default:
      return answer(message);
  }
});
`;
