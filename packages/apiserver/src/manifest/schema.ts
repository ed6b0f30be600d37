/**
 * The precise schema of the manifest fields this simulation supports, per
 * kind, in zod. Anything else is an unknown field, as with kubectl's strict
 * decoding; nulls count as absent (Go's decoder leaves the field unset);
 * field names and types follow k8s.io/api core/v1.
 */
import { z } from 'zod';
import { isPlainObject } from '../lib/json.js';
import type { Kind } from '../types.js';

/** Offset of the first byte Go's base64.StdEncoding would reject, or -1. */
function illegalBase64Offset(text: string): number {
  const body = text.replace(/[\r\n]/g, '');
  const firstPad = body.indexOf('=');
  const end = firstPad < 0 ? body.length : firstPad;
  for (let i = 0; i < end; i++) {
    if (!/[A-Za-z0-9+/]/.test(body.charAt(i))) return i;
  }
  if (firstPad >= 0 && (!/^={1,2}$/.test(body.slice(firstPad)) || body.length % 4 !== 0)) return firstPad;
  return body.length % 4 === 0 ? -1 : body.length;
}

/** A Secret's data value: base64 that decodes, refused with Go's message (what kubectl prints) otherwise. */
const base64 = z.string().superRefine((text, ctx) => {
  const at = illegalBase64Offset(text);
  if (at >= 0) {
    ctx.addIssue({
      code: 'custom',
      message: `illegal base64 data at input byte ${at}`,
      params: { problem: 'invalid-base64' },
      input: text,
    });
  }
});

const str = z.string();
const int = z.int();
const bool = z.boolean();
const intOrString = z.union([z.int(), z.string()]);
const mapOf = (values: z.ZodType) => z.record(z.string(), values);
const arr = (items: z.ZodType) => z.array(items);

function dropNulls(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

/** A Kubernetes object field: strict, nulls dropped, the `required` fields present. */
function obj(fields: Readonly<Record<string, z.ZodType>>, required: readonly string[] = []) {
  const shape = Object.fromEntries(
    Object.entries(fields).map(([key, schema]) => [key, required.includes(key) ? schema : schema.optional()]),
  );
  return z.preprocess(dropNulls, z.strictObject(shape));
}

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

const top = (fields: Readonly<Record<string, z.ZodType>>, required: readonly string[] = ['metadata']) =>
  obj({ apiVersion: str, kind: str, metadata, ...fields }, required);

/** The schema of each kind's manifest (apiVersion v1). */
export const MANIFEST_SCHEMAS: Readonly<Record<Kind, z.ZodType>> = {
  Namespace: top({}),
  ServiceAccount: top({ automountServiceAccountToken: bool, secrets: arr(nameRef), imagePullSecrets: arr(nameRef) }),
  Pod: top({ spec: podSpec }, ['metadata', 'spec']),
  Secret: top({ type: str, data: mapOf(base64), stringData: mapOf(str), immutable: bool }),
  Node: top({ spec: obj({ providerID: str, unschedulable: bool }) }),
};

/** The kinds a manifest may name, each served at apiVersion v1. */
export function isKnownKind(kind: unknown): kind is Kind {
  return typeof kind === 'string' && Object.hasOwn(MANIFEST_SCHEMAS, kind);
}
