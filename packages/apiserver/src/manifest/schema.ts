/**
 * The precise schema of the manifest fields this simulation supports, per
 * kind. Anything else is an unknown field, as with kubectl's strict decoding;
 * field names and types follow k8s.io/api core/v1.
 */
import type { Kind } from '../types.js';

/** A schema node. `base64` is a string that must decode (Secret data). */
export type FieldSchema =
  | { readonly type: 'string' | 'integer' | 'boolean' | 'base64' | 'int-or-string' }
  | {
      readonly type: 'object';
      readonly fields: Readonly<Record<string, FieldSchema>>;
      readonly required?: readonly string[];
    }
  | { readonly type: 'map'; readonly values: FieldSchema }
  | { readonly type: 'array'; readonly items: FieldSchema };

const str: FieldSchema = { type: 'string' };
const int: FieldSchema = { type: 'integer' };
const bool: FieldSchema = { type: 'boolean' };
const intOrString: FieldSchema = { type: 'int-or-string' };
const obj = (fields: Record<string, FieldSchema>, required?: readonly string[]): FieldSchema =>
  required ? { type: 'object', fields, required } : { type: 'object', fields };
const mapOf = (values: FieldSchema): FieldSchema => ({ type: 'map', values });
const arr = (items: FieldSchema): FieldSchema => ({ type: 'array', items });

const metadata = obj({ name: str, namespace: str, labels: mapOf(str), annotations: mapOf(str) }, ['name']);
const keyToPath = obj({ key: str, path: str, mode: int }, ['key', 'path']);
const nameRef = obj({ name: str }, ['name']);

const securityContext = obj({
  privileged: bool,
  runAsUser: int,
  runAsGroup: int,
  runAsNonRoot: bool,
  readOnlyRootFilesystem: bool,
  allowPrivilegeEscalation: bool,
});

const container = obj(
  {
    name: str,
    image: str,
    imagePullPolicy: str,
    command: arr(str),
    args: arr(str),
    workingDir: str,
    ports: arr(obj({ containerPort: int, name: str, protocol: str }, ['containerPort'])),
    env: arr(obj({ name: str, value: str }, ['name'])),
    volumeMounts: arr(obj({ name: str, mountPath: str, readOnly: bool, subPath: str }, ['name', 'mountPath'])),
    securityContext,
    restartPolicy: str,
    resources: obj({ limits: mapOf(intOrString), requests: mapOf(intOrString) }),
  },
  ['name'],
);

const projection = obj({
  serviceAccountToken: obj({ audience: str, expirationSeconds: int, path: str }, ['path']),
  configMap: obj({ name: str, items: arr(keyToPath), optional: bool }),
  secret: obj({ name: str, items: arr(keyToPath), optional: bool }),
  downwardAPI: obj({
    items: arr(obj({ path: str, fieldRef: obj({ apiVersion: str, fieldPath: str }, ['fieldPath']) }, ['path'])),
  }),
});

const volume = obj(
  {
    name: str,
    projected: obj({ sources: arr(projection), defaultMode: int }),
    hostPath: obj({ path: str, type: str }, ['path']),
    secret: obj({ secretName: str, items: arr(keyToPath), defaultMode: int, optional: bool }),
    emptyDir: obj({ medium: str, sizeLimit: intOrString }),
  },
  ['name'],
);

const podSpec = obj(
  {
    serviceAccountName: str,
    serviceAccount: str,
    automountServiceAccountToken: bool,
    nodeName: str,
    hostNetwork: bool,
    nodeSelector: mapOf(str),
    containers: arr(container),
    initContainers: arr(container),
    volumes: arr(volume),
    securityContext: obj({
      runAsUser: int,
      runAsGroup: int,
      runAsNonRoot: bool,
      fsGroup: int,
      supplementalGroups: arr(int),
    }),
    restartPolicy: str,
    terminationGracePeriodSeconds: int,
  },
  ['containers'],
);

const top = (fields: Record<string, FieldSchema>, required: readonly string[] = ['metadata']): FieldSchema =>
  obj({ apiVersion: str, kind: str, metadata, ...fields }, required);

/** The schema of each kind's manifest (apiVersion v1). */
export const MANIFEST_SCHEMAS: Readonly<Record<Kind, FieldSchema>> = {
  Namespace: top({}),
  ServiceAccount: top({ automountServiceAccountToken: bool, secrets: arr(nameRef), imagePullSecrets: arr(nameRef) }),
  Pod: top({ spec: podSpec }, ['metadata', 'spec']),
  Secret: top({ type: str, data: mapOf({ type: 'base64' }), stringData: mapOf(str), immutable: bool }),
  Node: top({ spec: obj({ providerID: str, unschedulable: bool }) }),
};

/** The kinds a manifest may name, each served at apiVersion v1. */
export function isKnownKind(kind: unknown): kind is Kind {
  return typeof kind === 'string' && Object.hasOwn(MANIFEST_SCHEMAS, kind);
}
