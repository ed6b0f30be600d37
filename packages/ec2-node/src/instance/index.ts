/**
 * The node layer's public API: createNode and its types, the host
 * filesystem, the kubelet's refresh rule and paths, and the node rules.
 */

export type { FileOwner, FileStat, FsReader } from '../host/host-fs.js';
export { HostFs, MAX_FILE_BYTES, MAX_FS_ENTRIES, ROOT } from '../host/host-fs.js';
export { normalizePath } from '../host/paths.js';
export { emptyDirVolumeDir, KUBELET_ROOT, podDir, projectedVolumeDir } from '../kubelet/kubelet-paths.js';
export type { MountPoint } from '../kubelet/mount-volumes.js';
export { DEFAULT_PROJECTED_MODE } from '../kubelet/mount-volumes.js';
export type { TokenTimes } from '../kubelet/refresh-rule.js';
export {
  drawJitterMs,
  isExpired,
  MAX_JITTER_MS,
  MAX_TOKEN_AGE_MS,
  refreshThresholdMs,
  requiresRefresh,
  retryDelayMs,
  SYNC_PERIOD_MS,
} from '../kubelet/refresh-rule.js';
export type { IssuedServiceAccountToken, RequestToken, TokenScheduleEntry } from '../kubelet/token-manager.js';
export type { AgentDeps, PodIdentityAgent, PodIdentityAgentOptions } from '../pod-identity-agent/agent.js';
export {
  CREDENTIALS_PATH,
  createPodIdentityAgent,
  POD_IDENTITY_AGENT_IP,
  POD_IDENTITY_AGENT_IPV6,
} from '../pod-identity-agent/agent.js';
export { MAX_CACHE_ENTRIES, MAX_RETENTION_MS, MIN_CREDENTIAL_TTL_MS } from '../pod-identity-agent/credential-cache.js';
export { AGENT_USER_AGENT } from '../pod-identity-agent/eks-auth-client.js';
export { AGENT_ADDRESSES } from '../pod-identity-agent/validate-request.js';
export type { CreateNodeOptions, SimNode } from './create-node.js';
export { createNode } from './create-node.js';
export type { ImdsVerdict } from './explain-imds.js';
export type { NodeRule } from './node-rules.js';
export { DEFAULT_POD_IFACE, IMDS_IP, POD_IDENTITY_AGENT_ADDRESS } from './node-rules.js';
export type { RunningPod } from './pod-runtime.js';
