/**
 * Dispatch to msw handlers without making msw try every handler of a host.
 * msw's `getResponse` runs each handler in turn, and every run costs as much
 * as a small request (a clone of the request, the cookie store, a URL
 * pattern compiled and matched, an AbortController), matched or not. Most
 * handlers are `http.<method>('<scheme>://<host>[:port]/<path>', ...)`: one
 * whose method or literal origin differs from the request's can never
 * match, so it is left out before msw sees the list. Everything else (a
 * `:param` or `*` in the origin, a relative path, a RegExp, a custom
 * predicate, a handler that is not an HttpHandler, a path msw cannot
 * compile and so throws on) stays in, in order, and msw decides as
 * before: the answer (or the error) is always the one `getResponse` gives
 * with every handler.
 */
import { getResponse, HttpHandler, matchRequestUrl, RequestHandler } from 'msw';

/** What a request must have for a handler to possibly match; undefined parts match anything. */
interface HandlerKey {
  readonly handler: RequestHandler;
  /** Lower-cased `scheme://host[:port]`, when the handler's path spells it literally. */
  readonly origin?: string;
  /** Lower-cased method, when the handler has one method (not `http.all`). */
  readonly method?: string;
}

/** `scheme://authority` of an absolute path; the authority only when it is literal text for path-to-regexp. */
const LITERAL_ORIGIN = /^(https?):\/\/([a-z0-9.-]+(?::\d+)?)(?:\/|$)/i;

/** Whether msw can compile `path` at all: one it cannot makes every request that reaches the handler throw. */
function compiles(path: string): boolean {
  try {
    matchRequestUrl(new URL('http://irsa-lab.invalid/'), path);
    return true;
  } catch {
    return false;
  }
}

/**
 * What msw does with a request before it looks at the method depends only on
 * the handler's path, with one exception handled in `candidates`: it
 * percent-decodes the parameters of a matching URL and throws on a bad
 * escape. A custom predicate runs for every request, and a path that does
 * not compile throws for every request: those handlers are never left out.
 */
function keyOf(handler: RequestHandler): HandlerKey {
  if (!(handler instanceof HttpHandler)) return { handler };
  const { path, method } = handler.info;
  if (typeof path === 'function' || (typeof path === 'string' && !compiles(path))) return { handler };
  const literal = typeof path === 'string' ? LITERAL_ORIGIN.exec(path) : null;
  return {
    handler,
    ...(literal ? { origin: `${literal[1]}://${literal[2]}`.toLowerCase() } : {}),
    // msw compares a string method case-insensitively (isStringEqual)
    ...(typeof method === 'string' ? { method: method.toLowerCase() } : {}),
  };
}

/** A host's handlers, in order, with what each needs to match. */
export class HandlerIndex {
  readonly #handlers: readonly RequestHandler[];
  #keys: readonly HandlerKey[];

  /** `handlers` is read live, as msw would read it: a handler added to or replaced in the array later is seen. */
  constructor(handlers: readonly RequestHandler[]) {
    this.#handlers = handlers;
    this.#keys = handlers.map(keyOf);
  }

  /** The handlers that could match a request with this method and URL, in their order. */
  candidates(method: string, url: URL): RequestHandler[] {
    if (this.#stale()) this.#keys = this.#handlers.map(keyOf);
    // with a `%` in the path, a handler of another method may throw decoding it (msw matches the URL first): keep them all
    const m = url.pathname.includes('%') ? undefined : method.toLowerCase();
    // the origin msw matches against (getCleanUrl: url.origin + pathname); URL has lower-cased scheme and host
    const origin = url.origin.toLowerCase();
    const out: RequestHandler[] = [];
    for (const key of this.#keys) {
      if (m !== undefined && key.method !== undefined && key.method !== m) continue;
      if (key.origin !== undefined && key.origin !== origin) continue;
      out.push(key.handler);
    }
    return out;
  }

  #stale(): boolean {
    const keys = this.#keys;
    if (keys.length !== this.#handlers.length) return true;
    for (let i = 0; i < keys.length; i++) if (keys[i]?.handler !== this.#handlers[i]) return true;
    return false;
  }
}

/**
 * msw's answer to `request` from `handlers` (undefined when none answers).
 * msw clones each request once before running handlers, only so that it can
 * log the request after a handler has read the body; `getResponse` never
 * logs, so the clone (a tee of the body stream) is skipped by handing msw's
 * clone cache the request itself. Handlers still get the request itself,
 * exactly as before.
 */
export function respond(handlers: RequestHandler[], request: Request): Promise<Response | undefined> {
  if (handlers.length === 0) return Promise.resolve(undefined);
  RequestHandler.cache.set(request, request);
  return getResponse(handlers, request);
}
