/**
 * The shared shape of the policy engine's table tests: a case is a policy
 * (one Allow statement guarded by a condition), a request, and the expected
 * decision with the conditions that failed.
 */

import type { Decision, RequestContext } from '@irsa-lab/iam';
import { evaluate, parsePolicyObject } from '@irsa-lab/iam';
import { expect } from 'vitest';

export interface Case {
  readonly title: string;
  readonly policy: unknown;
  readonly request: RequestContext;
  readonly expected: { readonly decision: Decision; readonly failed?: readonly string[] };
}

/** An identity policy allowing s3:GetObject on everything when `condition` holds. */
export function allowWhen(condition: Record<string, Record<string, unknown>>): unknown {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Guarded', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition }],
  };
}

/** A GetObject request carrying `context`. */
export function withContext(context: Record<string, string | readonly string[]>): RequestContext {
  return { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/2026/q1.csv', context };
}

export const ALLOW = { decision: 'Allow' } as const;
export const deniedBy = (...failed: string[]) => ({ decision: 'ImplicitDeny', failed }) as const;

/** Run one case: the decision, and exactly which conditions failed (`Operator key`). */
export function runCase({ policy, request, expected }: Case): ReturnType<typeof evaluate> {
  const parsed = parsePolicyObject(policy, { name: 'guarded', kind: 'identity' });
  const result = evaluate([parsed], request);
  const failed = result.statements.flatMap((s) =>
    s.conditions.filter((c) => !c.matched).map((c) => `${c.operator} ${c.key}`),
  );
  expect(result.decision).toBe(expected.decision);
  expect(failed).toEqual(expected.failed ?? []);
  return result;
}
