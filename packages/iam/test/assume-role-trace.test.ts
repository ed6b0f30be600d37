/**
 * What AssumeRole's trace tells a learner, step by step (the lab shows it
 * to explain a call): which steps ran and which one refused, and the facts
 * each step names (the caller, the role and its id, the tags passed and
 * inherited, the rule that decided whether the caller's own policies count,
 * the new credentials). Also the packed size the session tags use, at the
 * 100% limit and one character over it (PackedPolicyTooLarge), and that an
 * untagged call without session policies has no PackedPolicySize.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import {
  asEksAuth,
  assumeRoleForm,
  assumeRoleTrust,
  POD_SERVICE,
  POD_SESSION,
  sessionCredentials,
} from './assume-role-harness.js';
import {
  ACCOUNT,
  createHarness,
  generateIssuerKeys,
  type Harness,
  POD_ROLE,
  STS_HOST,
  signedStsRequest,
} from './harness.js';

beforeAll(generateIssuerKeys);

const OTHER_ACCOUNT = '444455556666';
function trust(principal: Record<string, unknown>, actions = ['sts:AssumeRole', 'sts:TagSession']): string {
  return assumeRoleTrust(principal, actions);
}

function podRole(h: Harness) {
  return h.iam.createRole(ACCOUNT, {
    RoleName: 'pod-role',
    AssumeRolePolicyDocument: trust(POD_SERVICE),
  });
}

/** A tagged pod-role session, and AssumeRole signed with it. */
async function podSession(h: Harness) {
  podRole(h);
  const first = await asEksAuth(h, assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'first' }, { team: 'a' }));
  if (!first.ok) throw new Error(first.error.message);
  const creds = sessionCredentials(first.result.Credentials);
  return async (roleArn: string, params: Record<string, string> = {}) => {
    const text = assumeRoleForm({ RoleArn: roleArn, RoleSessionName: 'second', ...params });
    return h.sts.assumeRole(await signedStsRequest(creds, h.clock.nowMs(), { body: text }), text);
  };
}

const steps = (trace: readonly { step: string; ok: boolean }[]) => trace.map((s) => `${s.step}:${s.ok}`);

