/** App-level behaviour: the help overlay over either screen, and the too-small terminal message. */

import { App, CrashGuard } from '@irsa-lab/app';
import type { Panel, ScenarioDef } from '@irsa-lab/scenarios';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { basics, type FixtureWorld, fixtureCatalogue } from './fixtures/scenarios.js';
import { drive, KEY } from './helpers.js';

afterEach(() => cleanup());

describe('help overlay', () => {
  it('opens over the catalogue with ? and closes with Esc, keeping the filter', async () => {
    const app = drive(<App catalogue={fixtureCatalogue} seed={42} size={{ columns: 100, rows: 30 }} />);
    await app.frame('scenarios (4)');
    await app.press('?', 'Esc or ? closes');
    expect(app.lastFrame()).toContain('jump to the next event the lesson is about');
    expect(app.lastFrame()).not.toContain('scenarios (4)');
    await app.press(KEY.escape, 'scenarios (4)');
    await app.press('exp', 'filter: exp');
    await app.press('?', 'Esc or ? closes');
    await app.press('?', 'filter: exp');
  });

  it('opens over a walkthrough with the clock still visible, and the walkthrough resumes where it was', async () => {
    const app = drive(<App catalogue={fixtureCatalogue} seed={42} size={{ columns: 80, rows: 24 }} />);
    await app.press('fixture-basics', '▶ fixture-basics');
    await app.press(KEY.enter, 'Press Enter to run this step.');
    await app.press(KEY.enter, 'done 1/5');
    await app.press('d', '2026-01-06 09:00:00Z');
    await app.press('?', 'Esc or ? closes');
    expect(app.live()).toContain('done 1/5 ▰▱▱▱▱  2026-01-06 09:00:00Z  seed 42');
    // keys meant for the walkthrough do nothing while help is open
    app.stdin.write('d');
    await app.press(KEY.escape, 'The provider is registered.');
    expect(app.live()).toContain('2026-01-06 09:00:00Z');
  });
});

describe('terminal size', () => {
  it('asks for a bigger terminal instead of drawing a broken layout', async () => {
    const app = drive(<App catalogue={fixtureCatalogue} seed={42} size={{ columns: 70, rows: 20 }} />);
    await app.frame('needs at least 80×24');
    expect(app.lastFrame()).toContain('The terminal is 70×20');
    expect(app.lastFrame()).not.toContain('scenarios (');
    // typing does nothing while too small
    app.stdin.write('fixture');
    app.rerender(<App catalogue={fixtureCatalogue} seed={42} size={{ columns: 80, rows: 24 }} />);
    await app.frame('scenarios (4)');
    expect(app.lastFrame()).toContain('filter: (type to filter)');
  });

  it('keeps a running walkthrough when the terminal shrinks and grows again', async () => {
    const app = drive(<App catalogue={fixtureCatalogue} seed={42} size={{ columns: 100, rows: 30 }} />);
    await app.press('fixture-basics', '▶ fixture-basics');
    await app.press(KEY.enter, 'Press Enter to run this step.');
    await app.press(KEY.enter, 'done 1/5');
    app.rerender(<App catalogue={fixtureCatalogue} seed={42} size={{ columns: 60, rows: 30 }} />);
    await app.frame('needs at least 80×24');
    app.rerender(<App catalogue={fixtureCatalogue} seed={42} size={{ columns: 100, rows: 30 }} />);
    await app.frame('The provider is registered.');
    expect(app.live()).toContain('done 1/5');
  });
});

describe('crash guard', () => {
  it('shows a drawing failure as one message with what to do, not a stack trace', async () => {
    const malformed: ScenarioDef<FixtureWorld> = {
      ...basics,
      id: 'fixture-malformed',
      steps: [
        {
          id: 'bad',
          title: 'Returns a malformed result',
          narration: 'Its panels are missing.',
          run: async () => ({
            action: 'x',
            outcome: 'info',
            summary: 's',
            panels: null as unknown as Panel[],
            checks: [],
          }),
        },
      ],
    };
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = drive(
      <CrashGuard seed={42}>
        <App catalogue={[malformed]} seed={42} size={{ columns: 100, rows: 30 }} />
      </CrashGuard>,
    );
    await app.press(KEY.enter, 'Press Enter to run this step.');
    await app.press(KEY.enter, 'irsa-lab hit a problem it cannot draw past');
    expect(app.lastFrame()).toContain('report it with the seed (42)');
    expect(app.lastFrame()).not.toMatch(/\n\s+at /);
    quiet.mockRestore();
  });
});
