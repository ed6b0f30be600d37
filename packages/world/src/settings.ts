/**
 * World settings: the knobs of a world that real clusters and accounts have
 * too, each with the default the real system documents (or ships with) and
 * where that default comes from. createWorld takes them as options, a world
 * file as `Cluster.spec` fields (docs/world-file.md lists both).
 */
import { SimError } from '@irsa-lab/core';
import { type DocumentProblem, fieldText, readDocument } from '@irsa-lab/core/document';
import { z } from 'zod';

export interface WorldSettings {
  /**
   * How long a ServiceAccount change takes to reach the pod identity webhook's informer cache, ms. Default 0:
   * the informer keeps up within one `kubectl apply`. On clusters it is milliseconds to seconds (webhook PR
   * #236: "a matter of a few milliseconds"); above 0, a pod applied with its ServiceAccount can start unmutated.
   */
  readonly webhookCacheLagMs: number;
  /** The webhook's `--service-account-lookup-grace-period`, ms. Default 0 (main.go: "deactivates waiting"). */
  readonly webhookLookupGracePeriodMs: number;
  /**
   * STS requests per second, per account, per Region, before `Throttling: Rate exceeded`. Default 600, the
   * documented default quota ("IAM and AWS STS quotas"); a support ticket raises it.
   */
  readonly stsRequestsPerSecond: number;
  /**
   * IAM's "Role trust policy length" quota (`ACLSizePerRole`), characters without white space. Default 2048;
   * Service Quotas raises it (the quotas page's maximum has grown from 4096 to 8192).
   */
  readonly iamRoleTrustPolicyLength: number;
  /** IAM's "OpenId connect providers per account" quota. Default 100, raisable to 700. */
  readonly iamOpenIdConnectProvidersPerAccount: number;
}

/** The defaults, each as its source gives it. */
export const DEFAULT_WORLD_SETTINGS: WorldSettings = Object.freeze({
  webhookCacheLagMs: 0,
  webhookLookupGracePeriodMs: 0,
  stsRequestsPerSecond: 600,
  iamRoleTrustPolicyLength: 2048,
  iamOpenIdConnectProvidersPerAccount: 100,
});

/** Bounds: an hour of lag or grace at most (a setting cannot stall a world); IAM quotas as Service Quotas allows. */
export const SETTING_LIMITS: Readonly<Record<keyof WorldSettings, readonly [number, number]>> = {
  webhookCacheLagMs: [0, 3_600_000],
  webhookLookupGracePeriodMs: [0, 3_600_000],
  stsRequestsPerSecond: [1, 1_000_000],
  // an adjustable quota can be raised, never set below its default
  iamRoleTrustPolicyLength: [2048, 8192],
  iamOpenIdConnectProvidersPerAccount: [100, 700],
};

const SETTINGS_SCHEMA = z.object(
  Object.fromEntries(
    (Object.entries(SETTING_LIMITS) as [keyof WorldSettings, readonly [number, number]][]).map(([key, [min, max]]) => [
      key,
      z.int().min(min).max(max).optional(),
    ]),
  ),
);

/**
 * The defaults with `given` on top (other keys of `given` are not settings
 * and are passed over); SimError INPUT_INVALID naming the field of a value
 * that is not a whole number in its range.
 */
export function resolveSettings(given: Partial<WorldSettings>): WorldSettings {
  const read = readDocument(SETTINGS_SCHEMA, given);
  if (!read.ok) {
    const [problem] = read.problems as [DocumentProblem];
    const field = fieldText(problem.path);
    throw new SimError('INPUT_INVALID', `${field}: ${problem.message}`, { field, path: [...problem.path] });
  }
  const settings: { -readonly [K in keyof WorldSettings]: WorldSettings[K] } = { ...DEFAULT_WORLD_SETTINGS };
  for (const key of Object.keys(SETTING_LIMITS) as (keyof WorldSettings)[]) {
    const value = read.value[key];
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}
