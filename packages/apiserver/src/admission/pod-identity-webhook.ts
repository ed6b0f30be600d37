/**
 * The EKS pod identity webhook (aws/amazon-eks-pod-identity-webhook) as an
 * admission step for pod CREATE: reads the ServiceAccount's annotations from
 * its cache and injects the projected token volume, the mount and the AWS_*
 * environment exactly as `pkg/handler/handler.go` does, returning a trace of
 * every decision. A pod whose service account has an EKS Pod Identity
 * association gets container credentials instead (container-credentials.ts).
 */
import {
  AWS_DEFAULT_REGION,
  AWS_REGION,
  AWS_ROLE_ARN,
  AWS_STS_REGIONAL_ENDPOINTS,
  AWS_WEB_IDENTITY_TOKEN_FILE,
  IRSA_MOUNT_PATH,
  IRSA_TOKEN_FILE,
  IRSA_TOKEN_PATH,
  IRSA_VOLUME_NAME,
  SKIP_WEBHOOK_LABEL,
} from '@irsa-lab/core';
import { parseGoBool, parseGoCsvRecord, parseGoInt } from '../lib/go-parse.js';
import { clone } from '../lib/json.js';
import type { Container, EnvVar, Pod, ServiceAccount, Volume } from '../types.js';
import { mutateForContainerCredentials } from './container-credentials.js';
import {
  MIN_TOKEN_EXPIRATION_SECONDS,
  ROLE_ARN_PATTERN,
  type WebhookOptions,
  type WebhookSkipReason,
  type WebhookStep,
  type WebhookTrace,
} from './webhook-types.js';

type Config = NonNullable<WebhookTrace['config']>;

function expirationFrom(value: string | undefined, fallback: number, where: string, steps: WebhookStep[]): number {
  if (value === undefined) return fallback;
  const parsed = parseGoInt(value);
  if (parsed === undefined) {
    steps.push({
      code: 'annotation-ignored',
      message: `${where} token-expiration "${value}" is not an integer: ignored`,
    });
    return fallback;
  }
  return Math.max(parsed, MIN_TOKEN_EXPIRATION_SECONDS);
}

/** The SA side of the config, as the webhook's cache parses it (cache.go). */
function configFrom(pod: Pod, sa: ServiceAccount, roleArn: string, o: WebhookOptions, steps: WebhookStep[]): Config {
  const ann = sa.metadata.annotations ?? {};
  const prefix = `${o.annotationPrefix}/`;
  if (!ROLE_ARN_PATTERN.test(roleArn)) {
    steps.push({
      code: 'role-arn-invalid',
      message: `role ARN "${roleArn}" does not look like an IAM role ARN (warning only)`,
    });
  }
  let regionalSts = o.regionalSts;
  const regionalText = ann[`${prefix}sts-regional-endpoints`];
  if (regionalText !== undefined) {
    const parsed = parseGoBool(regionalText);
    if (parsed === undefined) {
      steps.push({
        code: 'annotation-ignored',
        message: `sts-regional-endpoints "${regionalText}" is not a boolean: ignored`,
      });
    }
    regionalSts = parsed ?? regionalSts;
  }
  const saExpiration = expirationFrom(
    ann[`${prefix}token-expiration`],
    o.defaultTokenExpirationSeconds,
    'ServiceAccount',
    steps,
  );
  const podAnn = pod.metadata.annotations ?? {};
  const tokenExpirationSeconds = expirationFrom(podAnn[`${prefix}token-expiration`], saExpiration, 'Pod', steps);
  const selector = pod.spec.nodeSelector ?? {};
  const windows = selector['kubernetes.io/os'] === 'windows' || selector['beta.kubernetes.io/os'] === 'windows';
  return {
    roleArn,
    audience: ann[`${prefix}audience`] ?? o.defaultAudience,
    regionalSts,
    tokenExpirationSeconds,
    tokenFile: windows ? `C:${IRSA_TOKEN_PATH.replaceAll('/', '\\')}` : IRSA_TOKEN_PATH,
  };
}

