/** Attacks and leaks: what a pod, a token or a trust policy gives away, in catalogue order. */

import type { World } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { hostNetwork } from './host-network.js';
import { imdsLeakage } from './imds-leakage.js';
import { legacyToken } from './legacy-token.js';
import { permissiveTrust } from './permissive-trust.js';
import { tokenTheft } from './token-theft.js';

export const attacks: readonly ScenarioDef<World>[] = [
  imdsLeakage,
  hostNetwork,
  tokenTheft,
  permissiveTrust,
  legacyToken,
];
