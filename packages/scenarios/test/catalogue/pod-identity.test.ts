/**
 * EKS Pod Identity, run headless: which steps allow or deny, the roles the
 * pods end up with and through which provider, the codes the failures carry,
 * what CloudTrail and the agent recorded, and the contract every scenario of
 * the group keeps.
 */
import type { World } from '@irsa-lab/world';
import { describe, expect, it } from 'vitest';
import { actual, describeGroup, run, stepIn } from './sessions.js';

describeGroup('pod-identity');

/** The CloudTrail records so far as `eventName:errorCode|ok`, oldest first. */
const trailCodes = (world: World) =>
  world.log
    .all('cloudtrail')
    .map((e) => e.data)
    .filter(
      (r) =>
        r.eventName === 'AssumeRole' ||
        r.eventName === 'AssumeRoleForPodIdentity' ||
        r.eventName === 'AssumeRoleWithWebIdentity',
    )
    .map((r) => `${r.eventName}:${r.errorCode ?? 'ok'}`);

/** What the node's agent answered `caller`, oldest first: `status how` (200) or `status <EKS Auth error code>`. */
const agentAnswers = (world: World, caller: string) =>
  world.log
    .all('pod-identity-agent.answered')
    .map((e) => e.data)
    .filter((a) => a.caller === caller)
    .map((a) => `${a.status} ${a.how ?? /\((\w+)\): /.exec(a.message ?? '')?.[1] ?? a.message ?? ''}`.trim());

describe('pod-identity-happy-path', () => {
  it('gets the role through the agent and EKS Auth, two records per fetch, the tags scoping S3', async () => {
    const s = await run('pod-identity-happy-path');
    const roleArn = s.world.iam.getRole(s.world.accountId, 'team-reader').Arn;
    expect(actual(stepIn(s, 'sdk-chain'), 'role obtained')).toBe(roleArn);
    expect(actual(stepIn(s, 'sdk-chain'), 'credential source')).toBe('fromHttp');
    expect(trailCodes(s.world)).toEqual(['AssumeRole:ok', 'AssumeRoleForPodIdentity:ok']);
    expect(agentAnswers(s.world, 'payments/billing-api')).toEqual(['200 from EKS Auth']);
    // the pod's own network never reached IMDS: the node role was not involved on the pod's side
    expect(s.world.log.all('imds.request').filter((e) => e.data.callerId === 'payments/billing-api')).toEqual([]);
    const read = stepIn(s, 'read-s3');
    expect(read.outcome).toBe('allowed');
    expect(actual(read, 'other namespace’s prefix')).toBe('403 AccessDenied');
    // the decision of the fetch goes down through EKS Auth into STS's TagSession check
    const lines = stepIn(s, 'sdk-chain').decision?.lines.map((l) => l.text) ?? [];
    expect(lines.some((l) => l.startsWith('find-association: a-'))).toBe(true);
    expect(lines.some((l) => l.startsWith('evaluate-trust-policy (sts:TagSession): Allowed'))).toBe(true);
  });
});

describe('pod-identity-vs-irsa', () => {
  it('gives pods created after the association Pod Identity, earlier pods and hard-coded IRSA variables IRSA', async () => {
    const s = await run('pod-identity-vs-irsa');
    const irsa = s.world.iam.getRole(s.world.accountId, 'billing-irsa').Arn;
    const podId = s.world.iam.getRole(s.world.accountId, 'billing-pod-identity').Arn;
    expect(actual(stepIn(s, 'irsa-pod'), 'role obtained')).toBe(irsa);
    expect(actual(stepIn(s, 'new-pod'), 'role obtained')).toBe(podId);
    expect(actual(stepIn(s, 'old-pod'), 'role obtained')).toBe(irsa);
    const chart = stepIn(s, 'chart-hardcodes-irsa');
    expect([actual(chart, 'JS v3 source'), actual(chart, 'botocore source')]).toEqual([
      'fromTokenFile',
      'assume-role-with-web-identity',
    ]);
    // the chart pod's fetches went to STS directly; the agent saw only billing-v2 and the fixed chart pod
    expect(agentAnswers(s.world, 'payments/billing-v1')).toEqual([]);
    expect(agentAnswers(s.world, 'payments/billing-v2')).toEqual(['200 from EKS Auth']);
    expect(agentAnswers(s.world, 'payments/billing-chart')).toEqual(['200 from EKS Auth']);
    expect(trailCodes(s.world)).toEqual([
      'AssumeRoleWithWebIdentity:ok',
      'AssumeRole:ok',
      'AssumeRoleForPodIdentity:ok',
      'AssumeRoleWithWebIdentity:ok',
      'AssumeRoleWithWebIdentity:ok',
      'AssumeRoleWithWebIdentity:ok',
      'AssumeRole:ok',
      'AssumeRoleForPodIdentity:ok',
    ]);
    const webhook = stepIn(s, 'new-pod').panels.find((p) => p.kind === 'chain');
    expect(webhook).toMatchObject({ trace: { verdict: 'MUTATED' } });
    expect(webhook?.kind === 'chain' && webhook.trace.lines[0]?.text).toMatch(
      /^container-credentials: .*take precedence/,
    );
  });
});

