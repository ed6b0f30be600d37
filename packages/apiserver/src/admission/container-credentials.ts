/**
 * The pod identity webhook's container-credentials mode (EKS Pod Identity),
 * as `pkg/handler/handler.go` runs it when the pod's (namespace, service
 * account) is in its container-credentials config: this mode takes
 * precedence, so no IRSA variables are added. Each container gets
 * AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
 * (unless it sets either), the region variables and the read-only mount;
 * the pod gets the label `eks.amazonaws.com/pod-identity: enabled` and the
 * projected token volume (audience pods.eks.amazonaws.com). The lifetime
 * comes from the ServiceAccount cache when the SA is in it (else 86400 s),
 * a pod annotation overriding it.
 * Simplification: since 2025-03 the open-source webhook replaces the default
 * 86400 s with a random value in [79200, 86400] (PR #260); the user guide and
 * captured EKS pod specs show 86400, which is what is injected here.
 */
import {
  AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
  AWS_CONTAINER_CREDENTIALS_FULL_URI,
  POD_IDENTITY_MOUNT_PATH,
  POD_IDENTITY_TOKEN_FILE,
  POD_IDENTITY_TOKEN_PATH,
  POD_IDENTITY_VOLUME_NAME,
} from '@irsa-lab/core';
import { parseGoBool, parseGoCsvRecord, parseGoInt } from '../lib/go-parse.js';
import { clone } from '../lib/json.js';
import type { Container, EnvVar, Pod, ServiceAccount, Volume } from '../types.js';
import {
  MIN_TOKEN_EXPIRATION_SECONDS,
  POD_IDENTITY_LABEL,
  type WebhookOptions,
  type WebhookStep,
  type WebhookTrace,
} from './webhook-types.js';

type Config = NonNullable<WebhookTrace['containerCredentials']>;

/** GetCommonConfigurations, then the pod's token-expiration annotation. */
function configFrom(pod: Pod, sa: ServiceAccount | undefined, o: WebhookOptions, steps: WebhookStep[]): Config {
  const prefix = `${o.annotationPrefix}/`;
  const ann = sa?.metadata.annotations ?? {};
  const regionalText = ann[`${prefix}sts-regional-endpoints`];
  // without the SA in its cache the webhook's common configuration is: no regional STS, the default lifetime
  const regionalSts = sa
    ? regionalText === undefined
      ? o.regionalSts
      : (parseGoBool(regionalText) ?? o.regionalSts)
    : false;
  const parse = (text: string | undefined, fallback: number, where: string) => {
    if (text === undefined) return fallback;
    const parsed = parseGoInt(text);
    if (parsed === undefined) {
      steps.push({
        code: 'annotation-ignored',
        message: `${where} token-expiration "${text}" is not an integer: ignored`,
      });
      return fallback;
    }
    return Math.max(parsed, MIN_TOKEN_EXPIRATION_SECONDS);
  };
  const saExpiration = sa
    ? parse(ann[`${prefix}token-expiration`], o.defaultTokenExpirationSeconds, 'ServiceAccount')
    : o.defaultTokenExpirationSeconds;
  const tokenExpirationSeconds = parse(pod.metadata.annotations?.[`${prefix}token-expiration`], saExpiration, 'Pod');
  const selector = pod.spec.nodeSelector ?? {};
  const windows = selector['kubernetes.io/os'] === 'windows' || selector['beta.kubernetes.io/os'] === 'windows';
  const unixFile = POD_IDENTITY_TOKEN_PATH;
  return {
    audience: o.containerCredentialsAudience,
    fullUri: o.containerCredentialsFullUri,
    regionalSts,
    tokenExpirationSeconds,
    tokenFile: windows ? `C:${unixFile.replaceAll('/', '\\')}` : unixFile,
  };
}

