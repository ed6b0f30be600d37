/**
 * The catalogue is its groups' folder indexes, group by group in GROUPS
 * order: each folder lists its scenarios in catalogue order, and only
 * scenarios of its own group.
 */
import { expect, it } from 'vitest';
import { catalogue, GROUPS } from './index.js';

it("lists each group's scenarios as its folder does, groups in GROUPS order, each group once", () => {
  expect(catalogue.map((s) => s.id)).toEqual(GROUPS.flatMap((g) => g.scenarios.map((s) => s.id)));
  expect(new Set(GROUPS.map((g) => g.group)).size).toBe(GROUPS.length);
  for (const { group, scenarios } of GROUPS) {
    expect(
      scenarios.map((s) => s.id),
      group,
    ).toEqual(catalogue.filter((s) => s.group === group).map((s) => s.id));
  }
});
