/**
 * The internal state of the simulated IAM, shared by the provider, role and
 * credential modules: one record per account, replaced (never mutated) on
 * change so a snapshot handed out stays what it was.
 */
import { type Clock, type EventLog, type IdMaker, isoSeconds } from '@irsa-lab/core';
import type { IamChangedEvent } from '../events.js';
import { iamError } from './errors.js';
import type { Account, OpenIdConnectProvider, Role } from './types.js';

/** One account's entities. */
export interface AccountState {
  readonly account: Account;
  /** By ARN. */
  readonly providers: Map<string, OpenIdConnectProvider>;
  /** By lower-cased role name (IAM role names are unique case-insensitively). */
  readonly roles: Map<string, Role>;
}

/** What every IAM operation works on. */
export interface IamContext {
  readonly clock: Clock;
  readonly ids: IdMaker;
  readonly log: EventLog;
  readonly accounts: Map<string, AccountState>;
}

/** The state of `accountId`, or NoSuchEntity. */
export function accountState(ctx: IamContext, accountId: string): AccountState {
  const state = ctx.accounts.get(accountId);
  if (!state) throw iamError('NoSuchEntity', `The account ${accountId} does not exist in this world.`, { accountId });
  return state;
}

/** Record an IAM change in the event log ('iam.changed'). */
export function logChange(
  ctx: IamContext,
  action: string,
  summary: string,
  data: Omit<IamChangedEvent, 'action'>,
): void {
  ctx.log.append('iam.changed', 'iam', summary, { action, ...data });
}

/** Now, as epoch ms and as the ISO text IAM shows. */
export function nowStamp(ctx: IamContext): { ms: number; iso: string } {
  const ms = ctx.clock.nowMs();
  return { ms, iso: isoSeconds(ms) };
}