describe("AssumeRole's trace", () => {
  it('names each step of a service call with tags, and what each found', async () => {
    const h = createHarness();
    const role = podRole(h);
    const out = await asEksAuth(
      h,
      assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'eks-1' }, { team: 'a', env: 'prod' }),
    );
    if (!out.ok) throw new Error(out.error.message);
    expect(steps(out.trace)).toEqual([
      'validate-parameters:true',
      'authenticate-caller:true',
      'session-tags:true',
      'find-role:true',
      'evaluate-trust-policy (sts:AssumeRole):true',
      'evaluate-trust-policy (sts:TagSession):true',
      'check-session:true',
      'issue-credentials:true',
    ]);
    const detail = Object.fromEntries(out.trace.map((s) => [s.step, s.detail]));
    expect(detail['validate-parameters']).toBe('parameters satisfy the API constraints');
    expect(detail['authenticate-caller']).toContain('pods.eks.amazonaws.com');
    expect(detail['session-tags']).toBe('2 tag(s) passed, 0 inherited');
    expect(detail['find-role']).toContain(`${POD_ROLE} (${role.RoleId})`);
    const { AccessKeyId, Expiration } = out.result.Credentials;
    const issued = detail['issue-credentials'];
    for (const fact of [AccessKeyId, out.result.AssumedRoleUser.Arn, '2 session tag(s)', Expiration])
      expect(issued).toContain(fact);
  });

  it('issues an untagged session with no word of tags', async () => {
    const h = createHarness();
    podRole(h);
    const out = await asEksAuth(h, assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'eks-2' }));
    if (!out.ok) throw new Error(out.error.message);
    const { AccessKeyId, Expiration } = out.result.Credentials;
    expect(out.trace.at(-1)).toEqual({
      step: 'issue-credentials',
      ok: true,
      detail: `${AccessKeyId} for ${out.result.AssumedRoleUser.Arn}, valid until ${Expiration}`,
    });
    // no session policy and no tags: AWS leaves PackedPolicySize out
    expect(Object.keys(out.result).sort()).toEqual(['AssumedRoleUser', 'Credentials']);
  });

  it('names the session that signed, the tags it passes on, and the rule for its own policies', async () => {
    const h = createHarness();
    const chain = await podSession(h);
    h.iam.createRole(ACCOUNT, { RoleName: 'by-name', AssumeRolePolicyDocument: trust({ AWS: POD_ROLE }) });
    h.iam.createRole(ACCOUNT, { RoleName: 'by-account', AssumeRolePolicyDocument: trust({ AWS: ACCOUNT }) });
    h.iam.createAccount(OTHER_ACCOUNT);
    h.iam.createRole(OTHER_ACCOUNT, { RoleName: 'across', AssumeRolePolicyDocument: trust({ AWS: POD_ROLE }) });
    const cases = [
      [`arn:aws:iam::${ACCOUNT}:role/by-name`, 'names the caller itself', true],
      [`arn:aws:iam::${ACCOUNT}:role/by-account`, "names the caller's account", false],
      [`arn:aws:iam::${OTHER_ACCOUNT}:role/across`, 'cross-account', false],
    ] as const;
    for (const [roleArn, rule, ok] of cases) {
      const out = await chain(roleArn);
      expect(out.ok).toBe(ok);
      const auth = out.trace.find((s) => s.step === 'authenticate-caller');
      expect(auth?.detail).toContain(POD_SESSION);
      expect(out.trace.find((s) => s.step === 'session-tags')?.detail).toBe('0 tag(s) passed, 1 inherited');
      const identity = out.trace.find((s) => s.step === 'evaluate-identity-policy (sts:AssumeRole)');
      expect(identity).toMatchObject({ ok });
      expect(identity?.detail).toContain(rule);
      expect(identity?.detail.endsWith(`: ${identity.evaluation?.reason}`)).toBe(true);
    }
  });

  it('says why an unsigned outside call, an unknown role and a long chained session stop where they do', async () => {
    const h = createHarness();
    const text = assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'x1' });
    const unsigned = await h.sts.assumeRole(new Request(`https://${STS_HOST}/`, { method: 'POST', body: text }), text);
    if (unsigned.ok) throw new Error('an unsigned outside call was let through');
    expect(unsigned.trace.at(-1)).toMatchObject({ step: 'authenticate-caller', ok: false });
    expect(unsigned.trace.at(-1)?.detail).toContain(unsigned.error.message);

    const nope = `arn:aws:iam::${ACCOUNT}:role/nope`;
    const missing = await asEksAuth(h, assumeRoleForm({ RoleArn: nope, RoleSessionName: 'x2' }));
    expect(missing).toMatchObject({
      ok: false,
      error: {
        code: 'AccessDenied',
        message: `User: pods.eks.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${nope}`,
      },
    });
    expect(missing.trace.at(-1)).toMatchObject({ step: 'find-role', ok: false });
    expect(missing.trace.at(-1)?.detail).toContain(nope);

    const chain = await podSession(h);
    h.iam.createRole(ACCOUNT, { RoleName: 'next', AssumeRolePolicyDocument: trust({ AWS: POD_ROLE }) });
    const long = await chain(`arn:aws:iam::${ACCOUNT}:role/next`, { DurationSeconds: '7200' });
    expect(long).toMatchObject({ ok: false, error: { code: 'ValidationError' } });
    expect(long.trace.at(-1)).toMatchObject({ step: 'check-session', ok: false });
    expect(long.trace.at(-1)?.detail).toContain('7200');
  });
});

describe('the packed size of session tags', () => {
  // 5.12 characters of tag keys and values per percent: 512 characters fill the allotted space
  const key = (c: string) => c.repeat(128);

  it('allows tags that fill 100% and refuses one character more', async () => {
    const h = createHarness();
    podRole(h);
    const full = { [key('a')]: key('b'), [key('c')]: key('d') };
    const fits = await asEksAuth(h, assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'full' }, full));
    if (!fits.ok) throw new Error(`${fits.error.code}: ${fits.error.message}`);
    expect(fits.result.PackedPolicySize).toBe(100);

    const over = { ...full, [key('c')]: `${key('d')}d` };
    const tooLarge = await asEksAuth(h, assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'over' }, over));
    expect(tooLarge).toMatchObject({
      ok: false,
      error: {
        code: 'PackedPolicyTooLarge',
        status: 400,
        message: 'Packed policy consumes 101% of allotted space, please use smaller policy.',
      },
    });
    expect(tooLarge.trace.at(-1)).toMatchObject({ step: 'check-session', ok: false });
    expect(tooLarge.trace.at(-1)?.detail).toContain('101%');
  });
});
