/**
 * runRealSdkChain: run the REAL AWS SDK for JavaScript v3 default chain
 * (`fromNodeProviderChain()`) as if inside the Pod: exactly the Pod's env,
 * copies of the Pod's files, and every request routed into the simulated
 * network as the Pod. The real SDK reads the wall clock internally (session
 * names, expiry checks); this module sets no timers of its own. Runs are
 * serialized because `process.env` and the interception are process-wide.
 */

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { AWS_REGION } from '@irsa-lab/core';
import { type Interception, intercept, type SimNetwork } from '@irsa-lab/net';
import type { JsV3ProviderName } from '../chain/types.js';
import type { PodView } from '../pod-view.js';
import { prepareSandbox, swapProcessEnv } from './lib/sandbox.js';
import { serialized } from './lib/serial.js';
import { realSourceOf } from './lib/source.js';

/** A logger as the AWS SDK v3 takes one (`Logger` of @smithy/types). */
export interface SdkLogger {
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

export interface RunRealSdkChainOptions {
  /** Passed as `clientConfig.region` (what code would pass); otherwise the SDK reads AWS_REGION, then us-east-1. */
  readonly region?: string;
  /** Also call STS GetCallerIdentity with the credentials (signed with SigV4). Default 'none'. */
  readonly call?: 'none' | 'GetCallerIdentity';
  /**
   * The credential providers' `logger` (what `fromNodeProviderChain({ logger })` takes): their warnings, such as
   * IMDS's static-stability notice, and the chain's debug lines go to it instead of console. Unset: the SDK's
   * default, console.warn for warnings. The SDK's clients keep their own default, which prints nothing.
   */
  readonly logger?: SdkLogger;
}

/** Credentials as the real SDK returned them, as plain values. */
export interface RealSdkCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expirationMs?: number;
}

export interface RealSdkResult {
  /** False when the chain failed, or when the optional call failed (credentials and source are then still set). */
  readonly ok: boolean;
  readonly credentials?: RealSdkCredentials;
  /** The provider that won: from the SDK's `$source` feature flags, else inferred (see lib/source.ts). */
  readonly source?: JsV3ProviderName;
  /** `Arn` of GetCallerIdentity, when asked for and it succeeded. */
  readonly callerArn?: string;
  /** The SDK's error: `name` is its class or code (`InvalidIdentityTokenException`, `CredentialsProviderError`). */
  readonly error?: { readonly name: string; readonly message: string };
}

/**
 * Resolve credentials with the real `fromNodeProviderChain()` as the Pod
 * behind `view` would, through `net`.
 * @example const real = await runRealSdkChain(view, net, { region: 'us-west-2' }); // real.source === 'fromTokenFile'
 */
export function runRealSdkChain(
  view: PodView,
  net: SimNetwork,
  options: RunRealSdkChainOptions = {},
): Promise<RealSdkResult> {
  return serialized(() => runOnce(view, net, options));
}

async function runOnce(view: PodView, net: SimNetwork, options: RunRealSdkChainOptions): Promise<RealSdkResult> {
  const sandbox = await prepareSandbox(view);
  const restoreEnv = swapProcessEnv(sandbox.env);
  let interception: Interception | undefined;
  try {
    interception = intercept(net, { caller: view.caller, onDropped: 'hang' });
    const provider = fromNodeProviderChain({
      ...(options.region === undefined ? {} : { clientConfig: { region: options.region } }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    let resolved: Awaited<ReturnType<typeof provider>>;
    try {
      resolved = await provider();
    } catch (err) {
      return { ok: false, error: errorOf(err) };
    }
    const result = {
      ok: true,
      credentials: plainCredentials(resolved),
      source: realSourceOf(resolved, sandbox.env),
    };
    if (options.call !== 'GetCallerIdentity') return result;
    const region = options.region ?? (sandbox.env[AWS_REGION] || 'us-east-1');
    const client = new STSClient({ region, credentials: resolved });
    try {
      const identity = await client.send(new GetCallerIdentityCommand({}));
      return { ...result, ...(identity.Arn === undefined ? {} : { callerArn: identity.Arn }) };
    } catch (err) {
      return { ...result, ok: false, error: errorOf(err) };
    } finally {
      client.destroy();
    }
  } finally {
    interception?.close();
    restoreEnv();
    await sandbox.remove();
  }
}

function plainCredentials(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}): RealSdkCredentials {
  const expirationMs = credentials.expiration?.getTime();
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
    ...(expirationMs === undefined || Number.isNaN(expirationMs) ? {} : { expirationMs }),
  };
}

function errorOf(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}