/** addEnvToContainer: env in the webhook's order, then the mount. Returns whether it changed anything. */
function injectContainer(c: Container, cfg: Config, region: string, steps: WebhookStep[]): boolean {
  const names = new Set((c.env ?? []).map((e) => e.name));
  const added: EnvVar[] = [];
  const present = (what: string) =>
    steps.push({
      code: 'env-present',
      container: c.name,
      message: `${what} already set in container ${c.name}: not added`,
    });
  if (names.has(AWS_STS_REGIONAL_ENDPOINTS)) {
    if (cfg.regionalSts) present(AWS_STS_REGIONAL_ENDPOINTS);
  } else if (cfg.regionalSts) added.push({ name: AWS_STS_REGIONAL_ENDPOINTS, value: 'regional' });
  if (names.has(AWS_REGION) || names.has(AWS_DEFAULT_REGION)) {
    if (region) present(`${AWS_REGION} or ${AWS_DEFAULT_REGION}`);
  } else if (region) {
    added.push({ name: AWS_DEFAULT_REGION, value: region }, { name: AWS_REGION, value: region });
  }
  if (names.has(AWS_ROLE_ARN) || names.has(AWS_WEB_IDENTITY_TOKEN_FILE)) {
    present(`${AWS_ROLE_ARN} or ${AWS_WEB_IDENTITY_TOKEN_FILE}`);
  } else {
    added.push({ name: AWS_ROLE_ARN, value: cfg.roleArn }, { name: AWS_WEB_IDENTITY_TOKEN_FILE, value: cfg.tokenFile });
  }
  for (const e of added) {
    steps.push({ code: 'env-added', container: c.name, message: `added ${e.name}=${e.value} to container ${c.name}` });
  }
  if (added.length > 0) c.env = [...(c.env ?? []), ...added];
  if ((c.volumeMounts ?? []).some((m) => m.name === IRSA_VOLUME_NAME)) {
    steps.push({
      code: 'mount-present',
      container: c.name,
      message: `container ${c.name} already mounts ${IRSA_VOLUME_NAME}`,
    });
    return added.length > 0;
  }
  c.volumeMounts = [...(c.volumeMounts ?? []), { name: IRSA_VOLUME_NAME, readOnly: true, mountPath: IRSA_MOUNT_PATH }];
  steps.push({
    code: 'mount-added',
    container: c.name,
    message: `mounted ${IRSA_VOLUME_NAME} at ${IRSA_MOUNT_PATH} in container ${c.name}`,
  });
  return true;
}

function skipped(
  trace: Omit<WebhookTrace, 'mutated' | 'steps'>,
  reason: WebhookSkipReason,
  message: string,
): WebhookTrace {
  return { ...trace, mutated: false, skipped: reason, steps: [{ code: reason, message }] };
}

/** Skip checks before the SA config: webhook down, skip label, SA not cached, no role ARN. */
function preflight(pod: Pod, sa: ServiceAccount | undefined, o: WebhookOptions): WebhookTrace | string {
  const base = {
    pod: `${pod.metadata.namespace}/${pod.metadata.name}`,
    serviceAccount: `${pod.metadata.namespace}/${pod.spec.serviceAccountName}`,
  };
  if (!o.enabled) {
    return skipped(
      base,
      'webhook-disabled',
      'the webhook is not running; failurePolicy Ignore admits the pod unmutated',
    );
  }
  if (pod.metadata.labels && Object.hasOwn(pod.metadata.labels, SKIP_WEBHOOK_LABEL)) {
    return skipped(base, 'skip-label', `the pod has the label ${SKIP_WEBHOOK_LABEL}, so the webhook is not called`);
  }
  if (!sa) {
    return skipped(
      base,
      'service-account-not-cached',
      `service account ${base.serviceAccount} not found in the webhook's cache`,
    );
  }
  const roleArn = sa.metadata.annotations?.[`${o.annotationPrefix}/role-arn`] ?? '';
  if (roleArn === '') {
    return skipped(
      base,
      'no-role-arn',
      `service account ${base.serviceAccount} has no ${o.annotationPrefix}/role-arn annotation`,
    );
  }
  return roleArn;
}

