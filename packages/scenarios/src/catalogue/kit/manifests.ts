/**
 * The Pod manifest the scenarios apply (with, when asked, its Namespace and
 * ServiceAccount in front), and the images its container runs.
 */
import { serviceAccountYaml } from '@irsa-lab/world';

/** A shell image, for pods a learner execs into (`curl`, `cat`, `ls`). */
export const BUSYBOX_IMAGE = 'public.ecr.aws/docker/library/busybox:1.36';
/** A Node.js image, for an app that uses the AWS SDK for JavaScript. */
export const NODE_IMAGE = 'public.ecr.aws/docker/library/node:20';

export interface PodYamlInput {
  readonly namespace: string;
  readonly pod: string;
  readonly serviceAccount: string;
  /** The image of the pod's one container, `app`. */
  readonly image: string;
  /** Write a Namespace document first. */
  readonly withNamespace: boolean;
  /** Write the ServiceAccount document first (false when it exists already, or is `default`). */
  readonly withServiceAccount: boolean;
  /** The ServiceAccount's eks.amazonaws.com/role-arn annotation (with `withServiceAccount`). */
  readonly roleArn?: string;
  /** The node the pod is pinned to (spec.nodeName); omitted, the scheduler picks one. */
  readonly nodeName?: string;
  /** false: no Kubernetes API token volume (automountServiceAccountToken: false). */
  readonly automount?: boolean;
  readonly hostNetwork?: boolean;
  /** A hostPath volume mounted at `/host<hostPath>`. */
  readonly hostPath?: string;
  readonly privileged?: boolean;
  /** The pod's securityContext: the user its containers run as, and the fsGroup of its volumes. */
  readonly securityContext?: { readonly runAsUser?: number; readonly fsGroup?: number };
  /** Environment variables of the container (`env[].value`), in this order. */
  readonly env?: Readonly<Record<string, string>>;
}

/** YAML of a one-container Pod, after its Namespace and ServiceAccount when asked for. */
export function podYaml(input: PodYamlInput): string {
  const docs: string[] = [];
  const { namespace } = input;
  if (input.withServiceAccount) {
    const sa = { namespace, name: input.serviceAccount, withNamespace: input.withNamespace };
    docs.push(serviceAccountYaml(input.roleArn ? { ...sa, roleArn: input.roleArn } : sa));
  } else if (input.withNamespace) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespace}\n`);
  }
  const mount = input.hostPath
    ? `\n      volumeMounts:\n        - name: host\n          mountPath: /host${input.hostPath}`
    : '';
  const privileged = input.privileged ? '\n      securityContext:\n        privileged: true' : '';
  const volumes = input.hostPath
    ? `\n  volumes:\n    - name: host\n      hostPath:\n        path: ${input.hostPath}`
    : '';
  docs.push(`apiVersion: v1
kind: Pod
metadata:
  name: ${input.pod}
  namespace: ${namespace}
spec:
  serviceAccountName: ${input.serviceAccount}${input.automount === false ? '\n  automountServiceAccountToken: false' : ''}${input.nodeName ? `\n  nodeName: ${input.nodeName}` : ''}${input.hostNetwork ? '\n  hostNetwork: true' : ''}${securityContextYaml(input.securityContext)}
  containers:
    - name: app
      image: ${input.image}${envYaml(input.env)}${mount}${privileged}${volumes}
`);
  return docs.join('---\n');
}

/** A container's `env:` block ('' without variables). */
function envYaml(env: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(env ?? {});
  if (entries.length === 0) return '';
  return `\n      env:${entries.map(([name, value]) => `\n        - name: ${name}\n          value: ${JSON.stringify(value)}`).join('')}`;
}

/** A pod's `securityContext:` block ('' without one). */
function securityContextYaml(context: PodYamlInput['securityContext']): string {
  const entries = Object.entries(context ?? {}).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '';
  return `\n  securityContext:${entries.map(([k, v]) => `\n    ${k}: ${v}`).join('')}`;
}
