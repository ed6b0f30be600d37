/**
 * Bookkeeping of one STS call: the dependencies every step needs, the
 * validation trace, and helpers to record a step's outcome. A step returns
 * a Check; `run.step(name, check)` traces it and hands it back.
 */

import { type Clock, type EventLog, type IdMaker, STS_GLOBAL_HOST } from '@irsa-lab/core';
import { callerOf } from '@irsa-lab/net';
import type { Iam } from '../iam/types.js';
import type { JwksCache } from './jwks-cache.js';
import type { RequestMeta, TraceStep } from './types.js';
import type { Check } from './web-identity-token.js';

/** What STS's operations share. */
export interface StsDeps {
  readonly iam: Iam;
  readonly clock: Clock;
  readonly requestClock: Clock;
  readonly ids: IdMaker;
  readonly log: EventLog;
  readonly jwks: JwksCache;
  readonly region: string;
  readonly refetchOnUnknownKid: boolean;
}

/** One call in progress: request id, now, trace. */
export class Run {
  readonly trace: TraceStep[] = [];
  readonly requestId: string;
  readonly nowMs: number;

  constructor(readonly deps: StsDeps) {
    this.requestId = deps.ids.uuid();
    this.nowMs = deps.clock.nowMs();
  }

  /** Record a check as a trace step and return it. */
  step<T>(name: string, check: Check<T>): Check<T> {
    this.trace.push({ step: name, ok: check.ok, detail: check.detail });
    return check;
  }

  /** Record a step that carries more than a sentence (a policy evaluation). */
  push(step: TraceStep): void {
    this.trace.push(step);
  }
}

/** The signing region an STS host name implies: us-east-1 for `sts.amazonaws.com`, `<region>` for `sts.<region>.amazonaws.com`. */
export function signingRegionOfHost(host: string | undefined): string | undefined {
  const name = host?.toLowerCase().replace(/:\d+$/, '');
  if (name === STS_GLOBAL_HOST) return 'us-east-1';
  const m = name ? /^sts\.([a-z0-9-]+)\.amazonaws\.com$/.exec(name) : null;
  return m?.[1];
}

/** The region of a call: what its Host names, else the STS's own region. */
export function regionOfHost(meta: RequestMeta, fallback: string): string {
  return signingRegionOfHost(meta.host) ?? fallback;
}

/** Source address (as the simulated network stamped it), User-Agent and Host of a request. */
export function requestMeta(request: Request): RequestMeta {
  const userAgent = request.headers.get('user-agent');
  return {
    sourceIp: callerOf(request).sourceIp,
    ...(userAgent === null ? {} : { userAgent }),
    host: request.headers.get('host') ?? new URL(request.url).host,
  };
}

/**
 * A parameter's value, copied. URLSearchParams returns slices of the body, and a slice keeps the
 * whole body alive: RoleSessionName, stored with the session and in CloudTrail, kept each call's
 * 1.4 KB body (the token in it) for the session's life. structuredClone makes a string
 * of its own.
 */
export function formParam(form: URLSearchParams, name: string): string | undefined {
  const value = form.get(name);
  return value === null ? undefined : structuredClone(value);
}

/** `<prefix>.member.N[.<field>]` parameters, in N order. */
export function members(form: URLSearchParams, prefix: string, field?: string): [number, string][] {
  const re = new RegExp(`^${prefix}\\.member\\.(\\d+)${field ? `\\.${field}` : ''}$`);
  const found: [number, string][] = [];
  for (const [key, value] of form) {
    const m = re.exec(key);
    if (m) found.push([Number(m[1]), value]);
  }
  return found.sort((a, b) => a[0] - b[0]);
}

/** `PolicyArns.member.N.arn` parameters, in N order (undefined when none were sent). */
export function policyArnsParam(form: URLSearchParams): { arn: string }[] | undefined {
  const arns = members(form, 'PolicyArns', 'arn');
  return arns.length === 0 ? undefined : arns.map(([, arn]) => ({ arn }));
}
