/**
 * The pod identity webhook's trace, called directly (mutatePod): each step
 * by its code and the container it concerns, every message naming what it is
 * about, the role ARN pattern's edges (a warning only), a pod that already
 * has everything (returned as it is, `already-present`), a pod missing only
 * its mount or only its volume, and the cache lag the webhook refuses.
 */
import {
  type Container,
  DEFAULT_WEBHOOK_OPTIONS,
  mutatePod,
  type Pod,
  type ServiceAccount,
  type WebhookOptions,
} from '@irsa-lab/apiserver';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Keys, makeKeys, makeWorld, ROLE_ARN } from './helpers.js';

const TOKEN_FILE = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';
const OPTIONS: WebhookOptions = { ...DEFAULT_WEBHOOK_OPTIONS, region: 'us-west-2' };

function pod(extra: { containers?: Container[]; annotations?: Record<string, string> } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'default',
      uid: 'u',
      resourceVersion: '1',
      creationTimestamp: 'x',
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: { serviceAccountName: 'app', containers: extra.containers ?? [{ name: 'app', image: 'i' }] },
  };
}

function sa(annotations: Record<string, string> = { 'eks.amazonaws.com/role-arn': ROLE_ARN }): ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: 'app',
      namespace: 'default',
      uid: 's',
      resourceVersion: '1',
      creationTimestamp: 'x',
      annotations,
    },
  };
}

const codes = (steps: readonly { code: string; container?: string }[]) =>
  steps.map((s) => (s.container ? `${s.code}:${s.container}` : s.code));

