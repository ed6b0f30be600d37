/** The pod identity webhook's admission of a pod, as a decision trace. */
import type { WebhookTrace } from '@irsa-lab/apiserver';
import type { DecisionTrace } from '../../engine/types.js';

/**
 * The webhook's trace as a decision: mutated or not, and why. The webhook always answers
 * allowed: true; a pod it skips is admitted as written, so the verdict says MUTATED or NOT MUTATED.
 */
export function webhookDecision(trace: WebhookTrace | undefined): DecisionTrace {
  const steps = trace?.steps ?? [];
  const mutated = trace?.mutated ?? false;
  return {
    title: `pod identity webhook on CREATE of ${trace?.pod ?? 'the pod'}`,
    allowed: mutated,
    verdict: mutated ? 'MUTATED' : 'NOT MUTATED (admitted as written)',
    lines: steps.map((s) => ({ depth: 0, text: `${s.code}: ${s.message}`, ok: !trace?.skipped })),
  };
}
