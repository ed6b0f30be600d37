/**
 * The control API of serve mode, as msw handlers on the control listener's
 * origin (so it goes through the simulated network like everything else):
 * read and move the clock, rotate the issuer's key, apply a world file, read the
 * CloudTrail records, and get the env a real client needs to act as a Pod.
 */

import { isSimError } from '@irsa-lab/core';
import { http } from '@irsa-lab/net';
import type { World } from '@irsa-lab/world';
import { applyWorldFile, type WorldFileResult } from '@irsa-lab/world';
import { HttpResponse, type RequestHandler } from 'msw';
import { controlError } from './loopback-errors.js';
import type { ClockMove, ServeClock } from './serve-clock.js';
import type { Endpoints } from './serve-world.js';

/** What the control handlers act on. */
export interface ControlDeps {
  readonly world: World;
  readonly clock: ServeClock;
  /** The env of `<namespace>/<pod>` for a real client (SimError K8S_NOT_FOUND if there is no such Pod). */
  podEnv(namespace: string, pod: string): Readonly<Record<string, string>>;
  /** The endpoints JSON serve printed. */
  endpoints(): Endpoints;
  /** After an apply: open listeners for new Pods, write their token files. */
  afterApply(): Promise<void>;
}

/** The control paths and their methods (a known path with another method gets 405). */
export const CONTROL_ROUTES: readonly { readonly method: string; readonly path: RegExp }[] = [
  { method: 'GET', path: /^\/clock$/ },
  { method: 'POST', path: /^\/clock\/advance$/ },
  { method: 'POST', path: /^\/keys\/rotate$/ },
  { method: 'POST', path: /^\/apply$/ },
  { method: 'GET', path: /^\/audit$/ },
  { method: 'GET', path: /^\/endpoints$/ },
  { method: 'GET', path: /^\/pods\/[^/]+\/[^/]+\/env$/ },
];

function moveJson(move: ClockMove, clock: ServeClock) {
  return {
    fromMs: move.fromMs,
    toMs: move.toMs,
    now: new Date(move.toMs).toISOString(),
    offsetSeconds: clock.offsetMs / 1000,
    fired: move.fired,
  };
}

/** GET /clock: simulated time now, and how far it runs ahead of the wall clock. */
function clockNow(deps: ControlDeps): Response {
  const nowMs = deps.world.clock.nowMs();
  return HttpResponse.json({ nowMs, nowIso: new Date(nowMs).toISOString(), offsetMs: deps.clock.offsetMs });
}

async function advance(request: Request, deps: ControlDeps): Promise<Response> {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return controlError(400, 'InvalidJson', 'the body must be JSON: {"seconds": N}');
  }
  const seconds = (body as { seconds?: unknown } | null)?.seconds;
  let move: ClockMove;
  try {
    move = await deps.clock.advance(seconds as number);
  } catch (err) {
    if (err instanceof TypeError) return controlError(400, 'InvalidArgument', err.message, { field: 'seconds' });
    throw err;
  }
  return HttpResponse.json(moveJson(move, deps.clock));
}

function rotate(world: World): Response {
  world.issuer.rotate();
  return HttpResponse.json({ kid: world.issuer.currentKid(), published: world.issuer.jwks().keys.map((k) => k.kid) });
}

function applyStatus(code: string): number {
  if (code === 'K8S_CONFLICT' || code === 'K8S_ALREADY_EXISTS' || code === 'IAM_ENTITY_ALREADY_EXISTS') return 409;
  if (code === 'K8S_FORBIDDEN') return 403;
  return 400;
}

async function apply(request: Request, deps: ControlDeps): Promise<Response> {
  const file = new URL(request.url).searchParams.get('file') || 'apply.yaml';
  let results: WorldFileResult[];
  try {
    results = await applyWorldFile(deps.world, await request.text(), file);
  } catch (err) {
    if (!isSimError(err)) throw err;
    const { line, field } = err.detail;
    return controlError(applyStatus(err.code), err.code, err.message, {
      file,
      ...(line === undefined ? {} : { line }),
      ...(field === undefined ? {} : { field }),
    });
  } finally {
    await deps.afterApply();
  }
  return HttpResponse.json({
    results: results.map(({ kind, namespace, name, action, summary }) => ({ kind, namespace, name, action, summary })),
  });
}

function audit(request: Request, world: World): Response {
  const limitText = new URL(request.url).searchParams.get('limit');
  const limit = limitText === null ? Number.POSITIVE_INFINITY : Number(limitText);
  if (!Number.isInteger(limit) && limit !== Number.POSITIVE_INFINITY) {
    return controlError(400, 'InvalidArgument', 'limit must be a whole number', { field: 'limit' });
  }
  const records = world.log.all('cloudtrail').map((e) => JSON.stringify(e.data));
  const shown = limit === Number.POSITIVE_INFINITY ? records : records.slice(Math.max(0, records.length - limit));
  return new HttpResponse(shown.map((r) => `${r}\n`).join(''), { headers: { 'content-type': 'application/x-ndjson' } });
}

function env(deps: ControlDeps, namespace: string, pod: string): Response {
  try {
    return HttpResponse.json(deps.podEnv(namespace, pod));
  } catch (err) {
    if (isSimError(err) && (err.code === 'K8S_NOT_FOUND' || err.code === 'K8S_BAD_REQUEST')) {
      // the Pods that do run (each has an IMDS listener), so a client can say which exist
      const pods = Object.keys(deps.endpoints().imds);
      return controlError(404, 'PodNotFound', `no running Pod ${namespace}/${pod}`, { pods });
    }
    throw err;
  }
}

/** The control API's handlers on `origin` (`http://127.0.0.1:<port>`). */
export function controlHandlers(origin: string, deps: ControlDeps): RequestHandler[] {
  return [
    http.get(`${origin}/clock`, () => clockNow(deps)),
    http.post(`${origin}/clock/advance`, ({ request }) => advance(request, deps)),
    http.post(`${origin}/keys/rotate`, () => rotate(deps.world)),
    http.post(`${origin}/apply`, ({ request }) => apply(request, deps)),
    http.get(`${origin}/audit`, ({ request }) => audit(request, deps.world)),
    http.get(`${origin}/endpoints`, () => HttpResponse.json({ ...deps.endpoints() })),
    http.get(`${origin}/pods/:namespace/:pod/env`, ({ params }) =>
      env(deps, String(params.namespace), String(params.pod)),
    ),
    http.all(`${origin}/*`, ({ request }) => {
      const path = new URL(request.url).pathname;
      const known = CONTROL_ROUTES.find((r) => r.path.test(path));
      return known
        ? controlError(405, 'MethodNotAllowed', `${path} takes ${known.method}, not ${request.method}`)
        : controlError(404, 'NotFound', `no control endpoint at ${request.method} ${path} (see docs/serve.md)`);
    }),
  ];
}
