/**
 * serveWorld: a world on real loopback sockets, for the real AWS CLI, boto3
 * and SDKs. Listeners for the issuer, STS, S3, the apiserver and the control
 * API, plus one IMDS listener per Pod (and one for the EKS Pod Identity
 * agent per Pod with container credentials), all deliver through the world's
 * SimNetwork (`serve()` from @irsa-lab/net), where the services' msw
 * handlers are mounted on the loopback origins. Simulated time runs with the
 * wall clock plus an offset; token files are real files kept fresh.
 */
import { apiserverHandlers, MAX_REQUEST_BODY_BYTES } from '@irsa-lab/apiserver';
import {
  AWS_CONTAINER_CREDENTIALS_FULL_URI,
  type Clock,
  IdMaker,
  IMDS_ENDPOINT,
  POD_IDENTITY_AGENT_IPV4,
  POD_IDENTITY_AGENT_IPV6,
  Rng,
  SimError,
  wallClock,
} from '@irsa-lab/core';
import { MAX_OBJECT_BYTES, MAX_STS_BODY_BYTES, s3Handlers, stsHandlers } from '@irsa-lab/iam';
import { type Caller, type LoopbackServer, type ServeRoute, serve } from '@irsa-lab/net';
import { issuerHandlers } from '@irsa-lab/oidc-issuer';
import type { World } from '@irsa-lab/world';
import { defaultWorldYaml, loadWorld, MAX_WORLD_FILE_BYTES } from '@irsa-lab/world';
import { controlHandlers } from './control-handlers.js';
import {
  controlRouteErrors,
  kubernetesRouteErrors,
  s3RouteErrors,
  stsRouteErrors,
  textRouteErrors,
} from './loopback-errors.js';
import { podEnvFor } from './pod-env.js';
import { issuerAtRoot } from './rooted-issuer.js';
import { type ClockMove, ServeClock } from './serve-clock.js';
import { withStaleCredentialsHint } from './stale-credentials.js';
import { TokenFiles } from './token-files.js';

