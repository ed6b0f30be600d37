/** Problems people hit: the failures that fill public issue trackers, each with its symptom, message and fix, in catalogue order. */

import type { World } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { irsaIgnored } from './irsa-ignored.js';
import { kube2iam } from './kube2iam.js';
import { limitsAtScale } from './limits-at-scale.js';
import { recreatedCluster } from './recreated-cluster.js';
import { stsThrottling } from './sts-throttling.js';
import { tokenUnreadable } from './token-unreadable.js';
import { webhookRace } from './webhook-race.js';

export const failures: readonly ScenarioDef<World>[] = [
  webhookRace,
  irsaIgnored,
  tokenUnreadable,
  stsThrottling,
  limitsAtScale,
  recreatedCluster,
  kube2iam,
];
