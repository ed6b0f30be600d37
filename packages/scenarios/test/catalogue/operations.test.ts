/**
 * Operations, run headless: which steps allow or deny, the codes they fail
 * with, what CloudTrail and the network recorded, and the contract every
 * scenario of the group keeps.
 */
import { describe, expect, it } from 'vitest';
import { actual, describeGroup, requestsBy, run, stepIn, trail } from './sessions.js';

describeGroup('operations');

describe('webhook-timing', () => {
  it('leaves the early pod on the node role without any STS call, and the re-created pod on the IRSA role', async () => {
    const s = await run('webhook-timing');
    const nodeRole = s.world.iam.getRole(s.world.accountId, 'demo-node-role').Arn;
    expect(actual(stepIn(s, 'node-role'), 'role obtained')).toBe(nodeRole);
    expect(actual(stepIn(s, 'pod-first'), 'webhook skipped')).toBe('no-role-arn');
    // the webhook admits every pod: the one it skipped is not mutated, not denied
    expect(stepIn(s, 'pod-first').panels.find((p) => p.kind === 'chain')).toMatchObject({
      kind: 'chain',
      trace: { allowed: false, verdict: 'NOT MUTATED (admitted as written)' },
    });
    expect(stepIn(s, 'recreate').panels[0]).toMatchObject({
      kind: 'chain',
      trace: { allowed: true, verdict: 'MUTATED' },
    });
    expect(trail(s.world).map((r) => r.errorCode ?? 'ok')).toEqual(['ok']);
    expect(actual(stepIn(s, 'irsa-role'), 'credential source')).toBe('fromTokenFile');
  });
});

describe('vpc-endpoint-dns', () => {
  it('gives in-VPC callers NXDOMAIN for the issuer, never STS, until the forwarding rule', async () => {
    const s = await run('vpc-endpoint-dns');
    expect(stepIn(s, 'eksctl-in-vpc').outcome).toBe('denied');
    expect(stepIn(s, 'eksctl-in-vpc').decision?.lines[0]).toMatchObject({ ok: false });
    expect(requestsBy(s.world, 'ci-runner').map((r) => r.outcome)).toEqual(['NET_NXDOMAIN', 200]);
    const sts = requestsBy(s.world, 'sts.amazonaws.com');
    expect(sts.length).toBeGreaterThan(0);
    expect(sts.every((r) => r.outcome === 200)).toBe(true);
    expect(stepIn(s, 'sts-unaffected').outcome).toBe('allowed');
    expect(stepIn(s, 'resolver-rule').outcome).toBe('allowed');
  });
});

describe('cross-account', () => {
  it("looks up the provider in the role's account only", async () => {
    const s = await run('cross-account');
    const [ok, denied] = trail(s.world);
    expect(ok).toMatchObject({ recipientAccountId: '444455556666' });
    expect(ok?.errorCode).toBeUndefined();
    expect(denied?.errorCode).toBe('InvalidIdentityToken');
    const find = s.world.sts.traceOf(denied?.requestID ?? '')?.find((t) => t.step === 'find-provider');
    expect(find).toMatchObject({ ok: false });
    expect(find?.detail).toContain('444455556666');
    expect(stepIn(s, 'without-provider').outcome).toBe('denied');
  });
});
