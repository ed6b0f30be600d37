/** The events the node (kubelet, pods, SDK chains) logs, declared in core's EventMap (see EventMap there). */
import type { ChainError, ProviderName, SdkFlavor } from './chain/types.js';

/** Which projected token file of which pod. */
interface TokenFile {
  /** `<namespace>/<name>`. */
  readonly pod: string;
  readonly podUid: string;
  readonly volume: string;
  readonly path: string;
  readonly phase: 'mount' | 'refresh';
}

/** The kubelet wrote a projected token file (at mount, or on refresh). */
export interface TokenWrittenEvent extends TokenFile {
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  readonly nextRefreshAtMs: number;
  /** The random part of this round's refresh threshold. */
  readonly jitterMs: number;
  /** Absent when the token has none (it always has, from the API server). */
  readonly jti?: string;
}

/**
 * The kubelet could not get a token. At mount, or with no token yet, only
 * code and message; on a refresh, also whether the kept token has expired,
 * how many times in a row it failed, and when it retries.
 */
export interface RefreshFailedEvent extends TokenFile {
  readonly code?: string;
  readonly message: string;
  readonly expired?: boolean;
  readonly failures?: number;
  readonly keptExpiresAtMs?: number;
  readonly retryAtMs?: number;
}

/** Which chain ran where. */
interface ChainRun {
  /** `<namespace>/<name>`. */
  readonly pod: string;
  readonly container: string;
  readonly sdk: SdkFlavor;
  /** One line per provider tried: `fromEnv:failed-continue`. */
  readonly trace: readonly string[];
}

/** A pod's SDK credential chain produced credentials (resolved, or from its cache). */
export interface ChainResolvedEvent extends ChainRun {
  readonly source: ProviderName;
  readonly accessKeyId: string;
  readonly expirationMs?: number;
  readonly fromCache: boolean;
  /** A refresh failed and the cached credentials, still valid, were kept. */
  readonly refreshError?: ChainError;
}

/** A pod's SDK credential chain failed. */
export interface ChainFailedEvent extends ChainRun {
  /** The provider that failed. */
  readonly source: ProviderName;
  readonly error: ChainError;
}

/** The kubelet started a pod on its node. */
export interface PodStartedEvent {
  /** `<namespace>/<name>`. */
  readonly pod: string;
  readonly uid: string;
  readonly ip: string;
  readonly hostNetwork: boolean;
}

/** The kubelet stopped a pod. */
export interface PodStoppedEvent {
  readonly pod: string;
  readonly uid: string;
}

/** The node's iptables-like rules were set. */
export interface NodeRulesSetEvent {
  readonly node: string;
  /** The rules as iptables lines, in order. */
  readonly rules: readonly string[];
}

/**
 * The node's Pod Identity agent answered a request on 169.254.170.23: 200
 * with the credentials' key id and how it got them (EKS Auth, its cache), or
 * an error status and its message.
 */
export interface PodIdentityAgentAnsweredEvent {
  readonly node: string;
  /** The caller's network identity (a pod, or the node itself). */
  readonly caller: string;
  readonly status: number;
  readonly accessKeyId?: string;
  readonly how?: string;
  readonly message?: string;
}

declare module '@irsa-lab/core' {
  interface EventMap {
    'kubelet.token-written': TokenWrittenEvent;
    'kubelet.refresh-failed': RefreshFailedEvent;
    'kubelet.pod-started': PodStartedEvent;
    'kubelet.pod-stopped': PodStoppedEvent;
    'node.rules-set': NodeRulesSetEvent;
    'pod-identity-agent.answered': PodIdentityAgentAnsweredEvent;
    'chain.resolved': ChainResolvedEvent;
    'chain.failed': ChainFailedEvent;
  }
}
