/** Every scenario runs headless on its real world and all its checks pass. */

import { catalogue, ScenarioSession } from '@irsa-lab/scenarios';
import { describe, expect, it } from 'vitest';

describe('scenario catalogue', () => {
  it('has unique ids and a goal for each scenario', () => {
    const ids = catalogue.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of catalogue) expect(s.goal.length).toBeGreaterThan(10);
  });

  for (const scenario of catalogue) {
    it(`${scenario.id}: every step runs and every check passes`, async () => {
      const session = await ScenarioSession.start(scenario, 1);
      await session.runAll();
      expect(session.failures()).toEqual([]);
      expect(session.done.length).toBe(scenario.steps.length);
      expect(session.done.every((d) => d.learnerMovedMs === 0)).toBe(true);
    });
  }

  it('records how far the learner moved the clock before each step (off the script)', async () => {
    const scenario = catalogue.find((s) => s.id === 'key-rotation');
    if (!scenario) throw new Error('key-rotation is missing');
    const session = await ScenarioSession.start(scenario, 1);
    await session.runNext();
    const week = 7 * 24 * 3600_000;
    const moved = await session.advance(week);
    expect(moved.toMs - moved.fromMs).toBe(week);
    const next = await session.jumpToNextEvent();
    const jumped = next ? next.toMs - next.fromMs : 0;
    await session.runNext();
    expect(session.done.map((d) => d.learnerMovedMs)).toEqual([0, week + jumped]);
  });
});
