/** EKS Pod Identity beside IRSA: the set-up, who wins, the silent misses, and the operations around it, in catalogue order. */

import type { World } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { podIdentityAbac } from './abac.js';
import { podIdentityVsIrsa } from './both-configured.js';
import { podIdentityHappyPath } from './happy-path.js';
import { podIdentityMigration } from './migration.js';
import { podIdentitySilentNodeRole } from './silent-node-role.js';
import { podIdentityTagSession } from './tag-session.js';
import { podIdentityTargetRole } from './target-role.js';

export const podIdentity: readonly ScenarioDef<World>[] = [
  podIdentityHappyPath,
  podIdentityVsIrsa,
  podIdentitySilentNodeRole,
  podIdentityTagSession,
  podIdentityMigration,
  podIdentityTargetRole,
  podIdentityAbac,
];
