/**
 * The webhook's ServiceAccount cache over many changes: it remembers only
 * the recent changes of each ServiceAccount (so a long-lived world does not
 * grow without bound), but dropping the old ones must never drop the
 * latest, whatever the number of changes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Keys, makeKeys, makeWorld, podYaml, saYaml } from './helpers.js';

let keys: Keys;
beforeAll(async () => {
  keys = await makeKeys();
});

describe('the webhook cache over many changes', () => {
  it('a ServiceAccount annotated again and again: once the lag passes, each pod gets the latest role', async () => {
    const world = makeWorld(keys, { webhook: { region: 'us-west-2', webhookCacheLagMs: 1000 } });
    await world.api.apply(saYaml('app'), 'sa.yaml');
    const seen: string[] = [];
    for (let i = 1; i <= 80; i++) {
      const role = `arn:aws:iam::111122223333:role/app-${i}`;
      world.api.annotate('ServiceAccount', 'default', 'app', 'eks.amazonaws.com/role-arn', role);
      world.clock.advanceBy(1000);
      await world.api.apply(podYaml('p', 'app'), 'p.yaml');
      const env = world.api.get('Pod', 'default', 'p').spec.containers[0]?.env ?? [];
      seen.push(env.find((e) => e.name === 'AWS_ROLE_ARN')?.value ?? '(not injected)');
      world.api.delete('Pod', 'default', 'p');
    }
    expect(seen).toEqual(Array.from({ length: 80 }, (_, i) => `arn:aws:iam::111122223333:role/app-${i + 1}`));
  });
});
