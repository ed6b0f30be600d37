/**
 * msw's `http`, building handlers without a stack trace. msw's handler
 * constructor records where the handler was made (`new Error()`, whose stack
 * it formats) for its own log lines about which handler answered; nothing
 * here reads it. A world builds about 25 handlers, so that capture cost
 * about a tenth of the isolation property's time, under vitest's
 * source-mapped stacks. The services build their handlers with
 * this `http`; what they build is msw's own handler.
 */
import { type HttpRequestHandler, http as mswHttp } from 'msw';

/** `make`, called with `Error.stackTraceLimit` at 0: the handler's call frame is left empty. */
function withoutCallFrame(make: HttpRequestHandler): HttpRequestHandler {
  return ((...args: Parameters<HttpRequestHandler>) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return make(...args);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }) as HttpRequestHandler;
}

/** msw's `http` (`http.get(path, resolver)` ...), without the call frame each handler records. */
export const http: typeof mswHttp = {
  all: withoutCallFrame(mswHttp.all),
  head: withoutCallFrame(mswHttp.head),
  get: withoutCallFrame(mswHttp.get),
  post: withoutCallFrame(mswHttp.post),
  put: withoutCallFrame(mswHttp.put),
  delete: withoutCallFrame(mswHttp.delete),
  patch: withoutCallFrame(mswHttp.patch),
  options: withoutCallFrame(mswHttp.options),
};
