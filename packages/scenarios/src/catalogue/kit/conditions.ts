/** Trust-policy conditions in an STS decision trace: which one failed, and the same in a few words. */

import type { World } from '@irsa-lab/world';
import type { DecisionTrace } from '../../engine/types.js';

/** The first failed trust-policy condition in a decision trace: its condition key and its line. */
export function failedCondition(decision: DecisionTrace): { readonly key: string; readonly text: string } | undefined {
  const line = decision.lines.find((l) => l.ok === false && /^String\w+ \S+: /.test(l.text));
  const key = line ? /^String\w+ (\S+): /.exec(line.text)?.[1] : undefined;
  return line && key ? { key, text: line.text } : undefined;
}

/** The failed condition in a few words, the issuer prefix dropped: `StringEquals sub: sub is "..."; ... wants "...": no match`. */
export function briefCondition(world: World, decision: DecisionTrace): string {
  return failedCondition(decision)?.text.replaceAll(`${world.issuerHostPath}:`, '') ?? 'no condition failed';
}
