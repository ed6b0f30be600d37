/**
 * Helpers shared by the set-A scenarios: a world with one node and its
 * instance role, pod YAML, `aws sts assume-role-with-web-identity` made over
 * the simulated network (so every STS step is real), CloudTrail lookups and
 * trust-policy condition summaries. IMDS helpers are in lib-a-imds.ts.
 */
import type { MetadataOptions } from '@irsa-lab/imds';
import type { ChainResult, PodView } from '@irsa-lab/node';
import type { DecisionTrace, Panel } from '../engine/types.js';
import { cloudtrailPanel, credentialsPanel } from '../panels/panels.js';
import { stsDecision } from '../panels/traces.js';
import { createWorld, type World } from '../world/create-world.js';
import { registerOidcProvider } from '../world/irsa-setup.js';

/** The node's instance-profile role, and what it may do (what a pod inherits if it reaches IMDS). */
export const NODE_ROLE = 'demo-node-role';
const NODE_ROLE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['ec2:DescribeInstances', 'ecr:GetAuthorizationToken', 'ecr:BatchGetImage'],
      Resource: '*',
    },
  ],
});

/** A world with one node (IMDS as given) and, unless told otherwise, the OIDC provider registered. */
export async function worldWithNode(
  seed: number,
  metadataOptions: Partial<MetadataOptions>,
  options: { readonly provider?: boolean } = {},
): Promise<World> {
  const world = await createWorld({ seed });
  world.addNode({
    instanceRoleName: NODE_ROLE,
    instanceRolePolicies: { 'worker-node': NODE_ROLE_POLICY },
    metadataOptions,
  });
  if (options.provider !== false) registerOidcProvider(world);
  return world;
}

/** The name of the world's first node. */
export function nodeName(world: World): string {
  return [...world.nodes.keys()][0] ?? '';
}

/** The role ARN IAM holds for an access key (web identity or instance profile). */
export function roleOf(world: World, accessKeyId: string | undefined): string | undefined {
  return accessKeyId ? world.iam.lookupAccessKey(accessKeyId)?.roleArn : undefined;
}

export interface PodYamlInput {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly pod: string;
  readonly nodeName: string;
  /** Annotations of the ServiceAccount (omit the SA document when `default` or `withServiceAccount: false`). */
  readonly saAnnotations?: Readonly<Record<string, string>>;
  readonly hostNetwork?: boolean;
  /** A hostPath volume mounted at `/host<hostPath>`. */
  readonly hostPath?: string;
  readonly privileged?: boolean;
  readonly withNamespace?: boolean;
  readonly withServiceAccount?: boolean;
  /** Environment variables of the container. */
  readonly env?: Readonly<Record<string, string>>;
  /** false: no Kubernetes API token volume (automountServiceAccountToken: false). */
  readonly automount?: boolean;
}

/** YAML for a namespace, a ServiceAccount and a pod pinned to a node. */
export function podYaml(input: PodYamlInput): string {
  const docs: string[] = [];
  if (input.withNamespace !== false)
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${input.namespace}\n`);
  if (input.serviceAccount !== 'default' && input.withServiceAccount !== false) {
    const ann = Object.entries(input.saAnnotations ?? {});
    const annYaml = ann.length ? `\n  annotations:\n${ann.map(([k, v]) => `    ${k}: ${v}`).join('\n')}` : '';
    docs.push(
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${input.serviceAccount}\n  namespace: ${input.namespace}${annYaml}\n`,
    );
  }
  const env = Object.entries(input.env ?? {});
  const envYaml = env.length
    ? `\n      env:\n${env.map(([k, v]) => `        - name: ${k}\n          value: "${v}"`).join('\n')}`
    : '';
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
  namespace: ${input.namespace}
spec:
  serviceAccountName: ${input.serviceAccount}${input.automount === false ? '\n  automountServiceAccountToken: false' : ''}
  nodeName: ${input.nodeName}${input.hostNetwork ? '\n  hostNetwork: true' : ''}
  containers:
    - name: app
      image: public.ecr.aws/docker/library/busybox:1.36${envYaml}${mount}${privileged}${volumes}
