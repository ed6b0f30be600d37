/** Every scenario runs headless on its real world and all its checks pass. */
import { describe, expect, it } from 'vitest';
import { catalogue, ScenarioSession } from '../src/index.js';

describe('scenario catalogue', () => {
  it('has unique ids and a goal for each scenario', () => {
    const ids = catalogue.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of catalogue) expect(s.goal.length).toBeGreaterThan(10);
  });

  for (const scenario of catalogue) {
    it(`${scenario.id}: every step runs and every check passes`, { timeout: 60_000 }, async () => {
      const session = await ScenarioSession.start(scenario, 1);
      await session.runAll();
      expect(session.failures()).toEqual([]);
      expect(session.done.length).toBe(scenario.steps.length);
    });
  }
});
