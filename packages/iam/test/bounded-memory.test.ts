/**
 * The bounded FIFOs behind STS's remembered traces and the credential
 * store (sped up: their oldest entry is found through a queue instead of
 * walking a Map past its deleted entries). What is kept and what is
 * forgotten, and in which order, is exactly as before.
 */
import { EventLog, HOUR_MS, IdMaker, Rng, SimClock } from '@irsa-lab/core';
import { createIam, MAX_REMEMBERED_TRACES } from '@irsa-lab/iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { params } from './assume-cases.js';
import { createHarness, generateIssuerKeys, ISSUER, irsaTrustPolicy, START_MS } from './harness.js';
import { ACCT, world } from './iam-world.js';

describe('STS remembered traces', () => {
  beforeAll(generateIssuerKeys);

  it('keeps the traces of the newest calls and forgets the oldest first', async () => {
    const h = createHarness();
    const ids: string[] = [];
    // calls refused at validation are remembered too, and cost no crypto
    for (let i = 0; i < MAX_REMEMBERED_TRACES + 25; i++) {
      const out = await h.sts.assumeRoleWithWebIdentity(params('x'));
      expect(out.ok).toBe(false);
      ids.push(out.requestId);
    }
    for (const [i, id] of ids.entries()) {
      const trace = h.sts.traceOf(id);
      if (i < 25) expect(trace, `call ${i}`).toBeUndefined();
      else expect(trace?.[0]).toMatchObject({ step: 'validate-parameters', ok: false });
    }
  });
});

describe('credential store retention', () => {
  it('forgets sessions oldest first, each a day after it expired, with mixed lifetimes', () => {
    const { iam, clock } = world(1, { provider: true });
    const role = iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: irsaTrustPolicy() });
    const mint = (name: string, seconds: number) =>
      iam.issueSessionCredentials({ roleArn: role.Arn, roleSessionName: name, durationSeconds: seconds });
    const shortA = mint('a', 900);
    const long = mint('long', 12 * 3600);
    const shortB = mint('b', 900);
    clock.advanceBy(900_000 + 24 * HOUR_MS + 1);
    mint('c', 900);
    // a is pruned; the long session is kept, and b behind it stays known (the documented simplification)
    expect(iam.lookupAccessKey(shortA.AccessKeyId)).toBeUndefined();
    expect(iam.lookupAccessKey(long.AccessKeyId)).toBe(long);
    expect(iam.lookupAccessKey(shortB.AccessKeyId)).toBe(shortB);
    clock.advanceBy(12 * HOUR_MS);
    mint('d', 900);
    expect(iam.lookupAccessKey(long.AccessKeyId)).toBeUndefined();
    expect(iam.lookupAccessKey(shortB.AccessKeyId)).toBeUndefined();
  });

  it('drops the oldest sessions beyond maxSessions, however many were pruned before', () => {
    const clock = new SimClock({ startMs: START_MS });
    const log = new EventLog(clock);
    const iam = createIam({ clock, ids: new IdMaker(new Rng(3)), log, credentials: { maxSessions: 3 } });
    iam.createAccount(ACCT);
    iam.createOpenIdConnectProvider(ACCT, { Url: ISSUER, ClientIDList: ['sts.amazonaws.com'] });
    const role = iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: irsaTrustPolicy() });
    const minted = Array.from({ length: 10 }, (_, i) =>
      iam.issueSessionCredentials({ roleArn: role.Arn, roleSessionName: `s${i}`, durationSeconds: 900 }),
    );
    const known = minted.filter((s) => iam.lookupAccessKey(s.AccessKeyId) === s).map((s) => s.roleSessionName);
    expect(known).toEqual(['s7', 's8', 's9']);
  });
});
