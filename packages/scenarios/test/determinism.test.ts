/** A seed reproduces a run: two worlds built and driven the same way log identical events. */
import { describe, expect, it } from 'vitest';
import { happyPath } from './helpers.js';

async function run(seed: number): Promise<string> {
  const { world, roleArn, pod, projection } = await happyPath({ seed });
  for (let day = 0; day < 3; day++) {
    const token = await world.api.projectServiceAccountToken(pod, projection);
    const result = await world.sts.assumeRoleWithWebIdentity({
      RoleArn: roleArn,
      RoleSessionName: `day-${day}`,
      WebIdentityToken: token.token,
    });
    expect(result.ok).toBe(true);
    world.clock.advanceBy(3 * 24 * 3600_000);
  }
  return world.log.toJsonLines();
}

describe('determinism', () => {
  it('gives identical event logs for the same seed, across key rotations', async () => {
    const a = await run(7);
    const b = await run(7);
    expect(a.length).toBeGreaterThan(1000);
    expect(a).toBe(b);
    expect(a).toContain('issuer.key-rotated');
  });

  it('gives different runs for different seeds', async () => {
    expect(await run(7)).not.toBe(await run(8));
  });
});
