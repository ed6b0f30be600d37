/**
 * The agent's checks before it calls EKS Auth, in its order
 * (aws/eks-pod-identity-agent internal/validation/request.go): the Host
 * header must be one of the agent's addresses (port and brackets
 * stripped), the Authorization header must hold a token, the token must
 * parse as a JWT (no signature check: EKS Auth does that), and its time
 * claims must hold on the node's clock (golang-jwt v5's basic validation).
 * Each refusal is the agent's status and plain-text message.
 */

/** The addresses the agent serves (its `--bind-hosts` default). */
export const AGENT_ADDRESSES = ['169.254.170.23', 'fd00:ec2::23'] as const;

/** A refusal: the status and the text `http.Error` writes. */
export interface AgentRefusal {
  readonly status: number;
  readonly message: string;
}

/** The host of a Host header without port and IPv6 brackets. */
export function hostOf(header: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(header);
  if (bracketed) return bracketed[1] as string;
  return header.replace(/:\d+$/, '');
}

/** Go's base64.RawURLEncoding: the index of the first byte it refuses, or -1. */
function illegalByte(part: string): number {
  const i = part.search(/[^A-Za-z0-9_-]/);
  if (i >= 0) return i;
  return part.length % 4 === 1 ? part.length - 1 : -1;
}

function decodePart(part: string, what: 'header' | 'claim'): Record<string, unknown> | string {
  const bad = illegalByte(part);
  if (bad >= 0) return `token is malformed: could not base64 decode ${what}: illegal base64 data at input byte ${bad}`;
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    return `token is malformed: could not JSON decode ${what}: not an object`;
  } catch (err) {
    return `token is malformed: could not JSON decode ${what}: ${(err as Error).message}`;
  }
}

/** The claims of `token` without its signature checked (jwt.Parser.ParseUnverified), or why it does not parse. */
function parseUnverified(token: string): Record<string, unknown> | string {
  const parts = token.split('.');
  if (parts.length !== 3) return 'token is malformed: token contains an invalid number of segments';
  const header = decodePart(parts[0] as string, 'header');
  if (typeof header === 'string') return header;
  return decodePart(parts[1] as string, 'claim');
}

/** golang-jwt v5's validation of exp, nbf and iat (no leeway) at `nowSeconds`. */
function timeProblem(claims: Record<string, unknown>, nowSeconds: number): string | undefined {
  const { exp, nbf, iat } = claims;
  if (typeof exp === 'number' && nowSeconds >= exp) return 'token has invalid claims: token is expired';
  if (typeof nbf === 'number' && nowSeconds < nbf) return 'token has invalid claims: token is not valid yet';
  if (typeof iat === 'number' && nowSeconds < iat) return 'token has invalid claims: token used before issued';
  return undefined;
}

/**
 * The agent's refusal of `request`, or its token when every check passes.
 * `nowMs` is the node's clock (a skewed node judges tokens by its own time).
 */
export function validateAgentRequest(request: Request, nowMs: number): { token: string } | AgentRefusal {
  const host = hostOf(request.headers.get('host') ?? new URL(request.url).host);
  if (!(AGENT_ADDRESSES as readonly string[]).includes(host)) {
    return {
      status: 403,
      message: `Access Denied. Called agent through invalid address, please use either [${AGENT_ADDRESSES.join(' ')}] address not ${host}`,
    };
  }
  const token = request.headers.get('authorization') ?? '';
  if (token === '') return { status: 400, message: 'Service account token cannot be empty' };
  const claims = parseUnverified(token);
  if (typeof claims === 'string') return { status: 400, message: `Service account token cannot be parsed: ${claims}` };
  const problem = timeProblem(claims, Math.floor(nowMs / 1000));
  if (problem) return { status: 400, message: `Service account token failed basic claim validations: ${problem}` };
  return { token };
}
