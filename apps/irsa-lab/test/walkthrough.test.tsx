/**
 * The walkthrough driven with key presses: steps, panels, explain, time
 * moves (clock text changes, fired events listed), break/fix, restart,
 * back, and a step that throws shown as a message with what to do.
 */

import { App, CLEAR_SCREEN } from '@irsa-lab/app';
import type { ScenarioDef } from '@irsa-lab/scenarios';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { basics, broken, type FixtureWorld, fixtureCatalogue } from './fixtures/scenarios.js';
import { drive, KEY } from './helpers.js';

const SIZE = { columns: 100, rows: 40 };

afterEach(() => cleanup());

async function open(id: string, catalogue: readonly ScenarioDef<FixtureWorld>[] = fixtureCatalogue) {
  const app = drive(<App catalogue={catalogue} seed={42} size={SIZE} />);
  await app.frame('scenarios (');
  await app.press(id, `▶ ${id}`);
  await app.press(KEY.enter, 'Press Enter to run this step.');
  return app;
}

describe('walkthrough', () => {
  it('runs steps with Enter, keeps finished steps above, and shows progress, clock and seed', async () => {
    const app = await open('fixture-basics');
    expect(app.live()).toContain('done 0/5 ▱▱▱▱▱  2026-01-05 09:00:00Z  seed 42');
    expect(app.live()).toContain('Step 1/5 · Register the OIDC provider');
    expect(app.live()).toContain('IAM must know the cluster issuer');
    await app.press(KEY.enter, 'The provider is registered.');
    expect(app.live()).toContain('done 1/5');
    expect(app.live()).toContain('$ aws iam create-open-id-connect-provider');
    expect(app.live()).toContain('✓ provider registered');
    expect(app.live()).toContain('Next ▸ The pod gets a projected token');
    await app.press(' ', 'Step 2/5 · The pod gets a projected token');
    // the finished step moved to the scroll-back as a one-line summary
    await app.frame('✓ 1/5 Register the OIDC provider: • The provider is registered.');
    expect(app.live()).not.toContain('The provider is registered.');
    expect(app.live()).toContain('sub: system:serviceaccount:payments:billing');
    expect(app.live()).toContain('exp: 1767690000 (2026-01-06 09:00:00Z)');
  });

  it('switches panels with Tab and number keys (keys with the signing kid marked, timeline)', async () => {
    const app = await open('fixture-basics');
    await app.press(KEY.enter, '[1 provider]');
    await app.press('2', '[2 keys]');
    expect(app.live()).toMatch(/▶ kid-new\s+signing\s+current key\s+◀ token kid/);
    await app.press(KEY.tab, '[1 provider]');
    await app.press(KEY.enter, '[1 token]');
    await app.press(KEY.tab, '[2 timeline]');
    expect(app.live()).toContain('▲ now Jan 05 09:00');
    expect(app.live()).toContain('◆ refresh due Jan 06 04:12 (in 19h12m)');
  });

  it('moves time: n skips the API token to what the lesson is about; h, d, w; each shows what changed', async () => {
    const app = await open('fixture-basics');
    await app.press(KEY.enter, 'done 1/5');
    await app.press(KEY.enter, 'done 2/5');
    // the API token's refresh (48 min) comes first, but is not what lies ahead for the lesson
    expect(app.live()).toContain(
      'ahead: in 19h12m: IRSA token refresh of payments/billing-api · in 7d: signing key rotation',
    );
    await app.press('n', '2026-01-06 04:12:00Z');
    // the picture after the move is the last tab, selected: what changed, lesson first, then the lifetimes now
    await app.frame('[3 ⏱ now]');
    expect(app.live()).toMatch(/\[3 ⏱ now\]\s+After the clock moved/);
    const changed = app.live();
    expect(changed.indexOf('• IRSA token refreshed (payments/billing-api)')).toBeGreaterThan(0);
    expect(changed.indexOf('• Kubernetes API token refreshed (payments/billing-api)')).toBeGreaterThan(
      changed.indexOf('• IRSA token refreshed'),
    );
    expect(changed).toContain('⏱ next event: Jan 05 09:00 → Jan 06 04:12 (+19h12m) · what changed: in the ⏱ now tab');
    // on another tab, the clock line lists what changed itself
    await app.press('1', '[1 token]');
    expect(app.live()).toContain(
      '⏱ next event: Jan 05 09:00 → Jan 06 04:12 (+19h12m) · IRSA token refreshed (payments/billing-api) ·\nKubernetes API token refreshed (payments/billing-api)',
    );
    await app.press('h', '2026-01-06 05:12:00Z');
    await app.frame('• nothing fired');
    await app.press('d', '2026-01-07 05:12:00Z');
    await app.press('w', '2026-01-14 05:12:00Z');
    await app.frame('• signing key rotated');
    await app.press('n', 'nothing the lesson is about lies ahead');
    expect(app.live()).toContain('2026-01-14 05:12:00Z');
  });

  it('explains the decision of an allowed and a denied step, and closes with Esc', async () => {
    const app = await open('fixture-basics');
    await app.press(KEY.enter, 'done 1/5');
    await app.press(KEY.enter, 'done 2/5');
    await app.press('e', 'nothing to explain');
    await app.press(KEY.escape, 'Next ▸ The SDK assumes the role');
    await app.press(KEY.enter, '✓ ALLOWED STS returned credentials for billing-reader.');
    expect(app.live()).toContain('SecretAccessKey: ****9z8Q');
    expect(app.lastFrame()).not.toContain('wJalrXUtnFEMI');
    await app.press('e', 'Explain · The SDK assumes the role');
    expect(app.live()).toContain('✓ ALLOWED: trust policy of role billing-reader');
    expect(app.live()).toContain('2026-01-05 09:00:00Z  seed 42');
    await app.press(KEY.escape, '[1 creds]');
    expect(app.live()).not.toContain('Explain ·');
    await app.press(KEY.enter, 'Step 4/5 · Break it: an attacker pod asks  [break it]');
    expect(app.live()).toContain('✗ DENIED AccessDenied: the sub condition did not match.');
    await app.press('e', 'Explain · Break it');
    expect(app.live()).toContain('✗ StringEquals sub = system:serviceaccount:payments:billing');
    expect(app.live()).toContain('✗ DENIED: credential chain');
    await app.press('e', 'Next ▸ Fix it: scope the trust policy  [fix it]');
    expect(app.live()).toContain('Enter run step');
    await app.press(KEY.enter, 'Scenario complete ·');
    expect(app.live()).toContain('Step 5/5 · Fix it: scope the trust policy  [fix it]');
    // nothing is left to run: Enter now opens the closing screen
    expect(app.live()).not.toContain('Enter run step');
    expect(app.live()).toContain('Enter lesson');
    await app.press(KEY.enter, 'Scenario complete · Fixture: token to credentials');
    const closing = app.live();
    expect(closing).toContain('What it taught');
    expect(closing).toContain('Each piece checks one thing.');
    expect(closing).toContain('Simplified here');
    expect(closing).toContain('• No real cryptography in this fixture.');
    expect(closing).toContain('Read more');
    expect(closing).toContain('• IRSA on EKS');
    expect(closing).toContain('docs/reference.md#service-account-tokens');
    expect(closing).toContain('✓ 5 steps, every check held.');
    await app.press(KEY.escape, 'Step 5/5 · Fix it: scope the trust policy  [fix it]');
    expect(app.live()).not.toContain('What it taught');
  });

  it('restarts the scenario from its first step on r, with the clock back at the start', async () => {
    const app = await open('fixture-basics');
    await app.press(KEY.enter, 'done 1/5');
    await app.press(KEY.enter, 'done 2/5');
    await app.press('d', '2026-01-06 09:00:00Z');
    // the finished steps <Static> printed above stay on screen until the screen is cleared: not before r
    const clears = () => app.frames.filter((f) => f.includes(CLEAR_SCREEN)).length;
    expect(clears()).toBe(0);
    await app.press('r', 'done 0/5 ▱▱▱▱▱  2026-01-05 09:00:00Z');
    await vi.waitFor(() => expect(clears()).toBe(1));
    // and the screen is drawn again after the clear
    await app.frame('Press Enter to run this step.');
    await app.press(KEY.enter, 'The provider is registered.');
    // leaving for the catalogue clears them too
    await app.press('b', 'scenarios (');
    await vi.waitFor(() => expect(clears()).toBe(2));
  });

  it('shows a step that throws as a message with what to do, never a stack trace', async () => {
    const app = await open('fixture-broken');
    await app.press(KEY.enter, 'Fine.');
    await app.press(
      KEY.enter,
      '✗ This step could not run: IMDS_UNAVAILABLE: the instance metadata service did not answer',
    );
    expect(app.live()).toContain('What to do:');
    expect(app.lastFrame()).not.toMatch(/\n\s+at |SimError|\.ts:\d+/);
    expect(app.live()).toContain('Scenario complete ·');
  });

  it('shows a scenario whose world cannot be built as a message, with retry and back', async () => {
    const failingSetup: ScenarioDef<FixtureWorld> = {
      ...broken,
      id: 'fixture-no-world',
      setup: async () => {
        throw new Error('fixture key pool is empty');
      },
    };
    const app = drive(<App catalogue={[failingSetup]} seed={42} size={SIZE} />);
    await app.press(KEY.enter, 'The scenario could not start: fixture key pool is empty');
    expect(app.lastFrame()).toContain('What to do:');
    await app.press('r', 'The scenario could not start');
    await app.press('b', 'scenarios (1)');
  });
});

describe('walkthrough under fast typing', () => {
  it('keeps an Enter pressed while the world is still being built, and runs the step once it is', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: ScenarioDef<FixtureWorld> = {
      ...basics,
      id: 'fixture-slow',
      setup: async (seed) => {
        await gate;
        return basics.setup(seed);
      },
    };
    const app = drive(<App catalogue={[slow]} seed={42} size={SIZE} />);
    await app.press(KEY.enter, 'building the simulated world');
    await app.press(KEY.enter, 'building the simulated world');
    release();
    await app.frame('The provider is registered.');
    expect(app.live()).toContain('done 1/5');
  });
});
