/**
 * The scenario catalogue, in the order the app lists them: one folder per
 * group, each with an index listing its scenarios in order. A new group is a
 * new folder, a ScenarioGroup name, and a line in GROUPS.
 */

import type { World } from '@irsa-lab/world';
import type { ScenarioDef, ScenarioGroup } from '../engine/types.js';
import { attacks } from './attacks/index.js';
import { basics } from './basics/index.js';
import { failures } from './failures/index.js';
import { operations } from './operations/index.js';
import { podIdentity } from './pod-identity/index.js';
import { time } from './time/index.js';
import { worldTimePanel } from './time-panel.js';

/** Each group's scenarios, groups in catalogue order (basics, attacks and leaks, time, operations, problems people hit, EKS Pod Identity). */
export const GROUPS: readonly { readonly group: ScenarioGroup; readonly scenarios: readonly ScenarioDef<World>[] }[] = [
  { group: 'basics', scenarios: basics },
  { group: 'attacks', scenarios: attacks },
  { group: 'time', scenarios: time },
  { group: 'operations', scenarios: operations },
  { group: 'failures', scenarios: failures },
  { group: 'pod-identity', scenarios: podIdentity },
];

/**
 * Every scenario, group by group. Each runs on a World, so each gets the World's picture of a time move (the
 * ⏱ now tab) unless it draws its own.
 */
export const catalogue: readonly ScenarioDef<World>[] = GROUPS.flatMap((g) =>
  g.scenarios.map((s) => ({ ...s, timePanel: s.timePanel ?? worldTimePanel })),
);

/** The scenario with this id, or undefined. */
export function findScenario(id: string): ScenarioDef<World> | undefined {
  return catalogue.find((s) => s.id === id);
}
