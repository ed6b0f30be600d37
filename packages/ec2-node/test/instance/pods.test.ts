/**
 * Pods on the node: addresses and callers, the projected token written at
 * the kubelet's own path and read through the container's mount, hostPath
 * and emptyDir volumes, a failed mount that keeps the pod from starting,
 * and what a deleted pod's view still sees.
 */

import { projectedVolumeDir } from '@irsa-lab/ec2-node';
import { describe, expect, it } from 'vitest';
import { caught, claimsOf, codeOf, IRSA_MOUNT, makePod, makeWorld, NODE_IP, NODE_NAME } from './fixture.js';

describe('pod network identity', () => {
  it('hands pod-network pods successive addresses of the pod CIDR (skipping .1 and the node) and 2 hops', async () => {
    const world = makeWorld();
    const ips: string[] = [];
    for (let i = 0; i < 3; i++) ips.push((await world.node.runPod(makePod(world, `p${i}`))).ip);
    expect(ips).toEqual(['10.0.1.2', '10.0.1.3', '10.0.1.4']);
    expect(world.node.pod('default', 'p1')?.caller).toEqual({
      kind: 'pod',
      id: 'default/p1',
      node: NODE_NAME,
      hostNetwork: false,
      hops: 2,
      vantage: 'vpc',
      sourceIp: '10.0.1.3',
    });
  });

  it('gives a hostNetwork pod the node IP and 1 hop, and never hands the node IP to another pod', async () => {
    const world = makeWorld();
    const agent = await world.node.runPod(makePod(world, 'agent', { namespace: 'kube-system', hostNetwork: true }));
    expect(agent.caller).toMatchObject({ hostNetwork: true, hops: 1, sourceIp: NODE_IP });
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++)
      seen.add((await world.node.runPod(makePod(world, `p${i}`, { expirationSeconds: false }))).ip);
    expect(seen.size).toBe(40);
    expect(seen.has(NODE_IP)).toBe(false);
  });

  it('frees a deleted pod address for later pods (host-local: after the others, not at once)', async () => {
    const world = makeWorld();
    await world.node.runPod(makePod(world, 'a', { expirationSeconds: false }));
    expect(world.node.deletePod('default', 'a')).toBe(true);
    expect((await world.node.runPod(makePod(world, 'b', { expirationSeconds: false }))).ip).toBe('10.0.1.3');
    expect(world.node.deletePod('default', 'a')).toBe(false);
    const started = world.log.all('kubelet.pod-started').map((e) => e.data);
    expect(started.map(({ pod, ip, hostNetwork }) => ({ pod, ip, hostNetwork }))).toEqual([
      { pod: 'default/a', ip: '10.0.1.2', hostNetwork: false },
      { pod: 'default/b', ip: '10.0.1.3', hostNetwork: false },
    ]);
    expect(world.log.all('kubelet.pod-stopped').map((e) => e.data)).toEqual([
      { pod: 'default/a', uid: started[0]?.uid },
    ]);
  });
});