/** getContainersToSkip: the skip-containers CSV; a parse error skips nothing. */
function containersToSkip(pod: Pod, o: WebhookOptions, steps: WebhookStep[]): Set<string> {
  const text = pod.metadata.annotations?.[`${o.annotationPrefix}/skip-containers`];
  if (text === undefined) return new Set();
  const names = parseGoCsvRecord(text);
  if (!names) {
    steps.push({
      code: 'annotation-ignored',
      message: `skip-containers "${text}" is not valid CSV: no container skipped`,
    });
  }
  return new Set(names ?? []);
}

/** Prepend the projected token volume unless one of that name exists. Returns whether it was added. */
function addTokenVolume(pod: Pod, cfg: Config, steps: WebhookStep[]): boolean {
  if ((pod.spec.volumes ?? []).some((v) => v.name === IRSA_VOLUME_NAME)) {
    steps.push({ code: 'volume-present', message: `the pod already has a volume named ${IRSA_VOLUME_NAME}` });
    return false;
  }
  const token = { audience: cfg.audience, expirationSeconds: cfg.tokenExpirationSeconds, path: IRSA_TOKEN_FILE };
  const volume: Volume = { name: IRSA_VOLUME_NAME, projected: { sources: [{ serviceAccountToken: token }] } };
  pod.spec.volumes = [volume, ...(pod.spec.volumes ?? [])];
  steps.push({
    code: 'volume-added',
    message: `added volume ${IRSA_VOLUME_NAME} (audience ${cfg.audience}, ${cfg.tokenExpirationSeconds} s)`,
  });
  return true;
}

/**
 * Run the webhook on a pod being created. `sa` is the ServiceAccount as the
 * webhook's cache holds it (undefined if not cached). The input is not
 * changed; the returned pod is the mutated copy. A service account with an
 * EKS Pod Identity association at `nowMs` gets container credentials, which
 * take precedence over IRSA (container-credentials.ts).
 */
export function mutatePod(
  pod: Pod,
  sa: ServiceAccount | undefined,
  options: WebhookOptions,
  nowMs = 0,
): { readonly pod: Pod; readonly trace: WebhookTrace } {
  const skipping = !options.enabled || Object.hasOwn(pod.metadata.labels ?? {}, SKIP_WEBHOOK_LABEL);
  const namespace = pod.metadata.namespace ?? '';
  if (!skipping && options.containerCredentials?.(namespace, pod.spec.serviceAccountName, nowMs)) {
    return mutateForContainerCredentials(pod, sa, options);
  }
  const pre = preflight(pod, sa, options);
  if (typeof pre !== 'string') return { pod, trace: pre };
  const steps: WebhookStep[] = [];
  const cfg = configFrom(pod, sa as ServiceAccount, pre, options, steps);
  const out = clone(pod);
  const skip = containersToSkip(out, options, steps);
  const region = options.injectRegion ? (options.region ?? '') : '';
  let changed = false;
  for (const c of [...(out.spec.initContainers ?? []), ...out.spec.containers]) {
    if (skip.has(c.name)) {
      const message = `container ${c.name} is listed in skip-containers`;
      steps.push({ code: 'container-skipped', container: c.name, message });
    } else if (injectContainer(c, cfg, region, steps)) changed = true;
  }
  if (addTokenVolume(out, cfg, steps)) changed = true;
  const trace: WebhookTrace = {
    pod: `${pod.metadata.namespace}/${pod.metadata.name}`,
    serviceAccount: `${pod.metadata.namespace}/${pod.spec.serviceAccountName}`,
    mutated: changed,
    ...(changed ? {} : { skipped: 'already-present' as const }),
    config: cfg,
    steps,
  };
  return { pod: changed ? out : pod, trace };
}
