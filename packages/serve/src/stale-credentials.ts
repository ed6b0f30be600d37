/**
 * Why a real client's credentials were refused, when the reason is serve
 * mode's own. STS and S3 answer as AWS does (`ExpiredToken`,
 * `InvalidClientTokenId`, `InvalidAccessKeyId`, same status and shape);
 * serve adds a sentence to the `<Message>`, which is what the AWS CLI and the
 * SDKs print, saying what happened and what to run:
 *
 * - expired: simulated time, which POST /clock/advance moves ahead of the
 *   wall clock, is past the credentials' expiration, but the client checks
 *   expiry with its own clock and kept them (the AWS CLI v1 reuses
 *   web-identity credentials from ~/.aws/cli/cache; a long-running process
 *   holds them in memory);
 * - a long-term key (AKIA...): the client found keys of its own, in
 *   AWS_ACCESS_KEY_ID or ~/.aws, and did not act as a Pod;
 * - a temporary key serve does not know: from an earlier serve, or expired
 *   long enough ago (a day) that STS forgot it.
 */

import { isoSeconds } from '@irsa-lab/core';
import type { SessionCredentials } from '@irsa-lab/iam';
import type { World } from '@irsa-lab/world';

/** What a hint is made from. */
export interface HintDeps {
  readonly world: World;
  /** How far simulated time runs ahead of the wall clock. */
  offsetMs(): number;
  /** Every running Pod, `<namespace>/<pod>`. */
  pods(): readonly string[];
}

/** The command that gives a Pod's env, as a learner pastes it from the repository. */
const ENV_COMMAND = 'npx irsa-lab env';
const HINTED_CODES: ReadonlySet<string> = new Set(['ExpiredToken', 'InvalidClientTokenId', 'InvalidAccessKeyId']);

/** The access key id in a SigV4 Authorization header. */
function accessKeyIdOf(request: Request): string | undefined {
  return /Credential=([A-Z0-9]+)\//.exec(request.headers.get('authorization') ?? '')?.[1];
}

/** `ms` in words: 90 s, 45 min, 2 h, 1.5 days. */
export function span(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)} min`;
  if (s < 2 * 86_400) return `${Math.round(s / 360) / 10} h`;
  return `${Math.round(s / 8640) / 10} days`;
}

/** The running Pod a web-identity session came from (its ServiceAccount, from the token's `sub`). */
function podOf(deps: HintDeps, session: SessionCredentials): string {
  const [, , namespace, serviceAccount] = session.webIdentity?.sub.split(':') ?? [];
  const found = deps.pods().find((key) => {
    const [ns = '', name = ''] = key.split('/');
    const { api } = deps.world;
    return (
      ns === namespace &&
      api.exists('Pod', ns, name) &&
      api.get('Pod', ns, name).spec.serviceAccountName === serviceAccount
    );
  });
  return found ?? '<namespace>/<pod>';
}

function expired(deps: HintDeps, session: SessionCredentials): string {
  const nowMs = deps.world.clock.nowMs();
  const offsetMs = deps.offsetMs();
  const moved =
    offsetMs > 0
      ? `; POST /clock/advance put simulated time ${span(offsetMs)} ahead of the wall clock, to ${isoSeconds(nowMs)}, ` +
        'and the client checks expiry with its own clock, so it kept them'
      : `; it is now ${isoSeconds(nowMs)}`;
  const remedy =
    session.kind === 'web-identity'
      ? 'The AWS CLI v1 keeps them in ~/.aws/cli/cache: run ' +
        `eval "$(${ENV_COMMAND} ${podOf(deps, session)})" again (a new session name) and rerun the command; ` +
        'restart a long-running client'
      : "Rerun the command (a new process gets new ones from the Pod's IMDS); restart a long-running client";
  return `(irsa-lab serve: these credentials expired at ${isoSeconds(session.ExpirationMs)}, simulated time${moved}. ${remedy}.)`;
}

function foreign(accessKeyId: string): string {
  return (
    `(irsa-lab serve: ${accessKeyId} is a long-term access key, and the simulated account has none: the client ` +
    'used keys of its own, from AWS_ACCESS_KEY_ID or ~/.aws. Act as a Pod with ' +
    `eval "$(${ENV_COMMAND} <namespace>/<pod>)", which also unsets those and points the client away from ~/.aws.)`
  );
}

function unknown(accessKeyId: string): string {
  return (
    `(irsa-lab serve: this serve never issued ${accessKeyId}, or it expired over a day ago in simulated time: ` +
    'credentials from an earlier irsa-lab serve, kept in ~/.aws/cli/cache or by a long-running client? ' +
    `Run eval "$(${ENV_COMMAND} <namespace>/<pod>)" again and rerun the command.)`
  );
}

/** The sentence to add to an error `code` for `request`'s credentials, if serve knows a reason. */
export function staleCredentialsHint(request: Request, code: string, deps: HintDeps): string | undefined {
  const accessKeyId = accessKeyIdOf(request);
  if (accessKeyId === undefined || !HINTED_CODES.has(code)) return undefined;
  const session = deps.world.iam.lookupAccessKey(accessKeyId);
  if (code === 'ExpiredToken') return session ? expired(deps, session) : undefined;
  // a key serve knows, refused for another reason (a wrong session token): nothing particular to serve
  if (session) return undefined;
  return accessKeyId.startsWith('AKIA') ? foreign(accessKeyId) : unknown(accessKeyId);
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `response` (from STS or S3), with the hint added to its `<Message>` when it has one. */
export async function withStaleCredentialsHint(
  request: Request,
  response: Response,
  deps: HintDeps,
): Promise<Response> {
  if (response.status !== 400 && response.status !== 403) return response;
  const text = await response.clone().text();
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const hint = code === undefined ? undefined : staleCredentialsHint(request, code, deps);
  if (hint === undefined || !text.includes('</Message>')) return response;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  const body = text.replace('</Message>', ` ${xmlText(hint)}</Message>`);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