describe('projected token mount', () => {
  it('writes the token at /var/lib/kubelet/pods/<uid>/volumes/kubernetes.io~projected/<volume>/<path>, 0644', async () => {
    const world = makeWorld();
    const pod = makePod(world, 'app');
    await world.node.runPod(pod);
    const hostPath = `/var/lib/kubelet/pods/${pod.metadata.uid}/volumes/kubernetes.io~projected/aws-iam-token/token`;
    expect(projectedVolumeDir(pod.metadata.uid, 'aws-iam-token')).toBe(hostPath.replace(/\/token$/, ''));
    const token = world.node.fs.read(hostPath);
    expect(claimsOf(token).sub).toBe('system:serviceaccount:default:app');
    expect(world.node.fs.stat(hostPath)).toMatchObject({ mode: 0o644, uid: 0, gid: 0 });
    const view = world.node.podView('default', 'app');
    expect(view.readFile(`${IRSA_MOUNT}/token`)).toBe(token);
    expect(view.readFile(`${IRSA_MOUNT}/../serviceaccount/./token`)).toBe(token);
    expect(view.readFile('/etc/passwd')).toBeUndefined();
    expect(view.readFile(`${IRSA_MOUNT}/missing`)).toBeUndefined();
    expect(world.calls).toEqual([{ pod: 'default/app', atMs: world.clock.nowMs(), audience: 'sts.amazonaws.com' }]);
  });

  it('honours defaultMode, and 0600/0640 with a common runAsUser or an fsGroup, as the projected plugin does', async () => {
    const world = makeWorld();
    const modeOf = async (name: string, options: Parameters<typeof makePod>[2]) => {
      const pod = makePod(world, name, options);
      await world.node.runPod(pod);
      return world.node.fs.stat(`${projectedVolumeDir(pod.metadata.uid, 'aws-iam-token')}/token`);
    };
    expect(await modeOf('m1', { defaultMode: 0o440 })).toMatchObject({ mode: 0o440, uid: 0 });
    expect(await modeOf('m2', { runAsUser: 1000 })).toMatchObject({ mode: 0o600, uid: 1000, gid: 0 });
    expect(await modeOf('m3', { fsGroup: 2000 })).toMatchObject({ mode: 0o640, uid: 0, gid: 2000 });
  });

  it('lets a non-root container read a 0644 token but not a 0600 one owned by someone else', async () => {
    const world = makeWorld();
    await world.node.runPod(makePod(world, 'open', { defaultMode: 0o644, extraMounts: [] }));
    const pod = makePod(world, 'closed', { defaultMode: 0o600 });
    const app = pod.spec.containers[0];
    if (app) app.securityContext = { runAsUser: 1000 };
    pod.spec.initContainers = [{ name: 'init', securityContext: { runAsUser: 0 } }];
    await world.node.runPod(pod);
    expect(world.node.podView('default', 'open').readFile(`${IRSA_MOUNT}/token`)).toMatch(/^ey/);
    const err = caught(() => world.node.podView('default', 'closed').readFile(`${IRSA_MOUNT}/token`));
    expect(err).toMatchObject({ code: 'FS_PERMISSION_DENIED' });
  });

  it('does not start a pod whose token request fails: runPod rejects with its SimError and leaves nothing behind', async () => {
    const world = makeWorld();
    world.failWith = 'K8S_NOT_FOUND';
    const pod = makePod(world, 'app');
    expect(await codeOf(world.node.runPod(pod))).toBe('K8S_NOT_FOUND');
    expect(world.node.pod('default', 'app')).toBeUndefined();
    expect(world.node.fs.exists(`/var/lib/kubelet/pods/${pod.metadata.uid}`)).toBe(false);
    expect(world.node.tokenSchedule()).toEqual([]);
    expect(world.clock.pending()).toEqual([]);
    expect(world.log.all('kubelet.refresh-failed')).toHaveLength(1);
    world.failWith = undefined;
    expect((await world.node.runPod(makePod(world, 'app'))).ip).toBe('10.0.1.3');
  });

  it('refuses a second pod of the same name, and a volumeMount that names no volume', async () => {
    const world = makeWorld();
    await world.node.runPod(makePod(world, 'app'));
    expect(await codeOf(world.node.runPod(makePod(world, 'app')))).toBe('K8S_ALREADY_EXISTS');
    const bad = makePod(world, 'bad', { extraMounts: [{ name: 'nope', mountPath: '/data' }] });
    expect(await codeOf(world.node.runPod(bad))).toBe('K8S_INVALID');
    expect(world.node.pod('default', 'bad')).toBeUndefined();
  });
});

