/**
 * The Kubernetes objects the simulated apiserver stores (core/v1 only), with
 * the fields this simulation supports. Shapes and names follow k8s.io/api.
 */

/** The kinds the apiserver knows. */
export type Kind = 'Namespace' | 'ServiceAccount' | 'Pod' | 'Secret' | 'Node';

/** Object metadata as stored: the server fills uid, resourceVersion and creationTimestamp. */
export interface ObjectMeta {
  name: string;
  /** Set on namespaced objects only. */
  namespace?: string;
  uid: string;
  resourceVersion: string;
  /** RFC 3339, whole seconds (metav1.Time). */
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Namespace {
  apiVersion: 'v1';
  kind: 'Namespace';
  metadata: ObjectMeta;
}

export interface ServiceAccount {
  apiVersion: 'v1';
  kind: 'ServiceAccount';
  metadata: ObjectMeta;
  automountServiceAccountToken?: boolean;
  secrets?: { name: string }[];
  imagePullSecrets?: { name: string }[];
}

export interface EnvVar {
  name: string;
  value?: string;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

export interface SecurityContext {
  privileged?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
}

export interface ContainerPort {
  containerPort: number;
  name?: string;
  protocol?: string;
}

export interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  ports?: ContainerPort[];
  env?: EnvVar[];
  volumeMounts?: VolumeMount[];
  securityContext?: SecurityContext;
  /** `Always` on an initContainer makes it a native sidecar. */
  restartPolicy?: string;
  resources?: { limits?: Record<string, string | number>; requests?: Record<string, string | number> };
}

/** A projected service account token source (core/v1 ServiceAccountTokenProjection). */
export interface ServiceAccountTokenProjection {
  /** Empty or absent: the apiserver's own audiences. */
  audience?: string;
  /** Defaulted to 3600 when the pod is created. */
  expirationSeconds?: number;
  path: string;
}

export interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

export interface VolumeProjection {
  serviceAccountToken?: ServiceAccountTokenProjection;
  configMap?: { name?: string; items?: KeyToPath[]; optional?: boolean };
  secret?: { name?: string; items?: KeyToPath[]; optional?: boolean };
  downwardAPI?: { items?: { path: string; fieldRef?: { apiVersion?: string; fieldPath: string } }[] };
}

export interface Volume {
  name: string;
  projected?: { sources?: VolumeProjection[]; defaultMode?: number };
  hostPath?: { path: string; type?: string };
  secret?: { secretName?: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean };
  emptyDir?: { medium?: string; sizeLimit?: string | number };
}

export interface PodSecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  fsGroup?: number;
  supplementalGroups?: number[];
}

export interface PodSpec {
  /** Always set on a stored pod (from `serviceAccount`, else `default`). */
  serviceAccountName: string;
  /**
   * Deprecated alias of serviceAccountName, still accepted: a pod that gives only this one gets it as its
   * serviceAccountName, and a stored pod carries both, equal (the v1 conversion of the real API server).
   */
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  nodeName?: string;
  hostNetwork?: boolean;
  nodeSelector?: Record<string, string>;
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  securityContext?: PodSecurityContext;
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
}

export interface Pod {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: ObjectMeta;
  spec: PodSpec;
}

export interface Secret {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: ObjectMeta;
  /** Defaulted to `Opaque`. */
  type: string;
  /** Base64 values; `stringData` from a manifest is merged in here, as the apiserver does. */
  data?: Record<string, string>;
  immutable?: boolean;
}

export interface Node {
  apiVersion: 'v1';
  kind: 'Node';
  metadata: ObjectMeta;
  spec?: { providerID?: string; unschedulable?: boolean };
}

/** Kind name to object type. */
export interface KindMap {
  Namespace: Namespace;
  ServiceAccount: ServiceAccount;
  Pod: Pod;
  Secret: Secret;
  Node: Node;
}

/** Any stored object. */
export type K8sObject = KindMap[Kind];
