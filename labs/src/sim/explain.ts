/**
 * Failure messages built from the simulation's own traces: the STS call a
 * pod made (which validation step failed, with what), and a trust or
 * permission policy evaluation mapped back to the learner's file lines
 * (which statement, which condition, which value).
 */
import { STS_EVENT_SOURCE } from '@irsa-lab/core';
import type { EvaluationResult, StatementTrace, TraceStep } from '@irsa-lab/iam';
import type { World } from '@irsa-lab/world';
import { conditionLine, fieldLine, type PolicyFile, statementLine } from '../learner/policy-file.js';
import { matchedLines } from './matched-fields.js';

/** One AssumeRoleWithWebIdentity call, as CloudTrail and STS's trace record it. */
export interface StsCall {
  readonly requestId: string;
  readonly trace: readonly TraceStep[];
  /** The wire error code (`InvalidIdentityToken`, `AccessDenied`...), absent on success. */
  readonly errorCode?: string;
  /** `userIdentity.userName`: the token's sub. */
  readonly subject?: string;
}

/** The last AssumeRoleWithWebIdentity call logged after log sequence `sinceSeq` (default: ever). */
export function lastStsCall(world: World, sinceSeq = 0): StsCall | undefined {
  const record = world.log
    .since(sinceSeq)
    .filter((e) => e.type === 'cloudtrail')
    .map((e) => e.data)
    .filter((r) => r.eventSource === STS_EVENT_SOURCE && r.eventName === 'AssumeRoleWithWebIdentity')
    .at(-1);
  const requestId = record?.requestID;
  const trace = requestId ? world.sts.traceOf(requestId) : undefined;
  if (!requestId || !trace) return undefined;
  return {
    requestId,
    trace,
    ...(record?.errorCode ? { errorCode: record.errorCode } : {}),
    ...(record?.userIdentity.userName ? { subject: record.userIdentity.userName } : {}),
  };
}

/** The first failed step of an STS trace. */
export function failedStep(call: StsCall | undefined): TraceStep | undefined {
  return call?.trace.find((s) => !s.ok);
}

/** `STS step check-audience failed: aud [...] has no entry ...` */
export function stepLine(step: TraceStep): string {
  return `STS ${step.step} failed: ${step.detail}`;
}

const statementName = (st: StatementTrace): string => (st.sid ? `"${st.sid}"` : `#${st.index}`);

/** What was asked: the caller (trust policies), the action, and the resource (permission policies). */
export interface PolicyRequest {
  readonly principal?: string;
  readonly action: string;
  readonly resource?: string;
}

const OWN = { Principal: 'principal', Action: 'action', Resource: 'resource' } as const;
const NOT = { Principal: 'notPrincipal', Action: 'notAction', Resource: 'notResource' } as const;

/** `Action`, or `NotAction` when that is what statement `index` uses instead (same for Principal and Resource). */
function written(file: PolicyFile, index: number, name: keyof typeof OWN): string {
  const st = file.policy.statements[index];
  return st && st[OWN[name]] === undefined && st[NOT[name]] !== undefined ? `Not${name}` : name;
}

/**
 * Why a policy did not allow the request: per statement, a principal,
 * action or resource that did not match and each failed condition, each at
 * the line of that field in `file`.
 */
export function denialLines(evaluation: EvaluationResult, file: PolicyFile, request: PolicyRequest): string[] {
  const lines: string[] = [];
  for (const st of evaluation.statements) {
    const at = (path: readonly string[]) => `${file.file}:${fieldLine(file, st.index, path)}`;
    if (st.effect === 'Deny' && st.applies) {
      lines.push(`${at([])} statement ${statementName(st)} is a Deny that matches: ${st.reason}`);
      continue;
    }
    if (st.principalMatched === false) {
      const principal = written(file, st.index, 'Principal');
      lines.push(
        `${at([principal, 'Federated'])} statement ${statementName(st)}: its ${principal} does not name ${request.principal ?? 'the caller'}`,
      );
    }
    if (!st.actionMatched) {
      const action = written(file, st.index, 'Action');
      lines.push(`${at([action])} statement ${statementName(st)}: its ${action} does not match ${request.action}`);
    }
    if (st.resourceMatched === false) {
      const resource = written(file, st.index, 'Resource');
      lines.push(
        `${at([resource])} statement ${statementName(st)}: its ${resource} does not match ${request.resource ?? 'the resource'}`,
      );
    }
    for (const c of st.conditions.filter((x) => !x.matched)) {
      lines.push(`${file.file}:${conditionLine(file, st.index, c.operator, c.key)} ${c.operator}: ${c.reason}`);
    }
  }
  return lines.length > 0 ? lines : [evaluation.reason];
}

/**
 * Why a policy allowed a request it should not have: the deciding statement
 * and what matched in it. For a permission policy (a request with a
 * resource), the Action and Resource entries that matched, which are what
 * narrows it; for a trust policy, its conditions, or that it has none.
 */
export function allowLines(evaluation: EvaluationResult, file: PolicyFile, request?: PolicyRequest): string[] {
  const decided = evaluation.decidedBy;
  const st = evaluation.statements.find((s) => s.index === decided?.index && s.policy === decided?.policy);
  if (!st) return [evaluation.reason];
  const lines = [`${file.file}:${statementLine(file, st.index)} statement ${statementName(st)} allows it`];
  const statement = file.policy.statements[st.index];
  const permission = request?.resource !== undefined && statement !== undefined;
  if (permission) lines.push(...matchedLines(file, statement, request).map((l) => `  ${l}`));
  else if (st.conditions.length === 0)
    lines.push(`  it has no Condition, so nothing narrows who or what it applies to`);
  for (const c of st.conditions) {
    lines.push(`  ${file.file}:${conditionLine(file, st.index, c.operator, c.key)} ${c.operator}: ${c.reason}`);
  }
  return lines;
}
