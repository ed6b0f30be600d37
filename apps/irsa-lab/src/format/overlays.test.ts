/** The explain overlay's body: the step's decision, and only the panel traces it does not already hold. */
import { describe, expect, it } from 'vitest';
import type { CompletedStep, DecisionTrace } from '../scenario-api.js';
import { explainBody } from './overlays.js';

const chain: DecisionTrace = {
  title: 'AWS SDK for JavaScript v3 default credential chain in payments/billing-api',
  allowed: true,
  lines: [
    { depth: 0, text: 'fromEnv: no AWS_ACCESS_KEY_ID', ok: false },
    { depth: 0, text: 'fromTokenFile: credentials', ok: true },
  ],
};
const sts: DecisionTrace = {
  title: 'STS AssumeRoleWithWebIdentity',
  allowed: true,
  lines: [{ depth: 0, text: 'check-audience: sts.amazonaws.com', ok: true }],
};
// what the scenarios build: the chain with STS's steps nested under it
const decision: DecisionTrace = { ...chain, lines: [...chain.lines, ...sts.lines.map((l) => ({ ...l, depth: 1 }))] };

function step(panels: { kind: 'chain' | 'trust-trace'; title: string; trace: DecisionTrace }[]): CompletedStep {
  return {
    index: 0,
    step: { id: 's', title: 'The SDK gets credentials', narration: 'n', run: async () => ({}) as never },
    atMs: 0,
    result: { action: 'a', outcome: 'allowed', summary: 's', panels, checks: [], decision },
    learnerMovedMs: 0,
  } as CompletedStep;
}

describe('explainBody', () => {
  it('shows the decision once, not again for the chain and STS panels it holds', () => {
    const text = explainBody(
      step([
        { kind: 'chain', title: 'Credential chain', trace: chain },
        { kind: 'trust-trace', title: 'STS', trace: sts },
      ]),
    ).map((l) => l.text);
    expect(text.filter((t) => t.includes('fromTokenFile: credentials'))).toHaveLength(1);
    expect(text.filter((t) => t.includes('check-audience'))).toHaveLength(1);
  });

  it('keeps a panel trace that says something the decision does not', () => {
    const other: DecisionTrace = {
      title: 'pod identity webhook on CREATE of payments/billing-api',
      allowed: true,
      lines: [{ depth: 0, text: 'mutate: aws-iam-token volume added', ok: true }],
    };
    const text = explainBody(step([{ kind: 'chain', title: 'Pod identity webhook', trace: other }])).map((l) => l.text);
    expect(text).toContain('✓ mutate: aws-iam-token volume added');
  });
});