`);
  return docs.join('---\n');
}

/** A file or document shown as text. */
export function textPanel(title: string, text: string | readonly string[]): Panel {
  return { kind: 'text', title, lines: typeof text === 'string' ? text.trimEnd().split('\n') : text };
}

/** The environment the webhook gave a pod's first container. */
export function envPanel(world: World, namespace: string, pod: string): Panel {
  const env = world.api.get('Pod', namespace, pod).spec.containers[0]?.env ?? [];
  const lines = env.map((e) => `${e.name}=${e.value ?? ''}`);
  return textPanel(`Environment of ${namespace}/${pod}`, lines.length ? lines : ['(no AWS_* variables injected)']);
}

/** The error code a chain ended with ('none' when it resolved). */
export function chainErrorCode(result: ChainResult): string {
  return result.ok ? 'none' : result.error.code;
}

/** What an STS call made over the wire came back with. */
export interface StsCall {
  readonly ok: boolean;
  readonly code?: string;
  readonly message?: string;
  readonly accessKeyId?: string;
  readonly assumedRoleArn?: string;
  readonly decision: DecisionTrace;
  readonly panels: Panel[];
}

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/**
 * `aws sts assume-role-with-web-identity`, as a Query POST to the regional
 * STS endpoint, from a pod (its source IP lands in CloudTrail) or from the
 * learner's laptop.
 */
export async function awsStsAssume(
  world: World,
  input: { readonly roleArn: string; readonly token: string; readonly sessionName: string },
  from?: PodView,
): Promise<StsCall> {
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: input.roleArn,
    RoleSessionName: input.sessionName,
    WebIdentityToken: input.token,
  });
  const request = new Request(`https://sts.${world.region}.amazonaws.com/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'aws-cli/2.17.0' },
    body: body.toString(),
  });
  const response = await (from ? from.fetch(request) : world.net.fetch(request));
  const xml = await response.text();
  const requestId = response.headers.get('x-amzn-RequestId') ?? '';
  const decision = stsDecision('STS AssumeRoleWithWebIdentity', world.sts.traceOf(requestId) ?? []);
  const panels: Panel[] = [
    { kind: 'trust-trace', title: 'How STS decided', trace: decision },
    cloudtrailPanel(world, 1),
  ];
  if (!response.ok) {
    return { ok: false, code: tag(xml, 'Code'), message: tag(xml, 'Message'), decision, panels };
  }
  const accessKeyId = tag(xml, 'AccessKeyId');
  const secret = tag(xml, 'SecretAccessKey') ?? '';
  if (accessKeyId)
    panels.unshift(credentialsPanel(world, 'Credentials returned', 'sts', { accessKeyId, secretAccessKey: secret }));
  return { ok: true, accessKeyId, assumedRoleArn: tag(xml, 'Arn'), decision, panels };
}

/** CloudTrail AssumeRoleWithWebIdentity records, oldest first. */
export interface TrailRecord {
  readonly eventName: string;
  readonly errorCode?: string;
  readonly sourceIPAddress?: string;
  readonly userIdentity: { readonly type?: string; readonly userName?: string; readonly principalId?: string };
  readonly requestParameters?: { readonly roleArn?: string; readonly roleSessionName?: string };
  readonly irsaLab?: { readonly tokenJti?: string };
}

export function webIdentityRecords(world: World): TrailRecord[] {
  return world.log
    .all('cloudtrail')
    .map((e) => e.data as TrailRecord)
    .filter((r) => r.eventName === 'AssumeRoleWithWebIdentity');
}

/** The first failed trust-policy condition in a decision trace: its condition key and its line. */
export function failedCondition(decision: DecisionTrace): { readonly key: string; readonly text: string } | undefined {
  const line = decision.lines.find((l) => l.ok === false && /^String\w+ \S+: /.test(l.text));
  const key = line ? /^String\w+ (\S+): /.exec(line.text)?.[1] : undefined;
  return line && key ? { key, text: line.text } : undefined;
}

/** The failed condition in a few words, the issuer prefix dropped: `StringEquals sub: sub is "..."; ... wants "...": no match`. */
export function briefCondition(world: World, decision: DecisionTrace): string {
  return failedCondition(decision)?.text.replaceAll(`${world.issuerHostPath}:`, '') ?? 'no condition failed';
}
