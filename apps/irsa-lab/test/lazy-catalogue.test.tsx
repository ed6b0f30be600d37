/**
 * Catalogue lines with lazy loaders (what the bundled binary hands in): the
 * catalogue and `list` never load a scenario; opening or running one loads
 * exactly that one; a loader that fails is shown as a message.
 */

import type { LazyScenario } from '@irsa-lab/app';
import { App, main } from '@irsa-lab/app';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtureCatalogue } from './fixtures/scenarios.js';
import { drive, KEY } from './helpers.js';

afterEach(() => cleanup());

function lazyCatalogue() {
  const loads = vi.fn<(id: string) => void>();
  const items: LazyScenario[] = fixtureCatalogue.map(({ id, title, group, goal }) => ({
    id,
    title,
    group,
    goal,
    load: async () => {
      loads(id);
      const scenario = fixtureCatalogue.find((s) => s.id === id);
      if (!scenario) throw new Error(`no ${id}`);
      return scenario;
    },
  }));
  return { items, loads };
}

describe('lazy catalogue', () => {
  it('lists without loading, and loads only the scenario that is opened', async () => {
    const { items, loads } = lazyCatalogue();
    const app = drive(<App catalogue={items} seed={42} size={{ columns: 100, rows: 30 }} />);
    await app.frame('scenarios (4)');
    expect(app.lastFrame()).toContain('A projected token becomes role credentials');
    expect(loads).not.toHaveBeenCalled();
    await app.press('fixture-expiry', '▶ fixture-expiry');
    await app.press(KEY.enter, 'Step 1/1 · Get credentials');
    expect(loads.mock.calls).toEqual([['fixture-expiry']]);
    await app.press(KEY.enter, 'Credentials valid for 1h.');
  });

  it('shows a loader failure as a message with what to do', async () => {
    const broken: LazyScenario = {
      id: 'gone',
      title: 'Gone',
      group: 'time',
      goal: 'Its code is missing from this build',
      load: () => Promise.reject(new Error('scenario gone is missing from this build')),
    };
    const app = drive(<App catalogue={[broken]} seed={42} size={{ columns: 100, rows: 30 }} />);
    await app.press(KEY.enter, 'The scenario could not start: scenario gone is missing from this build');
    expect(app.lastFrame()).toContain('irsa-lab ▸ Gone');
    expect(app.lastFrame()).toContain('done 0/?');
  });

  it('`list` prints the lines without loading; `run` loads the one it runs', async () => {
    const { items, loads } = lazyCatalogue();
    let out = '';
    const io = {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => true },
      isTTY: false,
      catalogue: items,
      interactive: async () => {},
    };
    expect(await main(['list'], io)).toBe(0);
    expect(out).toContain('fixture-basics');
    expect(loads).not.toHaveBeenCalled();
    expect(await main(['run', 'fixture-failing'], io)).toBe(1);
    expect(loads.mock.calls).toEqual([['fixture-failing']]);
  });
});
