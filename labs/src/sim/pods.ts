/**
 * What a check does inside the workshop world: apply the learner's YAML
 * (its problems become file:line errors), look at a pod as the webhook left
 * it, run the real AWS SDK in a pod, and call IMDS directly from a pod.
 */

import {
  IMDS_ENDPOINT,
  IMDS_TOKEN_HEADER,
  IMDS_TOKEN_PATH,
  IMDS_TOKEN_TTL_HEADER,
  isSimError,
  type SimError,
} from '@irsa-lab/core';
import { type PodView, type RealSdkResult, runRealSdkChain, type SdkLogger } from '@irsa-lab/ec2-node';
import type { World } from '@irsa-lab/world';
import { LabInputError } from '../learner/input-error.js';

/** What the pod identity webhook did to a pod (the apiserver's trace, as `World.apply` returns it). */
export type WebhookTrace = NonNullable<Awaited<ReturnType<World['apply']>>[number]['webhook']>;

/** The webhook traces of pods created by this apply, by `<namespace>/<name>`. */
export type AppliedPods = ReadonlyMap<string, WebhookTrace | undefined>;

/**
 * `kubectl apply -f file` of the learner's text.
 * @throws LabInputError at the line the apiserver names (bad YAML, unknown field, missing namespace...).
 */
export async function applyLearnerYaml(world: World, text: string, file: string): Promise<AppliedPods> {
  try {
    const results = await world.apply(text, file);
    return new Map(
      results.filter((r) => r.kind === 'Pod').map((r) => [`${r.namespace ?? 'default'}/${r.name}`, r.webhook]),
    );
  } catch (err) {
    if (!isSimError(err)) throw err;
    const { line, column } = err.detail;
    const message = whatIsWrong(err);
    throw new LabInputError(
      err.code === 'INPUT_YAML' ? 'SYNTAX' : 'SCHEMA',
      {
        file,
        ...(typeof line === 'number' && line > 0 ? { line, ...(typeof column === 'number' ? { column } : {}) } : {}),
      },
      message,
    );
  }
}

/**
 * What an input error says besides where in the file: `field: reason` from its detail (the parts
 * the apiserver and world files compose their text from), else its message as it is.
 */
export function whatIsWrong(err: SimError): string {
  const { field, reason } = err.detail;
  if (typeof reason !== 'string') return err.message;
  return typeof field === 'string' && field !== '' ? `${field}: ${reason}` : reason;
}

/** The view of a running pod's first container, or undefined when it does not run. */
export function viewOf(world: World, namespace: string, pod: string): PodView | undefined {
  try {
    return world.nodeOf(namespace, pod).podView(namespace, pod);
  } catch (err) {
    if (isSimError(err)) return undefined;
    throw err;
  }
}

/** The notice the SDK gives when it keeps using IMDS credentials past their expiration ("static stability"). */
function isStaticStabilityNotice(content: readonly unknown[]): boolean {
  return content.some((c) => String(c).includes('credential expiration extension'));
}

/**
 * The logger the SDK's credential providers get in a check. Their "static
 * stability" notice is dropped: simulated credentials expire in simulated
 * time, which the SDK compares with the wall clock, and the notice would
 * only confuse. Their other warnings and errors go to the console as the SDK
 * prints them without a logger; the chain's debug lines stay unprinted, as
 * without one.
 */
export const sdkLogger: SdkLogger = {
  debug: () => {},
  info: () => {},
  warn: (...content) => {
    if (!isStaticStabilityNotice(content)) console.warn(...content);
  },
  error: (...content) => console.error(...content),
};

/**
 * The real AWS SDK v3 default chain in the pod, then GetCallerIdentity, with
 * the region given in code (as an app would), and `sdkLogger` as its logger.
 */
export function realSdkCallerIdentity(world: World, view: PodView): Promise<RealSdkResult> {
  return runRealSdkChain(view, world.net, { call: 'GetCallerIdentity', region: world.region, logger: sdkLogger });
}

/** One IMDS request and what came back. */
export interface ImdsCall {
  readonly request: string;
  readonly status: number | string;
  readonly body?: string;
}

/** IMDSv2 from a pod: PUT a session token, then GET `path` with it. Every request is recorded. */
export async function imdsV2Get(view: PodView, path: string): Promise<ImdsCall[]> {
  const calls: ImdsCall[] = [];
  const send = async (request: Request, label: string): Promise<Response | undefined> => {
    try {
      const response = await view.fetch(request);
      calls.push({ request: label, status: response.status, body: await response.clone().text() });
      return response;
    } catch (err) {
      if (!isSimError(err)) throw err;
      calls.push({ request: label, status: err.code, body: err.message });
      return undefined;
    }
  };
  const put = await send(
    new Request(`${IMDS_ENDPOINT}${IMDS_TOKEN_PATH}`, {
      method: 'PUT',
      headers: { [IMDS_TOKEN_TTL_HEADER]: '21600' },
    }),
    `PUT ${IMDS_TOKEN_PATH}`,
  );
  if (put?.status !== 200) return calls;
  const token = await put.text();
  await send(new Request(`${IMDS_ENDPOINT}${path}`, { headers: { [IMDS_TOKEN_HEADER]: token } }), `GET ${path}`);
  return calls;
}

/** `arn:aws:sts::1:assumed-role/billing-reader/session` → `billing-reader`. */
export function roleNameOfCaller(callerArn: string | undefined): string | undefined {
  return callerArn ? /:assumed-role\/([^/]+)\//.exec(callerArn)?.[1] : undefined;
}
