/** Scenarios written by engineer A (least-privilege, imds-leakage, host-network, token-theft, permissive-trust, audience-mismatch, legacy-token). */
import type { ScenarioDef } from '../engine/types.js';
import type { World } from '../world/create-world.js';

export const setA: readonly ScenarioDef<World>[] = [];
