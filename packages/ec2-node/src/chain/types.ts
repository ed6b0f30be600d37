/**
 * The vocabulary of the credential-chain models: which providers each SDK
 * tries (named as the SDK names them, so a learner can find them in its
 * docs and source), what one attempt looked at and decided, and what a
 * resolution returns.
 */
import type { Clock, EventLog } from '@irsa-lab/core';

/** Providers of the JavaScript SDK v3 default chain (`@aws-sdk/credential-provider-node`), by function name. */
export type JsV3ProviderName =
  | 'fromEnv'
  | 'fromSSO'
  | 'fromIni'
  | 'fromProcess'
  | 'fromTokenFile'
  | 'fromHttp'
  | 'fromContainerMetadata'
  | 'fromInstanceMetadata';

/** Providers of botocore's default resolver (`create_credential_resolver`), by their `METHOD`. */
export type BotocoreProviderName =
  | 'env'
  | 'assume-role'
  | 'assume-role-with-web-identity'
  | 'sso'
  | 'shared-credentials-file'
  | 'login'
  | 'process'
  | 'config-file'
  | 'ec2-credentials-file'
  | 'boto-config'
  | 'container-role'
  | 'iam-role';

export type ProviderName = JsV3ProviderName | BotocoreProviderName;

/** Which SDK's chain to model. */
export type SdkFlavor = 'js-v3' | 'botocore';

/** One HTTP request a provider made: the status it got, or the SimError code (`NET_TIMEOUT`, ...) it failed with. */
export interface ProviderRequest {
  readonly method: string;
  readonly url: string;
  readonly status: number | string;
}

/** What one provider of the chain did. */
export interface ProviderAttempt {
  readonly provider: ProviderName;
  /**
   * `skipped`: not configured or not simulated; `failed-continue`: failed in
   * a way the chain moves past (JS `tryNextLink`, botocore `None`);
   * `failed-stop`: failed in a way that ends the chain; `resolved`: won.
   */
  readonly outcome: 'skipped' | 'failed-continue' | 'failed-stop' | 'resolved';
  /** Environment variables (NAMES) and files (absolute paths) it looked at, in order. */
  readonly reads: readonly string[];
  /** What happened, in words a learner can follow. */
  readonly detail: string;
  /** The requests it made, in order (absent when it made none). */
  readonly requests?: readonly ProviderRequest[];
}

/** Credentials as a chain hands them out. */
export interface ChainCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** Absent for long-term keys, which never refresh. */
  readonly expirationMs?: number;
  /** The provider that produced them. */
  readonly source: ProviderName;
}

/** Why a chain (or a refresh) failed: an STS code (`InvalidIdentityToken`), `CHAIN_NO_CREDENTIALS`, `ENOENT`, a `NET_*` code, ... */
export interface ChainError {
  readonly code: string;
  readonly message: string;
  /** The provider that raised it (for `CHAIN_NO_CREDENTIALS`: the last one tried). */
  readonly provider: ProviderName;
}

export type ChainResult =
  | {
      readonly ok: true;
      readonly credentials: ChainCredentials;
      /** True when no provider ran for this call (or a refresh failed and the old credentials were kept). */
      readonly fromCache: boolean;
      /** The providers that ran during this call (empty on a plain cache hit). */
      readonly trace: readonly ProviderAttempt[];
      /** Set when a refresh failed but the old credentials were still usable and were returned. */
      readonly refreshError?: ChainError;
    }
  | {
      readonly ok: false;
      readonly error: ChainError;
      readonly trace: readonly ProviderAttempt[];
    };

export interface CreateCredentialChainOptions {
  readonly sdk: SdkFlavor;
  /** The clock of the node the Pod runs on (session names, expiry, refresh windows). */
  readonly clock: Clock;
  /** Where `chain.resolved` / `chain.failed` events go. */
  readonly log?: EventLog;
  /** A region given in code (JS `clientConfig.region`, botocore `region_name`); otherwise read from the env and profile. */
  readonly region?: string;
  /**
   * JS v3 only: try `security-credentials-extended/` before the legacy IMDS
   * path (smithy-typescript main does; the pinned @smithy/credential-provider-imds
   * 4.5.2 does not). Default false, matching the SDK this project ships.
   */
  readonly imdsExtendedPath?: boolean;
  /**
   * The SDK's version (`major.minor.patch` of @aws-sdk/credential-provider-node or botocore); below
   * MIN_WEB_IDENTITY_VERSION the chain has no web-identity provider. Default: a current SDK.
   */
  readonly sdkVersion?: string;
  /** An app's own chain instead of the default one: these providers of the SDK, in this order. */
  readonly providers?: readonly ProviderName[];
}

/** A workload's credential chain, memoized as the SDK memoizes it. */
export interface CredentialChain {
  readonly sdk: SdkFlavor;
  /** Credentials as the SDK would have them now: cached, refreshed, or resolved from scratch. */
  resolve(): Promise<ChainResult>;
}
