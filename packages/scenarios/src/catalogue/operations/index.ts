/** Operations: running IRSA in a real estate (webhook timing, VPC DNS, several accounts), in catalogue order. */

import type { World } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { crossAccount } from './cross-account.js';
import { vpcEndpointDns } from './vpc-endpoint-dns.js';
import { webhookTiming } from './webhook-timing.js';

export const operations: readonly ScenarioDef<World>[] = [webhookTiming, vpcEndpointDns, crossAccount];
