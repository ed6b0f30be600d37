/**
 * SimNetwork: hosts answer through msw request handlers, dispatched in
 * process with msw's `getResponse` (no global patching on this path), given
 * only the host's handlers that can match the request (dispatch.ts). Every
 * request is stamped with its caller, resolved through DNS from the caller's
 * vantage point, passed through the egress filters of the caller's node
 * (iptables-like rules), and its response dropped if its IP TTL is smaller
 * than the caller's hop count.
 */
import type { EventLog } from '@irsa-lab/core';
import { SimError } from '@irsa-lab/core';
import type { RequestHandler } from 'msw';
import { type Caller, OUTSIDE, withCaller } from './caller.js';
import { HandlerIndex, respond } from './dispatch.js';
import { Dns } from './dns.js';
import { RESPONSE_TTL_HEADER } from './ttl.js';

/** What an egress filter decided for one request. */
export type FilterDecision =
  | { readonly action: 'accept'; readonly rule: string }
  | { readonly action: 'drop'; readonly rule: string }
  | { readonly action: 'reject'; readonly rule: string }
  | { readonly action: 'dnat'; readonly rule: string; readonly toUrl: string };

/** An iptables-like rule: returns a decision for requests it matches, undefined otherwise. */
export type EgressFilter = (request: Request, caller: Caller) => FilterDecision | undefined;

/** One step of a request's path, for the app's "hop path" panel and for tests. */
export interface HopTrace {
  readonly step: 'dns' | 'filter' | 'route' | 'response';
  readonly ok: boolean;
  readonly detail: string;
}

export interface HostOptions {
  /** Only callers on this node reach the host (link-local services: IMDS at 169.254.169.254). */
  readonly node?: string;
}

interface HostEntry {
  readonly hostname: string;
  readonly node?: string;
  readonly handlers: readonly RequestHandler[];
  /** The handlers by the method and origin they can match (dispatch.ts). */
  readonly index: HandlerIndex;
}

export interface SimNetworkOptions {
  readonly log?: EventLog;
  /** Log every request as a 'net.request' event (default true). */
  readonly logRequests?: boolean;
}

