/** Scenarios written by engineer B (key-rotation, token-refresh, missing-oidc-provider, vpc-endpoint-dns, webhook-timing, cross-account). */
import type { ScenarioDef } from '../engine/types.js';
import type { World } from '../world/create-world.js';

export const setB: readonly ScenarioDef<World>[] = [];