describe('a full injection', () => {
  it('records each variable, the mount and the volume, each message naming what was added where', () => {
    const { trace } = mutatePod(pod(), sa(), OPTIONS);
    expect(trace).not.toHaveProperty('skipped');
    expect(trace).toMatchObject({ pod: 'default/p', serviceAccount: 'default/app', mutated: true });
    expect(codes(trace.steps)).toEqual([...Array(5).fill('env-added:app'), 'mount-added:app', 'volume-added']);
    const messages = trace.steps.map((s) => s.message);
    expect(messages[3]).toContain(`AWS_ROLE_ARN=${ROLE_ARN}`);
    expect(messages[3]).toContain('app');
    expect(messages[5]).toContain('aws-iam-token');
    expect(messages[5]).toContain('app');
    expect(messages[6]).toContain('sts.amazonaws.com');
    expect(messages[6]).toContain('86400');
  });

  it('injects no region when asked to inject one but none is known', () => {
    const { pod: out } = mutatePod(pod(), sa(), { ...DEFAULT_WEBHOOK_OPTIONS, injectRegion: true });
    const names = (out.spec.containers[0]?.env ?? []).map((e) => e.name);
    expect(names).toEqual(['AWS_STS_REGIONAL_ENDPOINTS', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE']);
  });

  it('uses the Windows token path for the beta os label too', () => {
    const windows = pod();
    windows.spec.nodeSelector = { 'beta.kubernetes.io/os': 'windows' };
    expect(mutatePod(windows, sa(), OPTIONS).trace.config?.tokenFile).toBe(
      'C:\\var\\run\\secrets\\eks.amazonaws.com\\serviceaccount\\token',
    );
  });
});

describe('the role ARN pattern warns only', () => {
  it.each([
    ROLE_ARN,
    'arn:aws-cn:iam::111122223333:role/s3-reader',
    'arn:aws-us-gov:iam::111122223333:role/path/to/my.role@x+y=z,w',
  ])('accepts %s silently', (arn) => {
    const { trace } = mutatePod(pod(), sa({ 'eks.amazonaws.com/role-arn': arn }), OPTIONS);
    expect(codes(trace.steps)).not.toContain('role-arn-invalid');
  });

  it.each([
    `x${ROLE_ARN}`,
    `${ROLE_ARN} x`,
    'arn:aws:iam::11112222333:role/s3-reader',
    'arn:aws:iam::111122223333:role/',
  ])('warns about %s and injects it all the same', (arn) => {
    const { trace } = mutatePod(pod(), sa({ 'eks.amazonaws.com/role-arn': arn }), OPTIONS);
    expect(trace.steps[0]).toMatchObject({ code: 'role-arn-invalid', message: expect.stringContaining(arn) });
    expect(trace.mutated).toBe(true);
  });
});

describe('annotations the webhook ignores', () => {
  it('name the value, and for token-expiration whose annotation it was', () => {
    const { trace } = mutatePod(
      pod({ annotations: { 'eks.amazonaws.com/token-expiration': 'soon' } }),
      sa({
        'eks.amazonaws.com/role-arn': ROLE_ARN,
        'eks.amazonaws.com/sts-regional-endpoints': 'maybe',
        'eks.amazonaws.com/token-expiration': '1h',
      }),
      OPTIONS,
    );
    const ignored = trace.steps.filter((s) => s.code === 'annotation-ignored').map((s) => s.message);
    expect(ignored).toHaveLength(3);
    expect(ignored[0]).toContain('"maybe"');
    expect(ignored[1]).toMatch(/^ServiceAccount .*"1h"/);
    expect(ignored[2]).toMatch(/^Pod .*"soon"/);
  });

  it('but valid values leave no such step, and skip-containers names the container it skips', () => {
    const { trace } = mutatePod(
      pod({
        annotations: { 'eks.amazonaws.com/skip-containers': 'sidecar' },
        containers: [
          { name: 'app', image: 'i' },
          { name: 'sidecar', image: 'envoy' },
        ],
      }),
      sa({ 'eks.amazonaws.com/role-arn': ROLE_ARN, 'eks.amazonaws.com/sts-regional-endpoints': 'false' }),
      OPTIONS,
    );
    expect(codes(trace.steps)).not.toContain('annotation-ignored');
    const skipped = trace.steps.find((s) => s.code === 'container-skipped');
    expect(skipped).toMatchObject({ container: 'sidecar', message: expect.stringContaining('sidecar') });
  });

  it('bad skip-containers CSV is named in its step', () => {
    const text = 'side"car';
    const { trace } = mutatePod(pod({ annotations: { 'eks.amazonaws.com/skip-containers': text } }), sa(), OPTIONS);
    expect(trace.steps[0]).toMatchObject({ code: 'annotation-ignored', message: expect.stringContaining(text) });
  });
});

describe('what is already there', () => {
  it('leaves a pod that has everything as it is: already-present, each group named', () => {
    const first = mutatePod(pod(), sa(), OPTIONS).pod;
    const { pod: out, trace } = mutatePod(first, sa(), OPTIONS);
    expect(out).toBe(first);
    expect(trace).toMatchObject({ mutated: false, skipped: 'already-present' });
    expect(codes(trace.steps)).toEqual([
      'env-present:app',
      'env-present:app',
      'env-present:app',
      'mount-present:app',
      'volume-present',
    ]);
    const messages = trace.steps.map((s) => s.message);
    expect(messages[0]).toContain('AWS_STS_REGIONAL_ENDPOINTS');
    expect(messages[1]).toContain('AWS_REGION');
    expect(messages[2]).toContain('AWS_ROLE_ARN');
    expect(messages[3]).toContain('app');
    expect(messages[4]).toContain('aws-iam-token');
  });

  it('names a present variable only for the groups it would add', () => {
    const first = mutatePod(pod(), sa(), OPTIONS).pod;
    const { trace } = mutatePod(
      first,
      sa({ 'eks.amazonaws.com/role-arn': ROLE_ARN, 'eks.amazonaws.com/sts-regional-endpoints': 'false' }),
      {
        ...OPTIONS,
        injectRegion: false,
      },
    );
    expect(codes(trace.steps)).toEqual(['env-present:app', 'mount-present:app', 'volume-present']);
  });

  it('adds only the mount a container lacks', () => {
    const first = mutatePod(pod(), sa(), OPTIONS).pod;
    const c = first.spec.containers[0] as Container;
    c.volumeMounts = [];
    const { trace } = mutatePod(first, sa(), OPTIONS);
    expect(trace.mutated).toBe(true);
    expect(codes(trace.steps).filter((s) => !s.startsWith('env-present'))).toEqual([
      'mount-added:app',
      'volume-present',
    ]);
  });

  it('adds only the volume a pod lacks', () => {
    const first = mutatePod(pod(), sa(), OPTIONS).pod;
    first.spec.volumes = [];
    const { pod: out, trace } = mutatePod(first, sa(), OPTIONS);
    expect(trace.mutated).toBe(true);
    expect(out.spec.volumes?.map((v) => v.name)).toEqual(['aws-iam-token']);
  });

  it('counts variables added to a container that has its mount, in a pod that has its volume, as a change', () => {
    const first = mutatePod(pod(), sa(), OPTIONS).pod;
    delete (first.spec.containers[0] as Container).env;
    const { pod: out, trace } = mutatePod(first, sa(), OPTIONS);
    expect(trace.mutated).toBe(true);
    expect(out.spec.containers[0]?.env).toHaveLength(5);
  });

  it('injects variables into a container that already mounts the token', () => {
    const c: Container = {
      name: 'app',
      image: 'i',
      volumeMounts: [{ name: 'aws-iam-token', mountPath: '/var/run/secrets/eks.amazonaws.com/serviceaccount' }],
    };
    const { pod: out, trace } = mutatePod(pod({ containers: [c] }), sa(), OPTIONS);
    expect(trace.mutated).toBe(true);
    expect(out.spec.containers[0]?.env?.at(-1)).toEqual({ name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: TOKEN_FILE });
    expect(codes(trace.steps)).toContain('mount-present:app');
  });
});

describe('skipped pods', () => {
  it.each([
    ['webhook-disabled', { ...OPTIONS, enabled: false }, sa(), 'failurePolicy Ignore'],
    ['service-account-not-cached', OPTIONS, undefined, 'default/app'],
    ['no-role-arn', OPTIONS, sa({}), 'eks.amazonaws.com/role-arn'],
  ] as const)('%s: one step saying why', (reason, options, account, named) => {
    const { trace } = mutatePod(pod(), account, options);
    expect(trace).toStrictEqual({
      pod: 'default/p',
      serviceAccount: 'default/app',
      mutated: false,
      skipped: reason,
      steps: [{ code: reason, message: expect.stringContaining(named) }],
    });
  });

  it('skip-label: the step names the label', () => {
    const labelled = pod();
    labelled.metadata.labels = { 'eks.amazonaws.com/skip-pod-identity-webhook': 'true' };
    expect(mutatePod(labelled, sa(), OPTIONS).trace.steps).toEqual([
      { code: 'skip-label', message: expect.stringContaining('eks.amazonaws.com/skip-pod-identity-webhook') },
    ]);
  });
});

describe("the webhook's cache lag", () => {
  let keys: Keys;
  beforeAll(async () => {
    keys = await makeKeys();
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (lag) => {
    expect(() => makeWorld(keys, { webhook: { webhookCacheLagMs: lag } })).toThrow(
      new TypeError('webhookCacheLagMs must be >= 0'),
    );
  });
});