const LINK_LOCAL = /^169\.254\.\d+\.\d+$|^\[fd00:ec2::/;
const IP_LITERAL = /^\d+\.\d+\.\d+\.\d+$|^\[.*\]$/;
const MAX_DNAT_HOPS = 4;

/** The network of one simulated world. */
export class SimNetwork {
  readonly dns = new Dns();
  readonly #hosts: HostEntry[] = [];
  readonly #filters = new Map<string, EgressFilter[]>();
  readonly #log: EventLog | undefined;
  readonly #logRequests: boolean;
  /** The trace of the last request each caller made (by caller id). */
  readonly lastTrace = new Map<string, readonly HopTrace[]>();

  constructor(options: SimNetworkOptions = {}) {
    this.#log = options.log;
    this.#logRequests = options.logRequests ?? true;
  }

  /** Serve `hostname` with msw handlers (optionally only to callers on one node). `*.example.com` serves every subdomain. */
  addHost(hostname: string, handlers: readonly RequestHandler[], options: HostOptions = {}): void {
    const host = hostname.toLowerCase();
    if (this.#hosts.some((h) => h.hostname === host && h.node === options.node)) {
      throw new TypeError(`host ${hostname} is already served${options.node ? ` on node ${options.node}` : ''}`);
    }
    this.#hosts.push({ hostname: host, node: options.node, handlers, index: new HandlerIndex(handlers) });
  }

  removeHost(hostname: string, options: HostOptions = {}): void {
    const i = this.#hosts.findIndex((h) => h.hostname === hostname.toLowerCase() && h.node === options.node);
    if (i >= 0) this.#hosts.splice(i, 1);
  }

  /** Every handler of every host, for serving them over real sockets or to an intercepted client. */
  allHandlers(): readonly RequestHandler[] {
    return this.#hosts.flatMap((h) => h.handlers);
  }

  /** Install iptables-like egress filters for callers on `node` (replaces earlier ones). */
  setEgressFilters(node: string, filters: readonly EgressFilter[]): void {
    this.#filters.set(node, [...filters]);
  }

  /** A `fetch` that makes every request as `caller`. */
  fetcherFor(caller: Caller): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
    return (input, init) => this.fetch(new Request(input, init), caller);
  }

  /**
   * Deliver `request` as `caller`. Resolves with the host's response; rejects
   * with a SimError NET_NXDOMAIN, NET_UNREACHABLE, NET_CONNECTION_REFUSED,
   * NET_TIMEOUT (a dropped packet) or NET_UNHANDLED (no handler for the path).
   */
  async fetch(request: Request, caller: Caller = OUTSIDE): Promise<Response> {
    const trace: HopTrace[] = [];
    const url = new URL(request.url);
    try {
      const response = await this.#deliver(request, url, caller, trace, 0);
      this.#record(request.method, url, caller, response.status, trace);
      return response;
    } catch (err) {
      this.#record(request.method, url, caller, err instanceof SimError ? err.code : 'error', trace);
      throw err;
    } finally {
      this.lastTrace.set(caller.id, trace);
    }
  }

  async #deliver(request: Request, url: URL, caller: Caller, trace: HopTrace[], depth: number): Promise<Response> {
    const hostname = url.hostname.toLowerCase();
    const filtered = this.#applyFilters(request, caller, trace);
    if (filtered) {
      if (depth >= MAX_DNAT_HOPS) throw new SimError('NET_UNREACHABLE', 'too many DNAT rewrites', { limit: 'dnat' });
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      const rewritten = new Request(filtered, { method: request.method, headers: request.headers, body });
      return this.#deliver(rewritten, new URL(rewritten.url), caller, trace, depth + 1);
    }
    const host = this.#route(hostname, caller, trace);
    const stamped = withCaller(request, caller);
    const response = await respond(host.index.candidates(request.method, url), stamped);
    if (!response) {
      trace.push({
        step: 'response',
        ok: false,
        detail: `${hostname} has no handler for ${request.method} ${url.pathname}`,
      });
      throw new SimError('NET_UNHANDLED', `no handler for ${request.method} ${url.href}`, { url: url.href });
    }
    return this.#applyTtl(response, caller, trace);
  }

  #applyFilters(request: Request, caller: Caller, trace: HopTrace[]): string | undefined {
    if (!caller.node) return undefined;
    for (const filter of this.#filters.get(caller.node) ?? []) {
      const decision = filter(request, caller);
      if (!decision) continue;
      switch (decision.action) {
        case 'accept':
          trace.push({ step: 'filter', ok: true, detail: `ACCEPT by ${decision.rule}` });
          return undefined;
        case 'drop':
          trace.push({ step: 'filter', ok: false, detail: `DROP by ${decision.rule}` });
          throw new SimError('NET_TIMEOUT', `connection timed out (packet dropped by ${decision.rule})`, {
            rule: decision.rule,
          });
        case 'reject':
          trace.push({ step: 'filter', ok: false, detail: `REJECT by ${decision.rule}` });
          throw new SimError('NET_CONNECTION_REFUSED', `connection refused (rejected by ${decision.rule})`, {
            rule: decision.rule,
          });
        case 'dnat':
          trace.push({ step: 'filter', ok: true, detail: `DNAT to ${decision.toUrl} by ${decision.rule}` });
          return decision.toUrl;
      }
    }
    return undefined;
  }

  #route(hostname: string, caller: Caller, trace: HopTrace[]): HostEntry {
    if (LINK_LOCAL.test(hostname)) {
      const local = this.#hosts.find((h) => h.hostname === hostname && h.node !== undefined && h.node === caller.node);
      if (!local) {
        trace.push({
          step: 'route',
          ok: false,
          detail: `${hostname} is link-local and ${caller.id} has no route to it`,
        });
        throw new SimError('NET_UNREACHABLE', `no route to link-local address ${hostname} from ${caller.id}`, {
          host: hostname,
        });
      }
      trace.push({ step: 'route', ok: true, detail: `${hostname} on node ${local.node}, ${caller.hops} hop(s) away` });
      return local;
    }
    const entry =
      this.#hosts.find((h) => h.hostname === hostname && h.node === undefined) ??
      this.#hosts.find(
        (h) => h.node === undefined && h.hostname.startsWith('*.') && hostname.endsWith(h.hostname.slice(1)),
      );
    if (!IP_LITERAL.test(hostname)) {
      const resolution = this.dns.resolve(hostname, caller.vantage, entry !== undefined);
      trace.push({ step: 'dns', ok: resolution.ok, detail: `${hostname} from ${caller.vantage}: ${resolution.via}` });
      if (!resolution.ok) {
        throw new SimError('NET_NXDOMAIN', `getaddrinfo ENOTFOUND ${hostname} (NXDOMAIN via ${resolution.via})`, {
          host: hostname,
          vantage: caller.vantage,
        });
      }
    }
    if (!entry) {
      trace.push({ step: 'route', ok: false, detail: `nothing listens at ${hostname}` });
      throw new SimError('NET_CONNECTION_REFUSED', `connect ECONNREFUSED ${hostname}`, { host: hostname });
    }
    trace.push({ step: 'route', ok: true, detail: `delivered to ${hostname}` });
    return entry;
  }

  #applyTtl(response: Response, caller: Caller, trace: HopTrace[]): Response {
    const ttlHeader = response.headers.get(RESPONSE_TTL_HEADER);
    if (ttlHeader === null) {
      trace.push({ step: 'response', ok: true, detail: `${response.status} delivered` });
      return response;
    }
    const ttl = Number(ttlHeader);
    if (ttl < caller.hops) {
      trace.push({
        step: 'response',
        ok: false,
        detail: `response IP TTL ${ttl} expired after ${ttl} hop(s); ${caller.id} is ${caller.hops} hops away`,
      });
      throw new SimError('NET_TIMEOUT', `timed out waiting for the response (its IP TTL of ${ttl} ran out)`, {
        ttl,
        hops: caller.hops,
      });
    }
    trace.push({
      step: 'response',
      ok: true,
      detail: `${response.status} delivered (IP TTL ${ttl} >= ${caller.hops})`,
    });
    const headers = new Headers(response.headers);
    headers.delete(RESPONSE_TTL_HEADER);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }

  #record(method: string, url: URL, caller: Caller, outcome: number | string, trace: readonly HopTrace[]): void {
    if (!this.#logRequests || !this.#log) return;
    this.#log.append('net.request', 'net', `${caller.id} ${method} ${url.host}${url.pathname} → ${outcome}`, {
      caller: caller.id,
      method,
      url: `${url.origin}${url.pathname}`,
      outcome,
      trace,
    });
  }
}
