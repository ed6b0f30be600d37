/**
 * Decision traces for the app's "explain" key, built from the traces the
 * services return: STS validation steps with the trust-policy evaluation,
 * a credential chain's provider attempts, a request's hop path.
 */

import type { ChainResult } from '@irsa-lab/ec2-node';
import type { EvaluationResult, TraceStep } from '@irsa-lab/iam';
import type { HopTrace } from '@irsa-lab/net';
import type { DecisionTrace, TraceLine } from '../engine/types.js';

/** The lines of a policy evaluation: each statement, then each condition with the value it saw. */
export function evaluationLines(evaluation: EvaluationResult, depth = 0): TraceLine[] {
  const lines: TraceLine[] = [
    { depth, text: `${evaluation.decision}: ${evaluation.reason}`, ok: evaluation.decision === 'Allow' },
  ];
  for (const st of evaluation.statements) {
    const name = st.sid ? `"${st.sid}"` : `#${st.index}`;
    lines.push({
      depth: depth + 1,
      text: `${st.policy} statement ${name} (${st.effect}): ${st.reason}`,
      ok: st.applies,
    });
    for (const c of st.conditions)
      lines.push({ depth: depth + 2, text: `${c.operator} ${c.key}: ${c.reason}`, ok: c.matched });
  }
  return lines;
}

/** STS's validation steps as a decision trace, the trust-policy evaluation expanded under its step. */
export function stsDecision(title: string, trace: readonly TraceStep[]): DecisionTrace {
  const lines: TraceLine[] = [];
  for (const step of trace) {
    lines.push({ depth: 0, text: `${step.step}: ${step.detail}`, ok: step.ok });
    if (step.evaluation) lines.push(...evaluationLines(step.evaluation, 1));
  }
  return { title, allowed: trace.length > 0 && trace.every((s) => s.ok), lines };
}

/** A credential chain's attempts: which provider was tried, what it read, what it did. */
export function chainDecision(title: string, result: ChainResult): DecisionTrace {
  const lines: TraceLine[] = [];
  for (const a of result.trace) {
    const ok = a.outcome === 'resolved' ? true : a.outcome === 'skipped' ? undefined : false;
    lines.push({ depth: 0, text: `${a.provider}: ${a.outcome} — ${a.detail}`, ...(ok === undefined ? {} : { ok }) });
    if (a.reads.length) lines.push({ depth: 1, text: `read ${a.reads.join(', ')}` });
    for (const r of a.requests ?? []) {
      lines.push({
        depth: 1,
        text: `${r.method} ${r.url} → ${r.status}`,
        ok: typeof r.status === 'number' && r.status < 400,
      });
    }
  }
  return { title, allowed: result.ok, lines };
}

/** A request's path through the network: DNS, node rules, route, response. */
export function hopLines(hops: readonly HopTrace[]): TraceLine[] {
  return hops.map((h) => ({ depth: 0, text: `${h.step}: ${h.detail}`, ok: h.ok }));
}
