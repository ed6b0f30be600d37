/**
 * Credential-chain models: how the JavaScript SDK v3 and botocore find
 * credentials inside a Pod (env, shared files, IRSA web identity, container
 * credentials, IMDS), in their order, with their fall-through rules and
 * refresh windows, read through a PodView.
 */

export { createCredentialChain, REFRESH_WINDOWS } from './create-credential-chain.js';
export type { ChainShape } from './lib/chain-links.js';
export { compareVersions, hasWebIdentity, MIN_WEB_IDENTITY_VERSION, WEB_IDENTITY_PROVIDER } from './lib/chain-links.js';
export type { RetryPolicy } from './lib/retry.js';
export { STANDARD_RETRY, THROTTLING_CODES } from './lib/retry.js';
export { NO_CREDENTIALS } from './lib/run-links.js';
export { LEGACY_GLOBAL_STS_REGIONS, STS_GLOBAL_ENDPOINT } from './lib/sts-endpoint.js';
export type { CredentialSourceKind } from './source-kind.js';
export { credentialSourceKind } from './source-kind.js';
export type {
  BotocoreProviderName,
  ChainCredentials,
  ChainError,
  ChainResult,
  CreateCredentialChainOptions,
  CredentialChain,
  JsV3ProviderName,
  ProviderAttempt,
  ProviderName,
  ProviderRequest,
  SdkFlavor,
} from './types.js';
