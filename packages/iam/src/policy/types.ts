/**
 * The policy engine's contract: a parsed IAM policy, the request it is
 * evaluated against, and the decision with a full trace. STS (trust
 * policies) and S3 (identity and bucket policies) both evaluate through it.
 */

/** A condition value as written in JSON (IAM accepts strings, numbers and booleans, or lists of them). */
export type ConditionValue = string | number | boolean;

/** One `"Operator": { "key": value | [values] }` entry, normalised. */
export interface ConditionEntry {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  /** `StringLike`, `NumericLessThan`, ... without set prefix or IfExists. */
  readonly baseOperator: string;
  readonly setQualifier?: 'ForAnyValue' | 'ForAllValues';
  readonly ifExists: boolean;
  /** Condition key as written (keys compare case-insensitively). */
  readonly key: string;
  readonly values: readonly ConditionValue[];
  /** Line of the key in the source text, from 1 (absent for policies parsed from objects). */
  readonly line?: number;
}

export type Principal =
  | { readonly kind: '*' }
  | {
      readonly kind: 'map';
      readonly AWS?: readonly string[];
      readonly Federated?: readonly string[];
      readonly Service?: readonly string[];
      readonly CanonicalUser?: readonly string[];
    };

export interface Statement {
  /** Position in the policy's Statement list, from 0. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal?: Principal;
  readonly notPrincipal?: Principal;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly conditions: readonly ConditionEntry[];
  /** Line of the statement in the source text, from 1 (for traces and errors). */
  readonly line?: number;
}

export interface Policy {
  /** A name for traces: `trust policy of role/billing-reader`, a file name, ... */
  readonly name: string;
  /** Identity policies must not name a Principal; resource policies (trust policies, bucket policies) must. */
  readonly kind: 'identity' | 'resource';
  readonly version: '2012-10-17' | '2008-10-17';
  readonly id?: string;
  readonly statements: readonly Statement[];
}

/** What is being asked. Context keys compare case-insensitively; values are strings or lists of strings. */
export interface RequestContext {
  /** The caller, as an ARN or a principal map entry: e.g. `{ Federated: 'arn:aws:iam::1:oidc-provider/...' }`. */
  readonly principal?: { readonly type: 'AWS' | 'Federated' | 'Service' | 'CanonicalUser'; readonly id: string };
  /** `sts:AssumeRoleWithWebIdentity`, `s3:GetObject`, ... */
  readonly action: string;
  /** The resource ARN (omitted for trust policies: the role is the resource). */
  readonly resource?: string;
  /** Condition keys (`aws:CurrentTime`, `oidc.eks.../id/X:sub`, `s3:prefix`, ...). */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** Why one condition matched or not. */
export interface ConditionTrace {
  readonly operator: string;
  readonly key: string;
  readonly expected: readonly ConditionValue[];
  /** The request's value(s) for the key; undefined when the key was absent. */
  readonly actual: string | readonly string[] | undefined;
  readonly matched: boolean;
  /** A sentence a learner can read: `"system:serviceaccount:web:default" does not equal "system:serviceaccount:payments:billing"`. */
  readonly reason: string;
}

export interface StatementTrace {
  readonly policy: string;
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principalMatched: boolean | 'n/a';
  readonly actionMatched: boolean;
  readonly resourceMatched: boolean | 'n/a';
  readonly conditions: readonly ConditionTrace[];
  /** The statement applies to the request (every part matched). */
  readonly applies: boolean;
  readonly reason: string;
  /** Line of the statement in the policy text, from 1, when the policy was parsed from text. */
  readonly line?: number;
}

export interface EvaluationResult {
  readonly decision: Decision;
  readonly statements: readonly StatementTrace[];
  /** The statement that decided (the first applicable Deny, else the first applicable Allow); absent for ImplicitDeny. */
  readonly decidedBy?: { readonly policy: string; readonly index: number; readonly sid?: string };
  /** One sentence: which statement decided, or that none allowed. */
  readonly reason: string;
}