describe('pod-identity-silent-node-role', () => {
  it('hands an uninjected pod the node role without an error, and fails loudly once the pod has the variables', async () => {
    const s = await run('pod-identity-silent-node-role');
    const nodeRole = s.world.iam.getRole(s.world.accountId, 'demo-node-role').Arn;
    const writer = s.world.iam.getRole(s.world.accountId, 'orders-writer').Arn;
    expect(['no-association', 'associate-late'].map((id) => stepIn(s, id).outcome)).toEqual(['allowed', 'allowed']);
    expect(actual(stepIn(s, 'no-association'), 'role obtained')).toBe(nodeRole);
    expect(actual(stepIn(s, 'associate-late'), 'role obtained')).toBe(nodeRole);
    expect(actual(stepIn(s, 'recreate'), 'role obtained')).toBe(writer);
    const blocked = stepIn(s, 'agent-unreachable');
    expect(blocked.outcome).toBe('denied');
    expect([actual(blocked, 'JS v3 error'), actual(blocked, 'botocore error')]).toEqual([
      'CredentialsProviderError',
      'CredentialRetrievalError',
    ]);
    // the dropped requests never reached the agent; the one after the rule went is answered from its cache
    expect(agentAnswers(s.world, 'shop/orders-api')).toEqual(['200 from EKS Auth', '200 from the cache']);
    expect(trailCodes(s.world)).toEqual(['AssumeRole:ok', 'AssumeRoleForPodIdentity:ok']);
    const locked = stepIn(s, 'lock-down-imds');
    expect(locked.outcome).toBe('denied');
    expect(actual(locked, 'role obtained')).toBe('none');
  });
});

describe('pod-identity-tag-session', () => {
  it('refuses the tagged session at STS, passes AccessDeniedException to the SDKs, and works once fixed', async () => {
    const s = await run('pod-identity-tag-session');
    expect(['botocore-denied', 'js-denied'].map((id) => stepIn(s, id).outcome)).toEqual(['denied', 'denied']);
    expect(actual(stepIn(s, 'botocore-denied'), 'EKS Auth error in the agent answer')).toBe('AccessDeniedException');
    // one failed fetch for botocore, four for JS v3 (fromHttp retries), then the fix and the tag-less association
    expect(trailCodes(s.world)).toEqual([
      ...Array(5).fill(['AssumeRole:AccessDenied', 'AssumeRoleForPodIdentity:AccessDeniedException']).flat(),
      'AssumeRole:ok',
      'AssumeRoleForPodIdentity:ok',
      'AssumeRole:ok',
      'AssumeRoleForPodIdentity:ok',
    ]);
    expect(agentAnswers(s.world, 'ledger/writer')).toEqual([
      ...Array(5).fill('400 AccessDeniedException'),
      '200 from EKS Auth',
    ]);
    const refused = s.world.log
      .all('cloudtrail')
      .map((e) => e.data)
      .find((r) => r.eventName === 'AssumeRole' && r.errorCode === 'AccessDenied');
    const trace = s.world.sts.traceOf(refused?.requestID ?? '');
    expect(trace?.find((t) => t.step === 'evaluate-trust-policy (sts:TagSession)')).toMatchObject({ ok: false });
    expect(trace?.find((t) => t.step === 'evaluate-trust-policy (sts:AssumeRole)')).toMatchObject({ ok: true });
    expect(actual(stepIn(s, 'fix-trust'), 'session tags')).toBe('6');
    expect(actual(stepIn(s, 'disable-session-tags'), 'session tags')).toBe('0');
  });
});

