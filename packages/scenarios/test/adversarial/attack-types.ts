/**
 * The shape of one JWT attack as data, and the wire answers real STS gives
 * (texts from docs/reference.md#sts-errors, where each is sourced).
 */
import type { Arena } from './arena.js';

/** What STS must answer: the error code, its HTTP status and, where known, the message. */
export interface Refusal {
  readonly code: string;
  readonly status: number;
  readonly message?: string;
}

export interface AttackCase {
  readonly title: string;
  /** Where the expected answer comes from (reference section or public source). */
  readonly source: string;
  /** The token to send, and the role to ask for (default billing-reader). */
  readonly input: (a: Arena) => Promise<{ readonly token: string; readonly roleArn?: string }>;
  /** The refusal, or a function of the arena when it names something only known at run time. */
  readonly expected: Refusal | ((a: Arena) => Refusal);
}

/** [model] InvalidIdentityToken's documented text (docs/reference.md#sts-errors). */
export const INVALID: Refusal = {
  code: 'InvalidIdentityToken',
  status: 400,
  message:
    'The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.',
};

/** [seen] GitLab 342243, double space as captured (docs/reference.md#sts-errors). */
export const NO_KEY: Refusal = {
  code: 'InvalidIdentityToken',
  status: 400,
  message:
    "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
};

/** [seen] aws-load-balancer-controller#2315 (docs/reference.md#sts-errors). */
export function noProvider(iss: string): Refusal {
  return {
    code: 'InvalidIdentityToken',
    status: 400,
    message: `No OpenIDConnect provider found in your account for ${iss}`,
  };
}

/** [seen] aws-sdk-ruby#2698 for aud; the same text for other claims is inferred (docs/reference.md#sts-errors). */
export function missingClaim(claim: string): Refusal {
  return { code: 'InvalidIdentityToken', status: 400, message: `Missing a required claim: ${claim}` };
}

/** [seen] awslabs/amazon-eks-irsa-cfn#18. */
export const WRONG_AUDIENCE: Refusal = {
  code: 'InvalidIdentityToken',
  status: 400,
  message: 'Incorrect token audience',
};

/** [seen] aws-load-balancer-controller#1935 (docs/reference.md#sts-errors). */
export const DENIED: Refusal = {
  code: 'AccessDenied',
  status: 403,
  message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
};

/** [seen] aws-orbit-workbench#707: the text names now and exp in seconds (docs/reference.md#sts-errors). */
export const EXPIRED: Refusal = { code: 'ExpiredTokenException', status: 400 };

/** The STS API model's constraint on WebIdentityToken (4–20000 characters), docs/reference.md#sts-wire-format. */
export const TOO_LONG: Refusal = { code: 'ValidationError', status: 400 };
