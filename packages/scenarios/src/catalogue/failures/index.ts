/** Problems people hit: the failures that fill public issue trackers, each with its symptom, message and fix, in catalogue order. */

import type { World } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { irsaIgnored, irsaIgnoredScenario } from './irsa-ignored.js';
import { kube2iam, kube2iamWorld } from './kube2iam.js';
import { limitsAtScale, limitsWorld } from './limits-at-scale.js';
import { recreatedCluster, recreatedWorld } from './recreated-cluster.js';
import { stsThrottling, throttlingWorld } from './sts-throttling.js';
import { tokenUnreadable, unreadableWorld } from './token-unreadable.js';
import { raceWorld, webhookRace } from './webhook-race.js';

export const failures: readonly ScenarioDef<World>[] = [
  webhookRace,
  irsaIgnored,
  tokenUnreadable,
  stsThrottling,
  limitsAtScale,
  recreatedCluster,
  kube2iam,
];

/**
 * Each scenario of the group on a world without the problem it teaches (the setting that causes it turned
 * off, or set as it should be): its checks must then fail, which the group's tests show.
 */
export const failureControls: Readonly<Record<string, ScenarioDef<World>>> = {
  'webhook-race': { ...webhookRace, setup: (seed) => raceWorld(seed, 0) },
  // an SDK at the EKS guide's minimum version has the web-identity provider
  'irsa-ignored': irsaIgnoredScenario('3.27.0'),
  'token-unreadable': { ...tokenUnreadable, setup: (seed) => unreadableWorld(seed, 'since-1.19') },
  'sts-throttling': { ...stsThrottling, setup: (seed) => throttlingWorld(seed, 1_000_000) },
  'limits-at-scale': { ...limitsAtScale, setup: (seed) => limitsWorld(seed, 4096) } as ScenarioDef<World>,
  'recreated-cluster': { ...recreatedCluster, setup: (seed) => recreatedWorld(seed, false) },
  kube2iam: { ...kube2iam, setup: (seed) => kube2iamWorld(seed, false) },
};
