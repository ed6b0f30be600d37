/**
 * Basics, run headless: who got which role, which call was denied with which
 * code, what CloudTrail holds, and the contract every scenario of the group
 * keeps.
 */
import { describe, expect, it } from 'vitest';
import {
  actual,
  checkText,
  decisionText,
  describeGroup,
  panels,
  requestsBy,
  run,
  step,
  stepIn,
  trail,
} from './sessions.js';

describeGroup('basics');

describe('happy-path', () => {
  it('reads S3 with the very credentials its SDK got: one exchange, one key', async () => {
    const session = await run('happy-path');
    const records = session.world.log.all('cloudtrail').map((e) => e.data);
    const exchanges = records.filter((r) => r.eventName === 'AssumeRoleWithWebIdentity');
    const reads = records.filter((r) => r.eventName === 'GetObject');
    expect(exchanges).toHaveLength(1);
    const minted = exchanges[0]?.responseElements?.credentials;
    expect(reads.map((r) => r.userIdentity.accessKeyId)).toEqual([minted?.accessKeyId]);
  });

  it("names the pod's node in its token by name and uid, as the node's kubelet registered it", async () => {
    const session = await run('happy-path');
    const token = panels(await step('happy-path', 'create-pod'), 'token')[0];
    const claims = token?.claims as { 'kubernetes.io'?: { node?: { name: string; uid?: string } } } | undefined;
    const name = claims?.['kubernetes.io']?.node?.name ?? '';
    expect(claims?.['kubernetes.io']?.node).toEqual({
      name,
      uid: session.world.api.get('Node', undefined, name).metadata.uid,
    });
  });

  it("labels the pod's two projected tokens apart on the timeline", async () => {
    const lanes = panels(await step('happy-path', 'create-pod'), 'timeline')[0]?.lanes ?? [];
    expect(lanes.map((l) => l.label).filter((l) => l.includes('token'))).toEqual([
      'IRSA token payments/billing-api',
      'API token payments/billing-api',
    ]);
  });
});

describe('least-privilege', () => {
  it('gives orders the role and denies reports on the sub condition, without an IMDS fallback', async () => {
    expect((await step('least-privilege', 'orders-allowed')).outcome).toBe('allowed');
    const denied = await step('least-privilege', 'reports-denied');
    expect(denied.outcome).toBe('denied');
    expect(denied.decision?.allowed).toBe(false);
    expect(checkText(denied)).toContain('STS error=AccessDenied');
    const failed = denied.decision?.lines.find((l) => l.ok === false && l.text.startsWith('StringEquals'));
    expect(failed?.text).toMatch(
      /:sub: .*"system:serviceaccount:shop:reports".*wants "system:serviceaccount:shop:orders"/,
    );
    expect(decisionText(denied)).not.toContain('fromInstanceMetadata');
    expect(panels(denied, 'credentials')).toEqual([]);
  });

  it('records one allowed and one AccessDenied call, and the fix gives reports its own role', async () => {
    const records = panels(await step('least-privilege', 'cloudtrail'), 'cloudtrail')[0]?.records ?? [];
    expect(records.map((r) => r.errorCode ?? 'ok')).toEqual(['ok', 'AccessDenied']);
    const fix = await step('least-privilege', 'own-role');
    expect(fix.outcome).toBe('allowed');
    expect(panels(fix, 'credentials')[0]?.identity).toMatch(/assumed-role\/reports-reader\//);
  });
});

describe('audience-mismatch', () => {
  it('rejects the API-server token and the typo with Incorrect token audience', async () => {
    for (const id of ['default-api-token', 'typo-annotation']) {
      const r = await step('audience-mismatch', id);
      expect(r.outcome).toBe('denied');
      expect(r.summary).toBe('InvalidIdentityToken: Incorrect token audience');
      expect(r.decision?.lines.find((l) => l.text.startsWith('check-audience'))?.ok).toBe(false);
    }
  });

  it('turns a registered custom audience into AccessDenied on the aud condition, and the fix works', async () => {
    const custom = await step('audience-mismatch', 'custom-audience');
    expect(custom.outcome).toBe('denied');
    expect(checkText(custom)).toContain('STS error=AccessDenied');
    expect((await step('audience-mismatch', 'fix')).outcome).toBe('allowed');
  });
});

describe('missing-oidc-provider', () => {
  it('IAM refuses the role without the provider; once it is deleted, STS answers InvalidIdentityToken before fetching any key', async () => {
    const s = await run('missing-oidc-provider');
    const refused = stepIn(s, 'role-refused');
    expect(refused.outcome).toBe('denied');
    expect(actual(refused, 'error code')).toBe('MalformedPolicyDocument');
    expect(stepIn(s, 'role-sa-pod').outcome).toBe('allowed');
    expect(stepIn(s, 'invalid-identity-token').outcome).toBe('denied');
    // the refused CreateRole left nothing behind: billing-reader was created once, after the provider,
    // and outlived the provider's deletion
    const changes = s.world.log
      .all('iam.changed')
      .map((e) => e.data)
      .filter((c) => c.action.endsWith('OpenIDConnectProvider') || c.arn?.endsWith(':role/billing-reader'))
      .map((c) => c.action);
    expect(changes).toEqual([
      'CreateOpenIDConnectProvider',
      'CreateRole',
      'DeleteOpenIDConnectProvider',
      'CreateOpenIDConnectProvider',
    ]);
    const [first, second, third] = trail(s.world);
    expect(first?.errorCode).toBeUndefined();
    expect(second?.errorCode).toBe('InvalidIdentityToken');
    const steps = s.world.sts.traceOf(second?.requestID ?? '')?.map((t) => `${t.step}:${t.ok}`);
    expect(steps?.at(-1)).toBe('find-provider:false');
    expect(steps).not.toContain('fetch-jwks:true');
    expect(third?.errorCode).toBeUndefined();
    // the STS error ended the chain: the pod never asked IMDS for the node role
    const fromPod = requestsBy(s.world, 'payments/billing-api');
    expect(fromPod.map((r) => r.outcome)).toEqual([200, 400, 200]);
    expect(fromPod.some((r) => r.url.includes('169.254.169.254'))).toBe(false);
    expect(stepIn(s, 'retry').outcome).toBe('allowed');
  });
});
