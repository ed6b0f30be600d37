/**
 * Principal matching for resource policies (trust policies, bucket policies).
 * `"*"` (and `{"AWS": "*"}`, which AWS documents as equivalent) matches any
 * caller; otherwise the caller is compared with the entries of its own type.
 * An account id or `arn:aws:iam::<account>:root` names every principal of that
 * account, and a role ARN also names that role's assumed-role sessions.
 */
import { splitArn } from './glob.js';
import type { Principal, RequestContext } from './types.js';

/** The caller of a request, as the RequestContext describes it. */
export type Caller = NonNullable<RequestContext['principal']>;

const ACCOUNT_ID = /^\d{12}$/;

function accountOf(id: string): string | undefined {
  if (ACCOUNT_ID.test(id)) return id;
  return splitArn(id)?.[4] || undefined;
}

function rootAccount(entry: string): string | undefined {
  if (ACCOUNT_ID.test(entry)) return entry;
  const parts = splitArn(entry);
  return parts && parts[2] === 'iam' && parts[5] === 'root' ? parts[4] : undefined;
}

/** `arn:aws:iam::A:role/path/Name` also names `arn:aws:sts::A:assumed-role/Name/session`. */
function roleOwnsSession(entry: string, id: string): boolean {
  const role = splitArn(entry);
  const session = splitArn(id);
  if (!role || !session || role[2] !== 'iam' || session[2] !== 'sts') return false;
  if (role[1] !== session[1] || role[4] !== session[4]) return false;
  const roleName = /^role\/(?:.*\/)?([^/]+)$/.exec(role[5] as string)?.[1];
  const sessionRole = /^assumed-role\/([^/]+)\/[^/]+$/.exec(session[5] as string)?.[1];
  return roleName !== undefined && roleName === sessionRole;
}

function entryMatches(type: Caller['type'], entry: string, id: string): boolean {
  if (entry === id) return true;
  if (type !== 'AWS') return type === 'Service' && entry.toLowerCase() === id.toLowerCase();
  const account = rootAccount(entry);
  if (account !== undefined) return accountOf(id) === account;
  return roleOwnsSession(entry, id);
}

/** True when `principal` (a statement's Principal or NotPrincipal) names `caller`. */
export function principalMatches(principal: Principal, caller: Caller | undefined): boolean {
  if (principal.kind === '*' || principal.AWS?.includes('*')) return true;
  if (!caller) return false;
  const entries = principal[caller.type] ?? [];
  return entries.some((entry) => entryMatches(caller.type, entry, caller.id));
}

/** A principal map or `*` as a learner would write it, for traces. */
export function describePrincipal(principal: Principal): string {
  if (principal.kind === '*') return '"*"';
  const parts = (['AWS', 'Federated', 'Service', 'CanonicalUser'] as const)
    .filter((type) => principal[type] !== undefined)
    .map((type) => `${type}: ${(principal[type] ?? []).join(', ')}`);
  return `{${parts.join('; ')}}`;
}

/** The caller as a learner would read it, for traces. */
export function describeCaller(caller: Caller | undefined): string {
  return caller ? `${caller.type} ${caller.id}` : 'an anonymous caller';
}
