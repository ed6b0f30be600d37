/**
 * Starting a scenario session. The engine (and with it every simulated
 * service) is imported on first use, not at start-up, so the bundled app
 * can draw its catalogue before that code is even parsed.
 */
import type { ScenarioDef, ScenarioSession, TimedWorld } from './scenario-api.js';

/** Build the scenario's world from `seed` and open a session on it. */
export async function startSession(
  scenario: ScenarioDef<TimedWorld>,
  seed: number,
): Promise<ScenarioSession<TimedWorld>> {
  const { ScenarioSession } = await import('./scenario-api.js');
  return ScenarioSession.start(scenario, seed);
}
