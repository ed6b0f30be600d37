/**
 * Set-A scenarios, run headless: specific outcomes read from the session's
 * completed steps (who got which role, which call was denied with which code,
 * which hop dropped which packet, what the audit trail holds).
 */
import { describe, expect, it } from 'vitest';
import {
  type CompletedStep,
  findScenario,
  type Panel,
  ScenarioSession,
  type StepResult,
  type World,
} from '../src/index.js';

const SEED = 1;
const SET_A = [
  'least-privilege',
  'imds-leakage',
  'host-network',
  'token-theft',
  'permissive-trust',
  'audience-mismatch',
  'legacy-token',
] as const;

const sessions = new Map<string, Promise<ScenarioSession<World>>>();

/** The scenario run to the end with `seed` (once per id and seed). */
function run(id: string, seed = SEED): Promise<ScenarioSession<World>> {
  const key = `${id}@${seed}`;
  let session = sessions.get(key);
  if (!session) {
    const scenario = findScenario(id);
    if (!scenario) throw new Error(`no scenario ${id}`);
    session = ScenarioSession.start(scenario, seed).then(async (s) => {
      await s.runAll();
      return s;
    });
    sessions.set(key, session);
  }
  return session;
}

function isResult(result: CompletedStep['result']): result is StepResult {
  return result.outcome !== 'error';
}

/** The result of step `stepId` (fails the test, with the seed, if the step errored). */
async function step(id: string, stepId: string, seed = SEED): Promise<StepResult> {
  const session = await run(id, seed);
  const done = session.done.find((d) => d.step.id === stepId);
  expect(done, `${id} step ${stepId} (seed ${seed})`).toBeDefined();
  const result = done?.result;
  if (!result || !isResult(result))
    throw new Error(`${id}/${stepId} errored (seed ${seed}): ${JSON.stringify(result)}`);
  return result;
}

function panels<K extends Panel['kind']>(result: StepResult, kind: K): Extract<Panel, { kind: K }>[] {
  return result.panels.filter((p): p is Extract<Panel, { kind: K }> => p.kind === kind);
}

const checkText = (result: StepResult) => result.checks.map((c) => `${c.name}=${c.actual}`).join('; ');
const decisionText = (result: StepResult) => result.decision?.lines.map((l) => l.text).join('\n') ?? '';

describe('set A: shape', () => {
  it('registers all seven scenarios with their groups, 4–8 steps, a decision on every allow or deny', async () => {
    for (const id of SET_A) {
      const scenario = findScenario(id);
      expect(scenario, id).toBeDefined();
      expect(scenario?.group).toBe(id === 'least-privilege' || id === 'audience-mismatch' ? 'basics' : 'attacks');
      expect(scenario?.steps.length).toBeGreaterThanOrEqual(4);
      expect(scenario?.steps.length).toBeLessThanOrEqual(8);
      const session = await run(id);
      expect(session.failures(), `${id} seed ${SEED}`).toEqual([]);
      for (const d of session.done) {
        if (d.result.outcome === 'allowed' || d.result.outcome === 'denied')
          expect((d.result as StepResult).decision, `${id}/${d.step.id}`).toBeDefined();
      }
    }
  });

  it('passes every check with another seed, and the same seed gives the same outcomes', {
    timeout: 60_000,
  }, async () => {
    for (const id of SET_A) {
      const other = await run(id, 7);
      expect(other.failures(), `${id} seed 7`).toEqual([]);
      const again = await ScenarioSession.start(other.scenario, 7);
      await again.runAll();
      const summary = (s: ScenarioSession<World>) =>
        s.done.map((d) => `${d.result.outcome}:${'summary' in d.result ? d.result.summary : ''}`);
      expect(summary(again), `${id} seed 7`).toEqual(summary(other));
    }
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
    const trail = panels(await step('least-privilege', 'cloudtrail'), 'cloudtrail')[0]?.records ?? [];
    expect(trail.map((r) => r.errorCode ?? 'ok')).toEqual(['ok', 'AccessDenied']);
    const fix = await step('least-privilege', 'own-role');
    expect(fix.outcome).toBe('allowed');
    expect(panels(fix, 'credentials')[0]?.identity).toMatch(/assumed-role\/reports-reader\//);
  });
});

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

describe('happy-path', () => {
  it('reads S3 with the very credentials its SDK got: one exchange, one key', async () => {
    const session = await run('happy-path');
    const trail = session.world.log.all('cloudtrail').map((e) => e.data as Record<string, unknown>);
    const exchanges = trail.filter((r) => r.eventName === 'AssumeRoleWithWebIdentity');
    const reads = trail.filter((r) => r.eventName === 'GetObject');
    expect(exchanges).toHaveLength(1);
    const minted = (exchanges[0]?.responseElements as { credentials?: { accessKeyId?: string } })?.credentials;
    expect(reads.map((r) => (r.userIdentity as { accessKeyId?: string }).accessKeyId)).toEqual([minted?.accessKeyId]);
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
