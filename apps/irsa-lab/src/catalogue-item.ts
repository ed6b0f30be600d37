/**
 * What the app lists: a scenario, or just its catalogue line (id, title,
 * group, goal) with a loader for the rest. The binary uses the lazy form
 * (catalogue-source.ts) so its first frame does not wait for every
 * scenario's code (the whole simulated AWS and Kubernetes); tests hand in
 * scenarios directly, or lazy fixtures.
 */
import type { ScenarioDef, ScenarioGroup, TimedWorld } from './scenario-api.js';

export interface LazyScenario {
  readonly id: string;
  readonly title: string;
  readonly group: ScenarioGroup;
  readonly goal: string;
  load(): Promise<ScenarioDef<TimedWorld>>;
}

export type CatalogueItem = ScenarioDef<TimedWorld> | LazyScenario;

function isLazy(item: CatalogueItem): item is LazyScenario {
  return typeof (item as Partial<LazyScenario>).load === 'function';
}

/** The full scenario behind a catalogue item, loading it if needed. */
export async function resolveScenario(item: CatalogueItem): Promise<ScenarioDef<TimedWorld>> {
  if (!isLazy(item)) return item;
  const scenario = await item.load();
  if (scenario.id !== item.id) throw new TypeError(`catalogue entry ${item.id} loaded scenario ${scenario.id}`);
  return scenario;
}
