/** Scenarios written by engineer A (least-privilege, imds-leakage, host-network, token-theft, permissive-trust, audience-mismatch, legacy-token). */
import type { ScenarioDef } from '../engine/types.js';
import type { World } from '../world/create-world.js';
import { audienceMismatch } from './audience-mismatch.js';
import { hostNetwork } from './host-network.js';
import { imdsLeakage } from './imds-leakage.js';
import { leastPrivilege } from './least-privilege.js';
import { legacyToken } from './legacy-token.js';
import { permissiveTrust } from './permissive-trust.js';
import { tokenTheft } from './token-theft.js';

export const setA: readonly ScenarioDef<World>[] = [
  leastPrivilege,
  imdsLeakage,
  hostNetwork,
  tokenTheft,
  permissiveTrust,
  audienceMismatch,
  legacyToken,
];