describe('pod-identity-migration', () => {
  it('keeps every inventory pod on its role through the migration, and the reverse order lands on the node role', async () => {
    const s = await run('pod-identity-migration');
    const role = s.world.iam.getRole(s.world.accountId, 'inventory-app').Arn;
    const sources = ['irsa-today', 'associate', 'rollout', 'clean-up'].map((id) => [
      actual(stepIn(s, id), 'role obtained'),
      stepIn(s, id).outcome,
    ]);
    expect(sources).toEqual(Array(4).fill([role, 'allowed']));
    expect(actual(stepIn(s, 'trust-both'), 'association before the trust change')).toBe('InvalidParameterException');
    // IRSA twice (inventory-1), then Pod Identity for inventory-2 and -3; the catalog pod went to IMDS, not STS
    expect(trailCodes(s.world)).toEqual([
      'AssumeRoleWithWebIdentity:ok',
      'AssumeRoleWithWebIdentity:ok',
      'AssumeRole:ok',
      'AssumeRoleForPodIdentity:ok',
      'AssumeRole:ok',
      'AssumeRoleForPodIdentity:ok',
    ]);
    // of the pods only catalog-2 asked IMDS (the node's agent asks it for the node role, as it should)
    const imdsCallers = new Set(s.world.log.all('imds.request').map((e) => e.data.callerId));
    expect([...imdsCallers].filter((c) => c.startsWith('shop/'))).toEqual(['shop/catalog-2']);
    expect(actual(stepIn(s, 'wrong-order'), 'role obtained')).toBe(
      s.world.iam.getRole(s.world.accountId, 'demo-node-role').Arn,
    );
    // the role's trust ends with the Pod Identity statement only
    const trust = JSON.parse(s.world.iam.getRole(s.world.accountId, 'inventory-app').AssumeRolePolicyDocument);
    expect(trust.Statement.map((st: { Principal: Record<string, string> }) => Object.keys(st.Principal))).toEqual([
      ['Service'],
    ]);
  });
});

describe('pod-identity-target-role', () => {
  it('chains to the data account with the external id, and the target refuses another service account', async () => {
    const s = await run('pod-identity-target-role');
    expect(actual(stepIn(s, 'fetch'), 'role obtained')).toBe('arn:aws:iam::444455556666:role/reporter-data');
    expect(stepIn(s, 'read-data').outcome).toBe('allowed');
    const refused = stepIn(s, 'other-service-account');
    expect(refused.outcome).toBe('denied');
    // two hops per fetch: the hop role as the service, the target signed by the hop session; the second fetch of
    // analytics/reporter (read-data) came from the agent's cache
    expect(trailCodes(s.world)).toEqual([
      'AssumeRole:ok',
      'AssumeRole:ok',
      'AssumeRoleForPodIdentity:ok',
      'AssumeRole:ok',
      'AssumeRole:AccessDenied',
      'AssumeRoleForPodIdentity:AccessDeniedException',
    ]);
    expect(agentAnswers(s.world, 'analytics/reporter')).toEqual(['200 from EKS Auth', '200 from the cache']);
    expect(agentAnswers(s.world, 'marketing/campaigns')).toEqual(['400 AccessDeniedException']);
    const denied = s.world.log
      .all('cloudtrail')
      .map((e) => e.data)
      .find((r) => r.eventName === 'AssumeRole' && r.errorCode === 'AccessDenied');
    const trust = s.world.sts
      .traceOf(denied?.requestID ?? '')
      ?.find((t) => t.step === 'evaluate-trust-policy (sts:AssumeRole)');
    const external = trust?.evaluation?.statements[0]?.conditions.find((c) => c.key === 'sts:ExternalId');
    expect(external).toMatchObject({ matched: false });
  });
});

describe('pod-identity-abac', () => {
  it('gives three namespaces one role and each its own prefix; without session tags, no prefix at all', async () => {
    const s = await run('pod-identity-abac');
    expect(['three-pods', 'own-prefix', 'other-prefix', 'tags-disabled'].map((id) => stepIn(s, id).outcome)).toEqual([
      'allowed',
      'allowed',
      'denied',
      'denied',
    ]);
    expect(actual(stepIn(s, 'own-prefix'), 'own prefixes read')).toBe('200, 200, 200');
    expect(actual(stepIn(s, 'other-prefix'), 'other prefixes')).toBe('403, 403, 403');
    // four sessions of the one role, each tagged with its own namespace except the tag-less one
    const namespaces = s.world.log
      .all('cloudtrail')
      .map((e) => e.data)
      .filter((r) => r.eventName === 'AssumeRole')
      .map((r) => {
        const tags = (r.requestParameters as { tags?: { key: string; value: string }[] }).tags ?? [];
        return tags.find((t) => t.key === 'kubernetes-namespace')?.value ?? '(no tags)';
      });
    expect(namespaces).toEqual(['payments', 'marketing', 'web', '(no tags)']);
  });
});
