/**
 * Where each SDK sends the web-identity AssumeRoleWithWebIdentity call
 * (docs/reference.md#sts-endpoints): a configured endpoint URL first
 * (AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS), else the regional endpoint; botocore
 * still honours AWS_STS_REGIONAL_ENDPOINTS=legacy for the legacy regions.
 */
import {
  AWS_DEFAULT_REGION,
  AWS_REGION,
  AWS_STS_REGIONAL_ENDPOINTS,
  STS_GLOBAL_HOST,
  stsRegionalHost,
} from '@irsa-lab/core';
import type { Probe } from './probe.js';

/** STS's global endpoint (signing region us-east-1). */
export const STS_GLOBAL_ENDPOINT = `https://${STS_GLOBAL_HOST}`;

/** botocore `LEGACY_GLOBAL_STS_REGIONS`: sent to the global endpoint under `sts_regional_endpoints = legacy`. */
export const LEGACY_GLOBAL_STS_REGIONS: readonly string[] = [
  'ap-northeast-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'aws-global',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/** The endpoint and the region behind it, with why it was chosen (for the trace). */
export interface StsEndpoint {
  readonly url: string;
  readonly region: string | undefined;
  readonly why: string;
}

function configuredEndpoint(probe: Probe): { url: string; why: string } | undefined {
  if ((probe.env('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS') ?? '').toLowerCase() === 'true') return undefined;
  const sts = probe.env('AWS_ENDPOINT_URL_STS');
  if (sts) return { url: sts, why: 'AWS_ENDPOINT_URL_STS' };
  const any = probe.env('AWS_ENDPOINT_URL');
  if (any) return { url: any, why: 'AWS_ENDPOINT_URL' };
  return undefined;
}

/**
 * JS v3: regional always (`useGlobalEndpoint` defaults to false and the
 * env var is not read); the region is the one given in code (`codeRegion`:
 * fromTokenFile gets `clientConfig`, a web-identity profile in fromIni does
 * not), else AWS_REGION, else the profile's `region` (read only when
 * needed), else us-east-1.
 */
export function jsV3StsEndpoint(
  probe: Probe,
  profileRegion: () => string | undefined,
  codeRegion: boolean,
): StsEndpoint {
  const fromCode = codeRegion ? probe.ctx.region : undefined;
  const region = fromCode ?? (probe.env(AWS_REGION) || profileRegion() || 'us-east-1');
  const configured = configuredEndpoint(probe);
  if (configured) return { url: configured.url, region, why: configured.why };
  return { url: `https://${stsRegionalHost(region)}`, region, why: `regional endpoint of ${region}` };
}

/**
 * botocore ≥ 1.40: the region is `region_name`, else AWS_DEFAULT_REGION
 * (botocore does not read AWS_REGION), else the profile's `region`;
 * regional unless AWS_STS_REGIONAL_ENDPOINTS=legacy and the region is a
 * legacy one; no region at all goes to the global endpoint [INFERRED].
 */
export function botocoreStsEndpoint(probe: Probe, profileRegion: () => string | undefined): StsEndpoint {
  const region = probe.ctx.region ?? (probe.env(AWS_DEFAULT_REGION) || profileRegion() || undefined);
  const configured = configuredEndpoint(probe);
  if (configured) return { url: configured.url, region, why: configured.why };
  if (region === undefined) return { url: STS_GLOBAL_ENDPOINT, region, why: 'no region configured: global endpoint' };
  const mode = (probe.env(AWS_STS_REGIONAL_ENDPOINTS) ?? 'regional').toLowerCase();
  if (mode === 'legacy' && LEGACY_GLOBAL_STS_REGIONS.includes(region)) {
    return {
      url: STS_GLOBAL_ENDPOINT,
      region,
      why: `AWS_STS_REGIONAL_ENDPOINTS=legacy and ${region} is a legacy region`,
    };
  }
  return { url: `https://${stsRegionalHost(region)}`, region, why: `regional endpoint of ${region}` };
}
