/**
 * The webhook's ServiceAccount cache over many changes: it forgets the
 * changes of each ServiceAccount that no lookup can return any more (so a
 * long-lived world does not grow without bound), but never the one the
 * cache shows, whatever the number of changes. And the lookup grace
 * period's step names the ServiceAccount it fetched and the period.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Keys, makeKeys, makeWorld, podYaml, ROLE_ARN, saYaml } from './helpers.js';

let keys: Keys;
beforeAll(async () => {
  keys = await makeKeys();
});

type World = ReturnType<typeof makeWorld>;

/** Annotate default/app with role `app-<i>`. */
function annotateRole(world: World, i: number): void {
  const role = `arn:aws:iam::111122223333:role/app-${i}`;
  world.api.annotate('ServiceAccount', 'default', 'app', 'eks.amazonaws.com/role-arn', role);
}

/** Apply pod p of default/app and read the role the webhook injected; the pod is deleted again. */
async function injectedRole(world: World): Promise<string> {
  await world.api.apply(podYaml('p', 'app'), 'p.yaml');
  const env = world.api.get('Pod', 'default', 'p').spec.containers[0]?.env ?? [];
  world.api.delete('Pod', 'default', 'p');
  return env.find((e) => e.name === 'AWS_ROLE_ARN')?.value ?? '(not injected)';
}

describe('the webhook cache over many changes', () => {
  it('a ServiceAccount annotated again and again: once the lag passes, each pod gets the latest role', async () => {
    const world = makeWorld(keys, { webhook: { region: 'us-west-2', webhookCacheLagMs: 1000 } });
    await world.api.apply(saYaml('app'), 'sa.yaml');
    const seen: string[] = [];
    for (let i = 1; i <= 80; i++) {
      annotateRole(world, i);
      world.clock.advanceBy(1000);
      seen.push(await injectedRole(world));
    }
    expect(seen).toEqual(Array.from({ length: 80 }, (_, i) => `arn:aws:iam::111122223333:role/app-${i + 1}`));
  });

  it('more changes inside one lag window than the cache used to keep: the pod still gets the role the cache shows', async () => {
    const world = makeWorld(keys, { webhook: { region: 'us-west-2', webhookCacheLagMs: 10_000 } });
    await world.api.apply(saYaml('app', { 'eks.amazonaws.com/role-arn': ROLE_ARN }), 'sa.yaml');
    world.clock.advanceBy(10_000); // the annotated ServiceAccount is in the cache now
    // forty changes within the next second: none of them is visible yet
    for (let i = 1; i <= 40; i++) {
      annotateRole(world, i);
      world.clock.advanceBy(25);
    }
    expect(await injectedRole(world)).toBe(ROLE_ARN);
  });

  it('a miss fetched within the grace period: the step names the ServiceAccount and the period', async () => {
    const webhook = { region: 'us-west-2', webhookCacheLagMs: 1000, serviceAccountLookupGracePeriodMs: 250 };
    const world = makeWorld(keys, { webhook });
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n';
    const sa = saYaml('app', { 'eks.amazonaws.com/role-arn': ROLE_ARN }, 'payments');
    const [, , pod] = await world.api.apply(
      `${namespace}---\n${sa}---\n${podYaml('p', 'app', '', 'payments')}`,
      'w.yaml',
    );
    const step = pod?.webhook?.steps[0];
    expect(step?.code).toBe('service-account-fetched');
    expect(step?.message).toContain('payments/app');
    expect(step?.message).toContain('250 ms');
  });
});
