/**
 * A bare IAM world for the IAM tests (one account, no role; the cluster's
 * OIDC provider only when asked for, since roles trusting it need it to
 * exist) and a helper that captures the SimError an operation throws.
 */
import { EventLog, IdMaker, isSimError, Rng, SimClock } from '@irsa-lab/core';
import { createIam, type Iam, type IamQuotas } from '@irsa-lab/iam';
import { ISSUER, START_MS } from './harness.js';

export const ACCT = '111122223333';

/** An IAM with one account, seeded: empty, or with the OIDC provider of the harness's ISSUER (PROVIDER_ARN). */
export function world(
  seed = 1,
  options: { provider?: boolean; quotas?: Partial<IamQuotas> } = {},
): { iam: Iam; clock: SimClock; log: EventLog } {
  const clock = new SimClock({ startMs: START_MS });
  const log = new EventLog(clock);
  const quotas = options.quotas ? { quotas: options.quotas } : {};
  const iam = createIam({ clock, ids: new IdMaker(new Rng(seed)), log, ...quotas });
  iam.createAccount(ACCT);
  if (options.provider) iam.createOpenIdConnectProvider(ACCT, { Url: ISSUER, ClientIDList: ['sts.amazonaws.com'] });
  return { iam, clock, log };
}

/** The SimError `fn` throws, as { code, awsCode, message } plus any detail fields asked for. */
export function thrown(fn: () => unknown, ...fields: string[]): Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    if (!isSimError(err)) throw err;
    return {
      code: err.code,
      awsCode: err.detail.awsCode,
      message: err.message,
      ...Object.fromEntries(fields.map((f) => [f, err.detail[f]])),
    };
  }
  throw new Error('expected a SimError');
}
