/**
 * Which provider of the real chain produced a set of credentials. Recent
 * SDKs stamp credentials with feature flags (`credentials.$source`, set by
 * `setCredentialFeature`): env, profile, web identity, HTTP. The smithy
 * container-metadata and IMDS providers set none (checked in
 * @smithy/credential-provider-imds 4.5.2), so without a flag the source is
 * inferred from the env: container variables set → fromContainerMetadata,
 * otherwise fromInstanceMetadata.
 */
import { AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI } from '@irsa-lab/core';
import type { JsV3ProviderName } from '../../chain/types.js';

const PROFILE_FEATURES = [
  'CREDENTIALS_PROFILE',
  'CREDENTIALS_PROFILE_SOURCE_PROFILE',
  'CREDENTIALS_PROFILE_NAMED_PROVIDER',
  'CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN',
  'CREDENTIALS_PROFILE_SSO',
  'CREDENTIALS_PROFILE_SSO_LEGACY',
  'CREDENTIALS_PROFILE_PROCESS',
  'CREDENTIALS_PROFILE_LOGIN',
];

/** Feature flags checked in this order; profile flags first, since fromIni wraps the others. */
const BY_FEATURE: readonly (readonly [readonly string[], JsV3ProviderName])[] = [
  [PROFILE_FEATURES, 'fromIni'],
  [['CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN', 'CREDENTIALS_STS_ASSUME_ROLE_WEB_ID'], 'fromTokenFile'],
  [['CREDENTIALS_ENV_VARS'], 'fromEnv'],
  [['CREDENTIALS_SSO', 'CREDENTIALS_SSO_LEGACY'], 'fromSSO'],
  [['CREDENTIALS_PROCESS'], 'fromProcess'],
  [['CREDENTIALS_HTTP'], 'fromHttp'],
  [['CREDENTIALS_IMDS'], 'fromInstanceMetadata'],
];

/** The provider behind `credentials`, from its `$source` flags, else from the env it ran with. */
export function realSourceOf(credentials: object, env: Readonly<Record<string, string>>): JsV3ProviderName {
  const flags = (credentials as { $source?: Record<string, unknown> }).$source ?? {};
  for (const [features, provider] of BY_FEATURE) {
    if (features.some((feature) => Object.hasOwn(flags, feature))) return provider;
  }
  const container = env[AWS_CONTAINER_CREDENTIALS_RELATIVE_URI] || env[AWS_CONTAINER_CREDENTIALS_FULL_URI];
  return container ? 'fromContainerMetadata' : 'fromInstanceMetadata';
}
