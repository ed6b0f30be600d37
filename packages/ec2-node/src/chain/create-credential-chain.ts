/**
 * createCredentialChain: a workload's credential chain as JS SDK v3 or
 * botocore runs it inside a Pod, memoized and refreshed as they do
 * (docs/reference.md#credential-refresh-windows): JS v3 treats credentials as expired 5 min before
 * `expiration` and re-runs the whole memoized chain; botocore refreshes 15
 * min before (advisory: a failure keeps the old credentials) or 10 min
 * before (mandatory: a failure raises), re-running only the provider that
 * produced them. Every resolution is logged as `chain.resolved` or
 * `chain.failed`. Simplification: inside the 5-min window the real JS
 * memoizer refreshes in the background and hands the old credentials to the
 * call that noticed; the model awaits that refresh and returns the new ones.
 */

import type { PodView } from '../pod-view.js';
import { BOTOCORE_LINKS, BOTOCORE_NO_CREDENTIALS } from './botocore/chain.js';
import { JS_V3_NO_CREDENTIALS, jsV3Links } from './js-v3/chain.js';
import { shapeLinks } from './lib/chain-links.js';
import type { ChainContext, ProviderLink } from './lib/probe.js';
import { runLinks } from './lib/run-links.js';
import type {
  ChainCredentials,
  ChainResult,
  CreateCredentialChainOptions,
  CredentialChain,
  ProviderAttempt,
  SdkFlavor,
} from './types.js';

const MINUTE_MS = 60_000;

/**
 * How long before `expiration` each SDK refreshes: once fewer than `softMs`
 * remain it starts a refresh whose failure still leaves the old credentials
 * usable, once fewer than `hardMs` remain one whose failure is an error.
 * JS v3: 5 min (`credentialsTreatedAsExpired`: `expiration - now < 300000`),
 * and the memoized chain drops credentials once actually expired. botocore:
 * advisory 15 min, mandatory 10 min (`refresh_needed`: not while the
 * seconds remaining are at least the window).
 */
export const REFRESH_WINDOWS: Readonly<Record<SdkFlavor, { readonly softMs: number; readonly hardMs: number }>> = {
  'js-v3': { softMs: 5 * MINUTE_MS, hardMs: 0 },
  botocore: { softMs: 15 * MINUTE_MS, hardMs: 10 * MINUTE_MS },
};

type Phase = 'empty' | 'fresh' | 'soft' | 'hard';

function phaseOf(credentials: ChainCredentials | undefined, nowMs: number, sdk: SdkFlavor): Phase {
  if (!credentials) return 'empty';
  if (credentials.expirationMs === undefined) return 'fresh';
  const { softMs, hardMs } = REFRESH_WINDOWS[sdk];
  const remainingMs = credentials.expirationMs - nowMs;
  if (remainingMs >= softMs) return 'fresh';
  if (remainingMs >= hardMs) return 'soft';
  return 'hard';
}

/**
 * The credential chain of the workload behind `view`, as `options.sdk`
 * runs it. Nothing happens until `resolve()` (botocore's web-identity
 * credentials are deferred until first use; a resolve is that use).
 * @example const chain = createCredentialChain(view, { sdk: 'js-v3', clock, log });
 * const result = await chain.resolve(); // result.ok && result.credentials.source === 'fromTokenFile'
 */
export function createCredentialChain(view: PodView, options: CreateCredentialChainOptions): CredentialChain {
  const { sdk, clock } = options;
  if (sdk !== 'js-v3' && sdk !== 'botocore') throw new TypeError(`unknown sdk ${String(sdk)}`);
  if (!clock || typeof clock.nowMs !== 'function') throw new TypeError('createCredentialChain needs a clock');
  const ctx: ChainContext = {
    view,
    clock,
    ...(options.region === undefined ? {} : { region: options.region }),
    imdsExtendedPath: options.imdsExtendedPath ?? false,
  };
  const links = shapeLinks(
    sdk === 'js-v3' ? jsV3Links({ imdsExtendedPath: ctx.imdsExtendedPath }) : BOTOCORE_LINKS,
    sdk,
    options,
  );
  const noCredentials = sdk === 'js-v3' ? JS_V3_NO_CREDENTIALS : BOTOCORE_NO_CREDENTIALS;
  let cached: { credentials: ChainCredentials; winner: ProviderLink } | undefined;
  let inFlight: Promise<ChainResult> | undefined;

  async function resolveNow(): Promise<ChainResult> {
    const phase = phaseOf(cached?.credentials, clock.nowMs(), sdk);
    if (cached && phase === 'fresh') return { ok: true, credentials: cached.credentials, fromCache: true, trace: [] };
    // botocore refreshes through the credentials object it handed out; JS re-runs its memoized chain
    const toRun = cached && sdk === 'botocore' ? [cached.winner] : links;
    const run = await runLinks(ctx, toRun, noCredentials);
    if (run.ok) {
      cached = { credentials: run.credentials, winner: run.winner };
      return { ok: true, credentials: run.credentials, fromCache: false, trace: run.trace };
    }
    if (cached && phase === 'soft') {
      return { ok: true, credentials: cached.credentials, fromCache: true, trace: run.trace, refreshError: run.error };
    }
    if (sdk === 'js-v3') cached = undefined;
    return { ok: false, error: run.error, trace: run.trace };
  }

  return {
    sdk,
    resolve() {
      inFlight ??= resolveNow()
        .then((result) => {
          record(view, sdk, options, result);
          return result;
        })
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
  };
}

/** One line per provider: `fromEnv:failed-continue`. */
function summarize(trace: readonly ProviderAttempt[]): string[] {
  return trace.map((a) => `${a.provider}:${a.outcome}`);
}

function record(view: PodView, sdk: SdkFlavor, options: CreateCredentialChainOptions, result: ChainResult): void {
  const { log } = options;
  if (!log) return;
  const base = { pod: view.podKey, container: view.container, sdk, trace: summarize(result.trace) };
  if (result.ok) {
    const { source, accessKeyId, expirationMs } = result.credentials;
    const how = result.fromCache ? (result.refreshError ? 'kept after a failed refresh' : 'from cache') : 'resolved';
    log.append('chain.resolved', `chain/${view.podKey}`, `${sdk} chain of ${view.podKey}: ${source} (${how})`, {
      ...base,
      source,
      accessKeyId,
      ...(expirationMs === undefined ? {} : { expirationMs }),
      fromCache: result.fromCache,
      ...(result.refreshError ? { refreshError: result.refreshError } : {}),
    });
    return;
  }
  const { code, provider, message } = result.error;
  log.append('chain.failed', `chain/${view.podKey}`, `${sdk} chain of ${view.podKey} failed at ${provider}: ${code}`, {
    ...base,
    source: provider,
    error: { code, message, provider },
  });
}