/** addEnvToContainer in container-credentials mode. Returns whether it changed the container. */
function injectContainer(c: Container, cfg: Config, region: string, steps: WebhookStep[]): boolean {
  const names = new Set((c.env ?? []).map((e) => e.name));
  const credsDefined =
    names.has(AWS_CONTAINER_CREDENTIALS_FULL_URI) || names.has(AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE);
  const regionDefined = names.has('AWS_REGION') || names.has('AWS_DEFAULT_REGION');
  const stsDefined = names.has('AWS_STS_REGIONAL_ENDPOINTS');
  if (credsDefined && regionDefined && stsDefined) {
    steps.push({
      code: 'env-present',
      container: c.name,
      message: `container ${c.name} has the variables already: left alone`,
    });
    return false;
  }
  const added: EnvVar[] = [];
  if (!stsDefined && cfg.regionalSts) added.push({ name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' });
  if (!regionDefined && region)
    added.push({ name: 'AWS_DEFAULT_REGION', value: region }, { name: 'AWS_REGION', value: region });
  if (credsDefined) {
    const message = `${AWS_CONTAINER_CREDENTIALS_FULL_URI} or ${AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE} already set in container ${c.name}: not added`;
    steps.push({ code: 'env-present', container: c.name, message });
  } else {
    added.push(
      { name: AWS_CONTAINER_CREDENTIALS_FULL_URI, value: cfg.fullUri },
      { name: AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, value: cfg.tokenFile },
    );
  }
  for (const e of added)
    steps.push({ code: 'env-added', container: c.name, message: `added ${e.name}=${e.value} to container ${c.name}` });
  if (added.length > 0) c.env = [...(c.env ?? []), ...added];
  if ((c.volumeMounts ?? []).some((m) => m.name === POD_IDENTITY_VOLUME_NAME)) return added.length > 0;
  c.volumeMounts = [
    ...(c.volumeMounts ?? []),
    { name: POD_IDENTITY_VOLUME_NAME, readOnly: true, mountPath: POD_IDENTITY_MOUNT_PATH },
  ];
  steps.push({
    code: 'mount-added',
    container: c.name,
    message: `mounted ${POD_IDENTITY_VOLUME_NAME} at ${POD_IDENTITY_MOUNT_PATH} in container ${c.name}`,
  });
  return true;
}

/** The label, then the volume unless one of that name exists. */
function patchPod(pod: Pod, cfg: Config, steps: WebhookStep[]): void {
  pod.metadata.labels = { ...pod.metadata.labels, [POD_IDENTITY_LABEL]: 'enabled' };
  steps.push({ code: 'label-added', message: `labelled the pod ${POD_IDENTITY_LABEL}=enabled` });
  if ((pod.spec.volumes ?? []).some((v) => v.name === POD_IDENTITY_VOLUME_NAME)) {
    steps.push({ code: 'volume-present', message: `the pod already has a volume named ${POD_IDENTITY_VOLUME_NAME}` });
    return;
  }
  const token = {
    audience: cfg.audience,
    expirationSeconds: cfg.tokenExpirationSeconds,
    path: POD_IDENTITY_TOKEN_FILE,
  };
  const volume: Volume = { name: POD_IDENTITY_VOLUME_NAME, projected: { sources: [{ serviceAccountToken: token }] } };
  pod.spec.volumes = [volume, ...(pod.spec.volumes ?? [])];
  steps.push({
    code: 'volume-added',
    message: `added volume ${POD_IDENTITY_VOLUME_NAME} (audience ${cfg.audience}, ${cfg.tokenExpirationSeconds} s)`,
  });
}

/**
 * Mutate a pod whose service account has a Pod Identity association. `sa`
 * is the ServiceAccount as the webhook's cache holds it (undefined if not
 * cached: container credentials do not need it). The input is not changed.
 */
export function mutateForContainerCredentials(
  pod: Pod,
  sa: ServiceAccount | undefined,
  options: WebhookOptions,
): { readonly pod: Pod; readonly trace: WebhookTrace } {
  const serviceAccount = `${pod.metadata.namespace}/${pod.spec.serviceAccountName}`;
  const irsa = sa?.metadata.annotations?.[`${options.annotationPrefix}/role-arn`];
  const steps: WebhookStep[] = [
    {
      code: 'container-credentials',
      message: `service account ${serviceAccount} has an EKS Pod Identity association: container credentials${irsa ? ` take precedence over its ${options.annotationPrefix}/role-arn annotation (no IRSA variables)` : ''}`,
    },
  ];
  const cfg = configFrom(pod, sa, options, steps);
  const out = clone(pod);
  const skipText = out.metadata.annotations?.[`${options.annotationPrefix}/skip-containers`];
  const skip = new Set(skipText === undefined ? [] : (parseGoCsvRecord(skipText) ?? []));
  const region = options.injectRegion ? (options.region ?? '') : '';
  for (const c of [...(out.spec.initContainers ?? []), ...out.spec.containers]) {
    if (skip.has(c.name))
      steps.push({
        code: 'container-skipped',
        container: c.name,
        message: `container ${c.name} is listed in skip-containers`,
      });
    else injectContainer(c, cfg, region, steps);
  }
  patchPod(out, cfg, steps);
  const trace: WebhookTrace = {
    pod: `${pod.metadata.namespace}/${pod.metadata.name}`,
    serviceAccount,
    mutated: true,
    containerCredentials: cfg,
    steps,
  };
  return { pod: out, trace };
}
