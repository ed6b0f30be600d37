/**
 * Where the `irsa-lab` binary gets its catalogue: the lines of
 * `@irsa-lab/scenarios/catalogue-lines` (ids, titles, groups and goals, no
 * scenario code), each with a loader that imports the scenarios on first
 * use. So the catalogue and `list` draw before the simulation is loaded, in
 * the bundle and in the tsc output alike: what is built is what is tested.
 */
import { catalogueLines } from '@irsa-lab/scenarios/catalogue-lines';
import type { LazyScenario } from './catalogue-item.js';
import type { ScenarioDef, TimedWorld } from './scenario-api.js';

/** The scenario with this id, from the scenarios package, loaded (with the whole simulation) on first call. */
async function load(id: string): Promise<ScenarioDef<TimedWorld>> {
  const { catalogue } = await import('./scenario-api.js');
  const scenario = catalogue.find((s) => s.id === id);
  if (!scenario) throw new Error(`scenario ${id} is listed in the catalogue's lines but missing from its scenarios`);
  return scenario;
}

/** The catalogue, one lazy item per line, in catalogue order. */
export function loadCatalogue(): readonly LazyScenario[] {
  return catalogueLines.map((line) => ({ ...line, load: () => load(line.id) }));
}
