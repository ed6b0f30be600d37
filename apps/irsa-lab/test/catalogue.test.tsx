/** The catalogue screen: grouping, filtering by typing, selection, opening, quitting. */

import { App } from '@irsa-lab/app';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtureCatalogue } from './fixtures/scenarios.js';
import { drive, KEY } from './helpers.js';

const SIZE = { columns: 100, rows: 30 };

afterEach(() => cleanup());

describe('catalogue', () => {
  it('lists the scenarios grouped in order (basics, attacks, time, operations) with their goals', async () => {
    const app = drive(<App catalogue={fixtureCatalogue} seed={7} size={SIZE} />);
    await app.frame('scenarios (4)');
    const frame = app.lastFrame() ?? '';
    const order = ['Basics', 'fixture-basics', 'Attacks and leaks', 'fixture-failing', 'Time', 'Operations'];
    const positions = order.map((t) => frame.indexOf(t));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(frame).toContain('A projected token becomes role credentials');
    expect(frame).toContain('seed 7');
    expect(frame).toContain('▶ fixture-basics');
  });

  it('filters as the learner types, and says when nothing matches', async () => {
    const app = drive(<App catalogue={fixtureCatalogue} seed={42} size={SIZE} />);
    await app.frame('scenarios (4)');
    await app.press('expir', 'scenarios (1 of 4)');
    expect(app.lastFrame()).toContain('fixture-expiry');
    expect(app.lastFrame()).not.toContain('fixture-basics');
    await app.press('zz', 'No scenario matches "expirzz"');
    await app.press(KEY.backspace, 'expirz▏');
    await app.press(KEY.escape, 'scenarios (4)');
    expect(app.lastFrame()).toContain('filter: (type to filter)');
  });

  it('keeps a letter typed right after Esc (the terminal sends them as one Alt+letter sequence)', async () => {
    const app = drive(<App catalogue={fixtureCatalogue} seed={42} size={SIZE} />);
    await app.frame('scenarios (4)');
    await app.press('expir', 'filter: expir▏');
    await app.press(`${KEY.escape}b`, 'filter: b▏');
    expect(app.lastFrame()).toContain('▶ fixture-basics');
  });

  it('matches words in the goal and treats spaces and dashes alike', async () => {
    const app = drive(<App catalogue={fixtureCatalogue} seed={42} size={SIZE} />);
    await app.frame('scenarios (4)');
    await app.press('leaked token', 'scenarios (1 of 4)');
    expect(app.lastFrame()).toContain('▶ fixture-failing');
    await app.press(KEY.escape, 'scenarios (4)');
    await app.press('fixture expiry', '▶ fixture-expiry');
  });

  it('moves the selection with arrows and opens the selected scenario with Enter', async () => {
    const app = drive(<App catalogue={fixtureCatalogue} seed={42} size={SIZE} />);
    await app.frame('▶ fixture-basics');
    await app.press(KEY.down, '▶ fixture-failing');
    await app.press(KEY.down, '▶ fixture-expiry');
    await app.press(KEY.up, '▶ fixture-failing');
    expect(app.lastFrame()).toContain('Fixture: a check that fails (fixture-failing)');
    await app.press(KEY.enter, 'irsa-lab ▸ Fixture: a check that fails');
    await app.frame('Step 1/1 · Read another pod token');
  });

  it('selects the scenario whose id starts with what was typed, and keeps the filter on the way back', async () => {
    const app = drive(<App catalogue={fixtureCatalogue} seed={42} size={SIZE} />);
    await app.frame('scenarios (4)');
    await app.press('fixture-b', '▶ fixture-basics');
    await app.press(KEY.enter, 'Step 1/5 · Register the OIDC provider');
    await app.press('b', 'filter: fixture-b');
    expect(app.lastFrame()).toContain('▶ fixture-basics');
  });

  it('quits on q when the filter is empty, releasing the terminal', async () => {
    const app = drive(<App catalogue={fixtureCatalogue} seed={42} size={SIZE} />);
    await app.frame('scenarios (4)');
    const rawMode = vi.spyOn(app.stdin, 'setRawMode');
    await app.press('fixture q', 'filter: fixture q');
    expect(rawMode).not.toHaveBeenCalled();
    await app.press(KEY.escape, 'scenarios (4)');
    app.stdin.write('q');
    await vi.waitFor(() => expect(rawMode).toHaveBeenCalledWith(false), { timeout: 20_000, interval: 5 });
  });
});
