/** Scenarios written by engineer B (key-rotation, token-refresh, missing-oidc-provider, vpc-endpoint-dns, webhook-timing, cross-account). */
import type { ScenarioDef } from '../engine/types.js';
import type { World } from '../world/create-world.js';
import { crossAccount } from './cross-account.js';
import { keyRotation } from './key-rotation.js';
import { missingOidcProvider } from './missing-oidc-provider.js';
import { tokenRefresh } from './token-refresh.js';
import { vpcEndpointDns } from './vpc-endpoint-dns.js';
import { webhookTiming } from './webhook-timing.js';

export const setB: readonly ScenarioDef<World>[] = [
  missingOidcProvider,
  keyRotation,
  tokenRefresh,
  webhookTiming,
  vpcEndpointDns,
  crossAccount,
];
