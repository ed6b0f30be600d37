/** Time: what changes as the clock runs (key rotation, token and credential refresh), in catalogue order. */

import type { World } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { keyRotation } from './key-rotation.js';
import { tokenRefresh } from './token-refresh.js';

export const time: readonly ScenarioDef<World>[] = [keyRotation, tokenRefresh];
