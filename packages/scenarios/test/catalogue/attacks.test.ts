/**
 * Attacks and leaks, run headless: who got which role, which hop dropped
 * which packet, what the audit trail holds, and the contract every scenario
 * of the group keeps.
 */
import { describe, expect, it } from 'vitest';
import { checkText, decisionText, describeGroup, panels, run, step } from './sessions.js';

describeGroup('attacks');

describe('imds-leakage', () => {
  it('lets the IRSA pod read the node role while IMDS is open', async () => {
    const leak = await step('imds-leakage', 'irsa-pod-reads-node-role');
    expect(leak.outcome).toBe('allowed');
    expect(panels(leak, 'credentials')[0]?.identity).toMatch(/assumed-role\/demo-node-role\//);
    expect(panels(leak, 'credentials')[0]?.secretAccessKey).toMatch(/^\*\*\*\*/);
  });

  it('drops the PUT response one hop short with hop limit 1, yet IMDSv1 still leaks', async () => {
    const half = await step('imds-leakage', 'hop-limit-only');
    expect(half.outcome).toBe('allowed');
    const hop = panels(half, 'hop-path')[0];
    expect(hop?.verdict).toBe('NET_TIMEOUT');
    expect(hop?.hops.find((h) => h.ok === false)?.text).toMatch(/^response: response IP TTL 1 expired .* 2 hops away/);
    expect(decisionText(half)).toContain('IMDSv1 GET: ok');
  });

  it('blocks the pod once http-tokens is required, and IRSA keeps working', async () => {
    const locked = await step('imds-leakage', 'lock-down');
    expect(locked.outcome).toBe('denied');
    expect(locked.decision?.allowed).toBe(false);
    expect(checkText(locked)).toContain('SDK tokenless GET=401');
    const after = await step('imds-leakage', 'irsa-still-works');
    expect(after.outcome).toBe('allowed');
    expect(panels(after, 'credentials')[0]?.identity).toMatch(/assumed-role\/billing-reader\//);
  });
});

describe('host-network', () => {
  it('resolves the IRSA role in both SDKs without asking IMDS', async () => {
    for (const id of ['sdk-uses-irsa', 'boto-uses-irsa']) {
      const r = await step('host-network', id);
      expect(r.outcome).toBe('allowed');
      expect(panels(r, 'credentials')[0]?.identity).toMatch(/assumed-role\/log-shipper\//);
      expect(decisionText(r)).not.toMatch(/fromInstanceMetadata|iam-role:/);
    }
  });

  it('still reaches node credentials directly, past hop limit 1 and an iptables block', async () => {
    const direct = await step('host-network', 'direct-imds');
    expect(direct.outcome).toBe('allowed');
    expect(panels(direct, 'hop-path')[0]?.hops.at(-1)?.text).toContain('IP TTL 1 >= 1');
    const bypass = await step('host-network', 'iptables-bypass');
    expect(bypass.outcome).toBe('allowed');
    expect(decisionText(bypass)).toContain('OUTPUT');
  });

  it('loses IMDS once it runs in its own network namespace, dropped by the FORWARD rule', async () => {
    const fix = await step('host-network', 'drop-host-network');
    expect(fix.outcome).toBe('denied');
    expect(panels(fix, 'hop-path')[0]?.hops.find((h) => h.ok === false)?.text).toMatch(
      /^filter: DROP by iptables -A FORWARD/,
    );
    expect(panels(fix, 'credentials')[0]?.identity).toMatch(/assumed-role\/log-shipper\//);
  });
});

describe('token-theft', () => {
  it('lets the debug pod assume billing-reader with the stolen token', async () => {
    expect((await step('token-theft', 'debug-pod')).outcome).toBe('denied');
    const token = panels(await step('token-theft', 'read-token'), 'token')[0];
    expect(token?.claims.sub).toBe('system:serviceaccount:payments:billing');
    const stolen = await step('token-theft', 'assume-role');
    expect(stolen.outcome).toBe('allowed');
    expect(panels(stolen, 'credentials')[0]?.identity).toBe(
      'arn:aws:sts::111122223333:assumed-role/billing-reader/totally-billing',
    );
  });

  it('leaves an audit trail that names the ServiceAccount only, and STS keeps accepting after the pod is gone', async () => {
    const records = panels(await step('token-theft', 'audit-trail'), 'cloudtrail')[0]?.records ?? [];
    const users = records.map((r) => (r.userIdentity as { userName?: string }).userName);
    expect(users).toEqual(['system:serviceaccount:payments:billing', 'system:serviceaccount:payments:billing']);
    expect(JSON.stringify(records)).not.toMatch(/billing-api|debug/);
    expect((await step('token-theft', 'delete-victim')).outcome).toBe('allowed');
    expect((await step('token-theft', 'mitigations')).outcome).toBe('denied');
  });
});

describe('permissive-trust', () => {
  it('lets the intruder in under aud-only and StringLike *:*, locks the workload out with StringEquals *', async () => {
    const session = await run('permissive-trust');
    expect(session.done.map((d) => d.result.outcome)).toEqual([
      'allowed',
      'allowed',
      'allowed',
      'denied',
      'allowed',
      'denied',
    ]);
    const star = await step('permissive-trust', 'stringequals-wildcard');
    expect(decisionText(star)).toMatch(/StringEquals \S+:sub: .*wants "system:serviceaccount:analytics:\*": no match/);
  });

  it('denies the intruder after the scoped fix, and CloudTrail shows who tried', async () => {
    const denied = await step('permissive-trust', 'attacker-denied');
    expect(checkText(denied)).toContain('STS error=AccessDenied');
    const last = panels(denied, 'cloudtrail').at(-1)?.records.at(-1);
    expect(last?.errorCode).toBe('AccessDenied');
    expect(last?.userIdentity).toMatchObject({ userName: 'system:serviceaccount:sandbox:intruder' });
  });
});

describe('legacy-token', () => {
  it('shows a token with no exp or aud that the API server accepts months later', async () => {
    const token = panels(await step('legacy-token', 'create-secret'), 'token')[0];
    expect(token?.claims.iss).toBe('kubernetes/serviceaccount');
    expect(token?.claims).not.toHaveProperty('exp');
    expect(token?.claims).not.toHaveProperty('aud');
    const session = await run('legacy-token');
    const first = session.done[0]?.atMs ?? 0;
    const later = session.done.find((d) => d.step.id === 'months-later');
    expect((later?.atMs ?? 0) - first).toBeGreaterThanOrEqual(300 * 86_400_000);
    expect(later?.result.outcome).toBe('allowed');
  });

  it('is rejected by STS at the issuer check; a bound token works, then expires; deleting the Secret revokes', async () => {
    const sts = await step('legacy-token', 'sts-rejects');
    expect(sts.outcome).toBe('denied');
    expect(sts.decision?.lines.find((l) => l.ok === false)?.text).toMatch(
      /^check-issuer: iss "kubernetes\/serviceaccount"/,
    );
    expect((await step('legacy-token', 'bound-token')).outcome).toBe('allowed');
    expect(checkText(await step('legacy-token', 'bound-token-expires'))).toContain('STS error=ExpiredTokenException');
    const revoked = await step('legacy-token', 'revoke');
    expect(revoked.outcome).toBe('denied');
    expect(revoked.decision?.allowed).toBe(false);
  });
});
