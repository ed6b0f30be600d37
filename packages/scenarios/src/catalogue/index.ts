/** The scenario catalogue, in the order the app lists them. */
import type { ScenarioDef } from '../engine/types.js';
import type { World } from '../world/create-world.js';
import { happyPath } from './happy-path.js';
import { setA } from './set-a.js';
import { setB } from './set-b.js';

const GROUP_ORDER = ['basics', 'attacks', 'time', 'operations'] as const;

/** Every scenario, grouped (basics, attacks and leaks, time, operations). */
export const catalogue: readonly ScenarioDef<World>[] = [happyPath, ...setA, ...setB].sort(
  (a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group),
);

/** The scenario with this id, or undefined. */
export function findScenario(id: string): ScenarioDef<World> | undefined {
  return catalogue.find((s) => s.id === id);
}
