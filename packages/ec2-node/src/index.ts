/**
 * @irsa-lab/ec2-node: the EC2 worker node: its kubelet, Pods with their own
 * network namespaces (or the host's), the host filesystem, iptables-like
 * rules, and the SDK credential chains that run inside a Pod.
 */

export { createCredentialChain, REFRESH_WINDOWS } from './chain/create-credential-chain.js';
export { NO_CREDENTIALS } from './chain/lib/run-links.js';
export { LEGACY_GLOBAL_STS_REGIONS, STS_GLOBAL_ENDPOINT } from './chain/lib/sts-endpoint.js';
export type { CredentialSourceKind } from './chain/source-kind.js';
export { credentialSourceKind } from './chain/source-kind.js';
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
} from './chain/types.js';
export type { FileOwner, FileStat, FsReader } from './host/host-fs.js';
export { HostFs, MAX_FILE_BYTES, MAX_FS_ENTRIES, ROOT } from './host/host-fs.js';
export { normalizePath } from './host/paths.js';
export type { CreateNodeOptions, SimNode } from './instance/create-node.js';
export { createNode } from './instance/create-node.js';
export type { ImdsVerdict } from './instance/explain-imds.js';
export type { NodeRule } from './instance/node-rules.js';
export { DEFAULT_POD_IFACE } from './instance/node-rules.js';
export type { RunningPod } from './instance/pod-runtime.js';
export { emptyDirVolumeDir, KUBELET_ROOT, podDir, projectedVolumeDir } from './kubelet/kubelet-paths.js';
export type { MountPoint } from './kubelet/mount-volumes.js';
export { DEFAULT_PROJECTED_MODE } from './kubelet/mount-volumes.js';
export type { TokenTimes } from './kubelet/refresh-rule.js';
export {
  drawJitterMs,
  isExpired,
  MAX_JITTER_MS,
  MAX_TOKEN_AGE_MS,
  refreshThresholdMs,
  requiresRefresh,
  retryDelayMs,
  SYNC_PERIOD_MS,
} from './kubelet/refresh-rule.js';
export type { IssuedServiceAccountToken, RequestToken, TokenScheduleEntry } from './kubelet/token-manager.js';
export type { AgentDeps, PodIdentityAgent, PodIdentityAgentOptions } from './pod-identity-agent/agent.js';
export {
  CREDENTIALS_PATH,
  createPodIdentityAgent,
  POD_IDENTITY_AGENT_IP,
  POD_IDENTITY_AGENT_IPV6,
} from './pod-identity-agent/agent.js';
export { MAX_CACHE_ENTRIES, MAX_RETENTION_MS, MIN_CREDENTIAL_TTL_MS } from './pod-identity-agent/credential-cache.js';
export { AGENT_USER_AGENT } from './pod-identity-agent/eks-auth-client.js';
export { AGENT_ADDRESSES } from './pod-identity-agent/validate-request.js';
export type { PodView } from './pod-view.js';

export type { RealSdkCredentials, RealSdkResult, RunRealSdkChainOptions, SdkLogger } from './sdk/run-real-sdk-chain.js';
export { runRealSdkChain } from './sdk/run-real-sdk-chain.js';