describe('hostPath and emptyDir volumes', () => {
  it('lets a privileged pod with hostPath /var/lib/kubelet read another pod’s projected token', async () => {
    const world = makeWorld();
    const victim = makePod(world, 'payments', { namespace: 'prod' });
    await world.node.runPod(victim);
    const attacker = makePod(world, 'debug', {
      namespace: 'tools',
      expirationSeconds: false,
      extraVolumes: [{ name: 'kubelet', hostPath: { path: '/var/lib/kubelet' } }],
      extraMounts: [{ name: 'kubelet', mountPath: '/host/kubelet' }],
    });
    await world.node.runPod(attacker);
    const stolen = world.node
      .podView('tools', 'debug')
      .readFile(`/host/kubelet/pods/${victim.metadata.uid}/volumes/kubernetes.io~projected/aws-iam-token/token`);
    expect(stolen).toBe(world.node.podView('prod', 'payments').readFile(`${IRSA_MOUNT}/token`));
    expect(claimsOf(stolen ?? '').sub).toBe('system:serviceaccount:prod:app');
    // without the hostPath mount the same path is simply not there
    expect(
      world.node.podView('prod', 'payments').readFile(`/host/kubelet/pods/${victim.metadata.uid}`),
    ).toBeUndefined();
  });

  it('puts an emptyDir under kubernetes.io~empty-dir; the longest mountPath wins, with its subPath', async () => {
    const world = makeWorld();
    const pod = makePod(world, 'app', {
      extraVolumes: [{ name: 'scratch', emptyDir: {} }],
      extraMounts: [
        { name: 'scratch', mountPath: '/data' },
        { name: 'scratch', mountPath: '/data/conf', subPath: 'other' },
      ],
    });
    await world.node.runPod(pod);
    const dir = `/var/lib/kubelet/pods/${pod.metadata.uid}/volumes/kubernetes.io~empty-dir/scratch`;
    expect(world.node.fs.stat(dir)?.type).toBe('dir');
    world.node.fs.write(`${dir}/other/app.ini`, 'nested');
    world.node.fs.write(`${dir}/conf/app.ini`, 'shadowed by the /data/conf mount');
    world.node.fs.write(`${dir}/app.ini`, 'top');
    const view = world.node.podView('default', 'app');
    expect(view.readFile('/data/conf/app.ini')).toBe('nested');
    expect(view.readFile('/data/app.ini')).toBe('top');
    expect(view.readFile('/data/conf/../../data/app.ini')).toBe('top');
  });
});

describe('podView', () => {
  it('exposes env values from the spec, the container name and the caller', async () => {
    const world = makeWorld();
    const pod = makePod(world, 'app');
    pod.spec.containers[0]?.env?.push({ name: 'FROM_SECRET' }, { name: 'AWS_ROLE_ARN', value: 'later-wins' });
    await world.node.runPod(pod);
    const view = world.node.podView('default', 'app');
    expect(view.env()).toEqual({ AWS_ROLE_ARN: 'later-wins', AWS_WEB_IDENTITY_TOKEN_FILE: `${IRSA_MOUNT}/token` });
    expect(view).toMatchObject({ podKey: 'default/app', container: 'app', caller: { sourceIp: '10.0.1.2' } });
    expect(caught(() => world.node.podView('default', 'app', 'sidecar'))).toMatchObject({ code: 'K8S_BAD_REQUEST' });
    expect(caught(() => world.node.podView('default', 'ghost'))).toMatchObject({ code: 'K8S_NOT_FOUND' });
  });

  it('sees no files and reaches no one once its pod is deleted, and the pod directory is gone', async () => {
    const world = makeWorld();
    const pod = makePod(world, 'app');
    await world.node.runPod(pod);
    const view = world.node.podView('default', 'app');
    expect(view.readFile(`${IRSA_MOUNT}/token`)).toBeDefined();
    world.node.deletePod('default', 'app');
    expect(view.readFile(`${IRSA_MOUNT}/token`)).toBeUndefined();
    expect(world.node.fs.exists(`/var/lib/kubelet/pods/${pod.metadata.uid}`)).toBe(false);
    expect(await codeOf(view.fetch(new Request('http://169.254.169.254/latest/meta-data/')))).toBe('NET_UNREACHABLE');
  });
});