/** The listeners with fixed names (IMDS listeners are per Pod). */
export const SERVICE_NAMES = ['issuer', 'sts', 's3', 'kubernetes', 'control'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** What serve prints: every endpoint. */
export interface Endpoints {
  readonly issuer: string;
  readonly sts: string;
  readonly s3: string;
  readonly kubernetes: string;
  readonly control: string;
  /** Each Pod's IMDS, by `<namespace>/<pod>`. */
  readonly imds: Readonly<Record<string, string>>;
  /**
   * The EKS Pod Identity agent as each Pod with container credentials
   * reaches it, by `<namespace>/<pod>` (present when some Pod has one).
   */
  readonly podIdentityAgent?: Readonly<Record<string, string>>;
}

export interface ServeWorldOptions {
  readonly seed: number;
  /** The world file's text; default the default world. */
  readonly worldText?: string;
  /** Its name in error messages. Default `default-world.yaml`. */
  readonly worldFile?: string;
  /** Fixed ports (free ones otherwise). */
  readonly ports?: Partial<Readonly<Record<ServiceName, number>>>;
  /** The real clock simulated time runs with. Default `wallClock`. */
  readonly wall?: Clock;
  /** Where the private token directory is made. Default the OS temp dir. */
  readonly tmpDir?: string;
}

export interface WorldServer {
  readonly world: World;
  /** The directory holding the token files (removed by close). */
  readonly tokenDir: string;
  endpoints(): Endpoints;
  /** The env of `<namespace>/<pod>` for a real client. SimError K8S_NOT_FOUND for an unknown Pod. */
  podEnv(namespace: string, pod: string): Readonly<Record<string, string>>;
  /** POST /clock/advance, in process. */
  advance(seconds: number): Promise<ClockMove>;
  /** Bring simulated time up to the wall clock (plus offset) and refresh the token files. */
  sync(): Promise<void>;
  /** Close every listener and connection and remove the token files. */
  close(): Promise<void>;
}

/** Callers on the loopback, as the simulated services see them. */
export const LOOPBACK_CLIENT: Caller = Object.freeze({
  kind: 'outside',
  id: 'loopback-client',
  hops: 8,
  vantage: 'internet',
  sourceIp: '127.0.0.1',
});

/** The agent's addresses a webhook-injected AWS_CONTAINER_CREDENTIALS_FULL_URI names. */
const AGENT_ORIGINS = new Set([`http://${POD_IDENTITY_AGENT_IPV4}`, `http://[${POD_IDENTITY_AGENT_IPV6}]`]);

/** The agent origin a Pod's FULL_URI points at, when it points at the agent. */
function agentOrigin(env: Readonly<Record<string, string>>): string | undefined {
  const uri = env[AWS_CONTAINER_CREDENTIALS_FULL_URI];
  if (uri === undefined) return undefined;
  try {
    const origin = new URL(uri).origin;
    return AGENT_ORIGINS.has(origin) ? origin : undefined;
  } catch {
    return undefined;
  }
}

/** A last look at a response before it goes back to the real client. */
type Explain = (request: Request, response: Response) => Promise<Response>;

function serviceRoutes(options: ServeWorldOptions, ids: () => IdMaker): ServeRoute[] {
  const route = (name: ServiceName, maxBodyBytes: number, errors: ServeRoute['errors']): ServeRoute => ({
    name,
    caller: LOOPBACK_CLIENT,
    maxBodyBytes,
    errors,
    ...(options.ports?.[name] === undefined ? {} : { port: options.ports[name] }),
  });
  return [
    route('issuer', 16 * 1024, textRouteErrors),
    route('sts', MAX_STS_BODY_BYTES, stsRouteErrors(ids)),
    route('s3', MAX_OBJECT_BYTES + 64 * 1024, s3RouteErrors(ids)),
    route('kubernetes', MAX_REQUEST_BODY_BYTES, kubernetesRouteErrors),
    route('control', MAX_WORLD_FILE_BYTES, controlRouteErrors),
  ];
}

/**
 * Load a world and serve it on 127.0.0.1.
 * @example const server = await serveWorld({ seed: 42 }); console.log(server.endpoints()); await server.close();
 */
export async function serveWorld(options: ServeWorldOptions): Promise<WorldServer> {
  const wall = options.wall ?? wallClock;
  let world: World | undefined;
  let clock: ServeClock | undefined;
  let explain: Explain = (_request, response) => Promise.resolve(response);
  const network = {
    async fetch(request: Request, caller: Caller): Promise<Response> {
      if (!world || !clock) throw new SimError('NET_CONNECTION_REFUSED', 'the world is still loading');
      await clock.sync();
      return explain(request, await world.net.fetch(request, caller));
    },
  };
  // request ids of the listeners' own errors: the world's, once it exists
  const early = new IdMaker(new Rng(options.seed));
  const server = await serve(network, { routes: serviceRoutes(options, () => world?.ids ?? early) });
  try {
    const url = (name: ServiceName) => server.url(name);
    world = await loadWorld(options.worldText ?? defaultWorldYaml, options.worldFile ?? 'default-world.yaml', {
      seed: options.seed,
      startMs: wall.nowMs(),
      requestClock: { nowMs: () => (clock ? clock.requestClock.nowMs() : wall.nowMs()) },
      issuerJwksUri: `${url('issuer')}/keys`,
      // serve shows its callers CloudTrail (GET /audit), never the walkthrough's per-request log, which held
      // about 0.9 KB more per request until the log's cap, all of it for the garbage collector to move
      logNetworkRequests: false,
    });
    return await assemble(world, server, wall, (c, e) => {
      clock = c;
      explain = e;
    });
  } catch (err) {
    await server.close();
    throw err;
  }
}

async function assemble(
  world: World,
  server: LoopbackServer,
  wall: Clock,
  connect: (clock: ServeClock, explain: Explain) => void,
): Promise<WorldServer> {
  const tokens = new TokenFiles(world);
  const clock = new ServeClock(world, wall, () => tokens.refreshAll());
  const imdsUrls = new Map<string, string>();
  const agentUrls = new Map<string, string>();
  const openPodListeners = async (): Promise<void> => {
    for (const { node } of world.nodes.values()) {
      for (const pod of node.pods()) {
        if (!imdsUrls.has(pod.key)) {
          const name = `imds:${pod.key}`;
          imdsUrls.set(
            pod.key,
            await server.addRoute({ name, target: IMDS_ENDPOINT, caller: pod.caller, errors: textRouteErrors }),
          );
        }
        // the Pod's view of the EKS Pod Identity agent: its hops and its node's rules apply, as for IMDS
        if (agentUrls.has(pod.key) || pod.phase !== 'Running') continue;
        const agent = agentOrigin(node.podView(pod.namespace, pod.name).env());
        if (agent === undefined) continue;
        const route = {
          name: `pod-identity-agent:${pod.key}`,
          target: agent,
          caller: pod.caller,
          errors: textRouteErrors,
        };
        agentUrls.set(pod.key, await server.addRoute(route));
      }
    }
    tokens.refreshAll();
  };
  const endpoints = (): Endpoints => ({
    issuer: server.url('issuer'),
    sts: server.url('sts'),
    s3: server.url('s3'),
    kubernetes: server.url('kubernetes'),
    control: server.url('control'),
    imds: Object.fromEntries([...imdsUrls].sort(([a], [b]) => (a < b ? -1 : 1))),
    ...(agentUrls.size === 0
      ? {}
      : { podIdentityAgent: Object.fromEntries([...agentUrls].sort(([a], [b]) => (a < b ? -1 : 1))) }),
  });
  const podEnv = (namespace: string, pod: string) =>
    podEnvFor(world, {
      namespace,
      pod,
      endpoints: endpoints(),
      tokenFile: () => tokens.refresh(namespace, pod) ?? tokens.pathOf(namespace, pod),
      podIdentityTokenFile: () =>
        tokens.refresh(namespace, pod, 'pod-identity') ?? tokens.pathOf(namespace, pod, 'pod-identity'),
      configFile: tokens.configFile,
      credentialsFile: tokens.credentialsFile,
    });
  const origin = (name: ServiceName) => server.url(name);
  // msw tries handlers in order and every miss costs a URL match: the busiest first
  world.net.addHost('127.0.0.1', [
    ...stsHandlers(world.sts, { hosts: [origin('sts')] }),
    ...s3Handlers(world.s3, { origins: [origin('s3')] }).reverse(),
    ...issuerHandlers(issuerAtRoot(world.issuer), { baseUrl: origin('issuer') }),
    ...apiserverHandlers(world.api, { baseUrl: origin('kubernetes') }),
    ...controlHandlers(origin('control'), { world, clock, podEnv, endpoints, afterApply: openPodListeners }),
  ]);
  await openPodListeners();
  // STS's and S3's refusals of stale or foreign credentials say why, in serve's terms (stale-credentials.ts)
  const aws = [`${origin('sts')}/`, `${origin('s3')}/`];
  const hintDeps = { world, offsetMs: () => clock.offsetMs, pods: () => [...imdsUrls.keys()] };
  connect(clock, (request, response) =>
    aws.some((prefix) => request.url.startsWith(prefix))
      ? withStaleCredentialsHint(request, response, hintDeps)
      : Promise.resolve(response),
  );
  let closed = false;
  return {
    world,
    tokenDir: tokens.dir,
    endpoints,
    podEnv,
    advance: (seconds) => clock.advance(seconds),
    async sync() {
      await clock.sync();
      tokens.refreshAll();
    },
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      tokens.close();
    },
  };
}
