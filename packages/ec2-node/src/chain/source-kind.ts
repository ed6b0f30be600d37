/**
 * The kind of place credentials came from, the same across both SDKs, so a
 * scenario or a comparison can say "web identity" without caring whether the
 * SDK calls it fromTokenFile or assume-role-with-web-identity.
 */
import type { ProviderName } from './types.js';

export type CredentialSourceKind = 'env' | 'profile' | 'web-identity' | 'sso' | 'process' | 'container' | 'imds';

const KINDS: Readonly<Record<ProviderName, CredentialSourceKind>> = {
  fromEnv: 'env',
  fromSSO: 'sso',
  fromIni: 'profile',
  fromProcess: 'process',
  fromTokenFile: 'web-identity',
  fromHttp: 'container',
  fromContainerMetadata: 'container',
  fromInstanceMetadata: 'imds',
  env: 'env',
  'assume-role': 'profile',
  'assume-role-with-web-identity': 'web-identity',
  sso: 'sso',
  'shared-credentials-file': 'profile',
  login: 'sso',
  process: 'process',
  'config-file': 'profile',
  'ec2-credentials-file': 'profile',
  'boto-config': 'profile',
  'container-role': 'container',
  'iam-role': 'imds',
};

/** The SDK-neutral kind of a provider: `fromTokenFile` and `assume-role-with-web-identity` are both `web-identity`. */
export function credentialSourceKind(provider: ProviderName): CredentialSourceKind {
  return KINDS[provider];
}
