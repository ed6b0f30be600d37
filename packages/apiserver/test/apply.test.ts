/**
 * Objects and `apply`: the built-in namespaces, server-filled metadata,
 * strict manifest checking with file/line/field, kubectl's create/configure
 * rules, deletion cascades and the events they log.
 */
import { DEFAULT_START_MS, isoSeconds, type SimError } from '@irsa-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Keys, makeKeys, makeWorld, podYaml, saYaml } from './helpers.js';

let keys: Keys;
beforeAll(async () => {
  keys = await makeKeys();
});

async function rejection(p: Promise<unknown>): Promise<SimError> {
  try {
    await p;
  } catch (err) {
    return err as SimError;
  }
  throw new Error('expected a rejection');
}

describe('built-in objects', () => {
  it('starts with default and kube-system, each with a default ServiceAccount', () => {
    const { api } = makeWorld(keys);
    expect(api.list('Namespace').map((n) => n.metadata.name)).toEqual(['default', 'kube-system']);
    expect(api.list('ServiceAccount').map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual([
      'default/default',
      'kube-system/default',
    ]);
  });

  it('gives a new Namespace its default ServiceAccount and the metadata.name label', async () => {
    const { api } = makeWorld(keys);
    const [result] = await api.apply('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n', 'ns.yaml');
    expect(result?.summary).toBe('namespace/team-a created');
    expect(api.get('Namespace', undefined, 'team-a').metadata.labels).toEqual({
      'kubernetes.io/metadata.name': 'team-a',
    });
    expect(api.exists('ServiceAccount', 'team-a', 'default')).toBe(true);
  });
});

describe('apply', () => {
  it('fills uid, creationTimestamp and resourceVersion from the clock and ids', async () => {
    const { api, clock } = makeWorld(keys);
    clock.advanceBy(5000);
    const [result] = await api.apply(saYaml('app'), 'sa.yaml');
    const sa = api.get('ServiceAccount', 'default', 'app');
    expect(result?.action).toBe('created');
    expect(sa.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sa.metadata.creationTimestamp).toBe(isoSeconds(DEFAULT_START_MS + 5000));
    expect(Number(sa.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it('is deterministic for a seed', async () => {
    const a = makeWorld(keys);
    const b = makeWorld(keys);
    await a.api.apply(`${saYaml('app')}---\n${podYaml('p', 'app')}`, 'x.yaml');
    await b.api.apply(`${saYaml('app')}---\n${podYaml('p', 'app')}`, 'x.yaml');
    expect(a.api.get('Pod', 'default', 'p')).toEqual(b.api.get('Pod', 'default', 'p'));
    expect(a.log.toJsonLines()).toBe(b.log.toJsonLines());
  });

  it('reads YAML 1.1 scalars as kubectl does (0644 is 420)', async () => {
    const { api } = makeWorld(keys);
    const extra = '  volumes:\n  - name: cfg\n    secret:\n      secretName: cfg\n      defaultMode: 0644\n';
    await api.apply(podYaml('p', 'default', extra), 'p.yaml');
    expect(api.get('Pod', 'default', 'p').spec.volumes?.find((v) => v.name === 'cfg')?.secret?.defaultMode).toBe(420);
  });

  it('defaults serviceAccountName to default and namespace to default', async () => {
    const { api } = makeWorld(keys);
    await api.apply(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n',
      'p.yaml',
    );
    expect(api.get('Pod', 'default', 'p').spec.serviceAccountName).toBe('default');
  });

  it('takes the deprecated serviceAccount as serviceAccountName, which wins when both are given', async () => {
    const { api } = makeWorld(keys);
    await api.apply(saYaml('billing'), 'sa.yaml');
    const pod = (name: string, sa: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n${sa}  containers:\n  - name: c\n    image: busybox\n`;
    await api.apply(pod('alias', '  serviceAccount: billing\n'), 'alias.yaml');
    await api.apply(pod('both', '  serviceAccountName: default\n  serviceAccount: billing\n'), 'both.yaml');
    const spec = (name: string) => api.get('Pod', 'default', name).spec;
    expect([spec('alias').serviceAccountName, spec('alias').serviceAccount]).toEqual(['billing', 'billing']);
    expect([spec('both').serviceAccountName, spec('both').serviceAccount]).toEqual(['default', 'default']);
  });

  it('folds Secret stringData into base64 data', async () => {
    const { api } = makeWorld(keys);
    await api.apply('apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  k: hello\n', 's.yaml');
    const secret = api.get('Secret', 'default', 's');
    expect(secret.type).toBe('Opaque');
    expect(secret.data).toEqual({ k: 'aGVsbG8=' });
    expect(secret).not.toHaveProperty('stringData');
  });

  it('reports unchanged on a re-apply and configured when labels change', async () => {
    const { api } = makeWorld(keys);
    await api.apply(saYaml('app'), 'sa.yaml');
    const [again] = await api.apply(saYaml('app'), 'sa.yaml');
    expect(again?.action).toBe('unchanged');
    const [changed] = await api.apply(
      saYaml('app', { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/x' }),
      'sa.yaml',
    );
    expect(changed?.action).toBe('configured');
    expect(api.get('ServiceAccount', 'default', 'app').metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/x',
    });
  });

  it('keeps an annotation added by annotate() across a re-apply (three-way merge)', async () => {
    const { api } = makeWorld(keys);
    await api.apply(saYaml('app'), 'sa.yaml');
    api.annotate('ServiceAccount', 'default', 'app', 'note', 'kept');
    await api.apply(saYaml('app', { other: 'x' }), 'sa.yaml');
    expect(api.get('ServiceAccount', 'default', 'app').metadata.annotations).toEqual({ note: 'kept', other: 'x' });
  });

  it('refuses a pod spec change with the real Forbidden message', async () => {
    const { api } = makeWorld(keys);
    await api.apply(podYaml('p', 'default'), 'p.yaml');
    const err = await rejection(api.apply(podYaml('p', 'default', '  hostNetwork: true\n'), 'p.yaml'));
    expect(err.code).toBe('K8S_INVALID');
    expect(err.message).toMatch(/^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than/);
  });
});

describe('manifest errors', () => {
  it('names file, line, column and field for an unknown field', async () => {
    const { api } = makeWorld(keys);
    const text = podYaml('p', 'default').replace('    image:', '    imagePullPolicyy: Always\n    image:');
    const err = await rejection(api.apply(text, 'pods.yaml'));
    expect(err.code).toBe('INPUT_SCHEMA');
    expect(err.detail).toMatchObject({
      file: 'pods.yaml',
      line: 10,
      column: 5,
      field: 'spec.containers[0].imagePullPolicyy',
    });
    expect(err.detail.path).toEqual(['spec', 'containers', 0, 'imagePullPolicyy']);
    expect(err.message).toBe(
      'pods.yaml:10: spec.containers[0].imagePullPolicyy: unknown field "imagePullPolicyy" (known: name, image, imagePullPolicy, command, args, workingDir, ports, env, volumeMounts, securityContext, restartPolicy, resources)',
    );
  });

  it('names the field for a wrong type (an unquoted number in an annotation)', async () => {
    const { api } = makeWorld(keys);
    const text =
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations:\n    eks.amazonaws.com/token-expiration: 3600\n';
    const err = await rejection(api.apply(text, 'sa.yaml'));
    expect(err.code).toBe('INPUT_SCHEMA');
    expect(err.detail).toMatchObject({
      line: 6,
      column: 41,
      field: 'metadata.annotations[eks.amazonaws.com/token-expiration]',
    });
  });

  it('names the field for a wrong type in a list', async () => {
    const { api } = makeWorld(keys);
    const err = await rejection(api.apply(podYaml('p', 'default', '  hostNetwork: "yes please"\n'), 'p.yaml'));
    expect(err.detail).toMatchObject({ field: 'spec.hostNetwork', line: 11 });
  });

  it('reports a missing required field at its parent', async () => {
    const { api } = makeWorld(keys);
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - image: busybox\n';
    const err = await rejection(api.apply(text, 'p.yaml'));
    expect(err.detail).toMatchObject({ field: 'spec.containers[0].name', line: 7, problem: 'missing-field' });
  });

  it('gives INPUT_YAML with the line for bad YAML', async () => {
    const { api } = makeWorld(keys);
    const err = await rejection(api.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: [p\n', 'bad.yaml'));
    expect(err.code).toBe('INPUT_YAML');
    expect(err.detail).toMatchObject({ file: 'bad.yaml' });
    expect(err.detail.line).toBeGreaterThanOrEqual(4);
    expect(err.message).toMatch(/^bad\.yaml:\d+: /);
    expect(err.message).not.toMatch(/\n/);
  });

  it('refuses a kind it does not serve', async () => {
    const { api } = makeWorld(keys);
    const err = await rejection(api.apply('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n', 'd.yaml'));
    expect(err.code).toBe('INPUT_SCHEMA');
    expect(err.message).toBe('d.yaml:2: no matches for kind "Deployment" in version "apps/v1"');
  });

  it('applies nothing when any document is bad', async () => {
    const { api } = makeWorld(keys);
    const text = `${saYaml('first')}---\n${podYaml('p', 'first').replace('image:', 'imag:')}`;
    await rejection(api.apply(text, 'x.yaml'));
    expect(api.exists('ServiceAccount', 'default', 'first')).toBe(false);
  });

  it('refuses an empty manifest', async () => {
    const { api } = makeWorld(keys);
    expect((await rejection(api.apply('---\n', 'e.yaml'))).code).toBe('INPUT_INVALID');
  });
});

describe('API errors', () => {
  it('NotFound for a missing namespace', async () => {
    const { api } = makeWorld(keys);
    const err = await rejection(api.apply(podYaml('p', 'default', '', 'nope'), 'p.yaml'));
    expect(err.code).toBe('K8S_NOT_FOUND');
    expect(err.message).toBe('namespaces "nope" not found');
  });

  it('Forbidden for a missing ServiceAccount, other objects still applied', async () => {
    const { api } = makeWorld(keys);
    const err = await rejection(api.apply(`${podYaml('x', 'sa')}---\n${saYaml('other')}`, 'p.yaml'));
    expect(err.code).toBe('K8S_FORBIDDEN');
    expect(err.message).toBe(
      'pods "x" is forbidden: error looking up service account default/sa: serviceaccount "sa" not found',
    );
    expect(err.detail).toMatchObject({ file: 'p.yaml', line: 1, applied: ['serviceaccount/other created'] });
    expect(api.exists('Pod', 'default', 'x')).toBe(false);
  });

  it('Invalid for a bad name and for a mount without a volume', async () => {
    const { api } = makeWorld(keys);
    expect((await rejection(api.apply(saYaml('Bad_Name'), 's.yaml'))).code).toBe('K8S_INVALID');
    const extra = '    volumeMounts:\n    - name: missing\n      mountPath: /x\n';
    const err = await rejection(api.apply(podYaml('p', 'default') + extra, 'p.yaml'));
    expect(err.code).toBe('K8S_INVALID');
    expect(err.message).toContain('spec.containers[0].volumeMounts[0].name: Not found: "missing"');
  });

  it('AlreadyExists from create()', async () => {
    const { api } = makeWorld(keys);
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app' } };
    await api.create(sa);
    const err = await rejection(api.create(sa));
    expect(err.code).toBe('K8S_ALREADY_EXISTS');
    expect(err.message).toBe('serviceaccounts "app" already exists');
  });

  it('NotFound from get() and delete() of a missing object', () => {
    const { api } = makeWorld(keys);
    expect(() => api.get('Pod', 'default', 'ghost')).toThrow(expect.objectContaining({ code: 'K8S_NOT_FOUND' }));
    expect(() => api.delete('Pod', 'default', 'ghost')).toThrow('pods "ghost" not found');
  });
});

describe('delete and events', () => {
  it('deleting a namespace removes its contents; default cannot be deleted', async () => {
    const { api, log } = makeWorld(keys);
    await api.apply(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: t\n---\n${saYaml('app', {}, 't')}`, 'x.yaml');
    api.delete('Namespace', undefined, 't');
    expect(api.list('ServiceAccount', 't')).toEqual([]);
    expect(log.all('k8s.deleted').map((e) => e.data)).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'ServiceAccount', name: 'app', namespace: 't' })]),
    );
    expect(() => api.delete('Namespace', undefined, 'default')).toThrow(
      'namespaces "default" is forbidden: this namespace may not be deleted',
    );
  });

  it('logs k8s.applied with file and line', async () => {
    const { api, log } = makeWorld(keys);
    await api.apply(`${saYaml('a')}---\n${saYaml('b')}`, 'two.yaml');
    const data = log
      .all('k8s.applied')
      .slice(-2)
      .map((e) => e.data);
    expect(data).toEqual([
      expect.objectContaining({ name: 'a', action: 'created', file: 'two.yaml', line: 1 }),
      expect.objectContaining({ name: 'b', action: 'created', file: 'two.yaml', line: 7 }),
    ]);
  });
});
