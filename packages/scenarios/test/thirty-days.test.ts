/**
 * 30 simulated days, 20 pods on one node — key rotations, kubelet
 * token refreshes and SDK re-exchanges — and no correctly configured pod is
 * ever without valid credentials. Checked at every quarter hour, then again
 * from the event log.
 */

import { type CredentialChain, createCredentialChain } from '@irsa-lab/ec2-node';
import { createIrsaRole, moveTime } from '@irsa-lab/world';
import { describe, expect, it } from 'vitest';
import { nodeWorld, podYaml } from './node-world.js';

const PODS = 20;
const DAYS = 30;
const STEP_MS = 15 * 60_000;

describe('thirty days on one node', () => {
  it('never leaves a correctly configured pod without valid credentials', { timeout: 600_000 }, async () => {
    const { world, nodeName } = await nodeWorld();
    const pods: { ns: string; name: string; roleArn: string; sdk: 'js-v3' | 'botocore' }[] = [];
    for (let i = 0; i < PODS; i++) {
      const ns = `team-${i}`;
      const roleArn = createIrsaRole(world, { roleName: `team-${i}-app`, namespace: ns, serviceAccount: 'app' });
      // IRSA workloads that never talk to the Kubernetes API turn the API token off (a common hardening); it
      // would otherwise add a refresh every 48 minutes per pod that has nothing to do with the credentials checked here
      await world.apply(
        podYaml({ namespace: ns, serviceAccount: 'app', pod: 'app', nodeName, roleArn, automount: false }),
        `${ns}.yaml`,
      );
      pods.push({ ns, name: 'app', roleArn, sdk: i % 2 === 0 ? 'js-v3' : 'botocore' });
    }
    // one long-lived SDK chain per pod, as an application keeps one client
    const chains = new Map<string, CredentialChain>();
    for (const p of pods) {
      const view = world.nodeOf(p.ns, p.name).podView(p.ns, p.name);
      chains.set(p.ns, createCredentialChain(view, { sdk: p.sdk, clock: world.clock, region: world.region }));
    }
    const gaps: string[] = [];
    const endMs = world.clock.nowMs() + DAYS * 24 * 3600_000;
    while (world.clock.nowMs() < endMs) {
      for (const p of pods) {
        const result = await (chains.get(p.ns) as CredentialChain).resolve();
        const now = world.clock.nowMs();
        if (!result.ok) gaps.push(`${p.ns} at ${now}: ${result.error.code} ${result.error.message}`);
        else if ((result.credentials.expirationMs ?? 0) <= now) gaps.push(`${p.ns} at ${now}: expired credentials`);
        else if (world.iam.lookupAccessKey(result.credentials.accessKeyId)?.roleArn !== p.roleArn) {
          gaps.push(`${p.ns} at ${now}: wrong role`);
        }
      }
      await moveTime(world, world.clock.nowMs() + STEP_MS);
    }
    expect(gaps).toEqual([]);

    const rotations = world.log.all('issuer.key-rotated');
    expect(rotations.length).toBe(4);
    const writes = world.log.all('kubelet.token-written');
    // every pod's 24 h token is rewritten at ~80% of its lifetime: 30 d / 19.2 h, plus the first write
    for (const p of pods) {
      const mine = writes.filter((e) => JSON.stringify(e.data).includes(`"${p.ns}/`));
      expect(mine.length).toBeGreaterThanOrEqual(38);
      expect(mine.length).toBeLessThanOrEqual(40);
      for (let i = 1; i < mine.length; i++) {
        expect((mine[i]?.atMs ?? 0) - (mine[i - 1]?.atMs ?? 0)).toBeLessThanOrEqual(24 * 3600_000);
      }
    }
    const exchanges = world.log
      .all('cloudtrail')
      .map((e) => e.data as { eventName: string; errorCode?: string })
      .filter((r) => r.eventName === 'AssumeRoleWithWebIdentity');
    expect(exchanges.filter((r) => r.errorCode)).toEqual([]);
    expect(exchanges.length).toBeGreaterThan(PODS * DAYS * 20);
  });
});
