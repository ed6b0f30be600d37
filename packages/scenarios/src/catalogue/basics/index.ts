/** Basics: the IRSA set-up and the checks each piece of it makes, in catalogue order. */

import type { World } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { audienceMismatch } from './audience-mismatch.js';
import { happyPath } from './happy-path.js';
import { leastPrivilege } from './least-privilege.js';
import { missingOidcProvider } from './missing-oidc-provider.js';

export const basics: readonly ScenarioDef<World>[] = [happyPath, leastPrivilege, audienceMismatch, missingOidcProvider];
