/**
 * Refresh: with the kubelet rewriting projected tokens and the SDK
 * chains re-exchanging them, a correctly configured Pod never lacks valid
 * credentials. Random horizons (2–5 days; the fixed 30-day, 20-pod run is
 * thirty-days.test.ts), 1–2 Pods with either SDK and various token
 * lifetimes, random check intervals and jumps, and extra key rotations on
 * top of the 7-day schedule. At every check each Pod's chain must hand out
 * unexpired credentials for its own role, and its token file must be
 * unexpired. IMDS is locked down, so only IRSA can supply credentials.
 * And every kubelet refresh comes exactly when docs/reference.md#kubelet-token-refresh says: once the
 * token is older than 80% of its lifetime or 24 h, whichever is first, less a
 * whole-second jitter of 0–9 s (one fixed example has a 48-h token, so the
 * 24 h cap is always exercised).
 */
import { type CredentialChain, createCredentialChain } from '@irsa-lab/ec2-node';
import { createIrsaRole, createWorld, moveTime, registerOidcProvider, type World } from '@irsa-lab/world';
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { IRSA_TOKEN_PATH, NODE_ROLE } from './build-world.js';
import { roleOfKey } from './observe.js';
import { expectNone, type PropertyDef, scaled } from './runs.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const scenario = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  days: fc.integer({ min: 2, max: 5 }),
  pods: fc.array(
    fc.record({
      sdk: fc.constantFrom<'js-v3' | 'botocore'>('js-v3', 'botocore'),
      // 172800 s: 80% would be 38.4 h, so the 24 h cap decides
      tokenExpirationSeconds: fc.constantFrom(undefined, 86400, 43200, 7200, 172800),
      hostNetwork: fc.boolean(),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  // each check is this far after the previous one; a few are long jumps
  stepsMs: fc.array(
    fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 5 * 60_000, max: 2 * HOUR_MS }) },
      { weight: 1, arbitrary: fc.integer({ min: HOUR_MS, max: 6 * HOUR_MS }) },
    ),
    {
      minLength: 1,
      maxLength: 40,
    },
  ),
  rotationsAtMs: fc.array(fc.integer({ min: 0, max: 7 * DAY_MS }), { maxLength: 3 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The webhook's default token lifetime (eks.amazonaws.com/token-expiration unset). */
const DEFAULT_TOKEN_SECONDS = 86400;

/**
 * When the kubelet renews a token of `ttlSeconds` with no jitter: once it is
 * older than 24 h or past 80% of its lifetime, whichever is first (the 20%
 * kept back in whole seconds, rounded down as Go's integer division does).
 * Written out here rather than taken from @irsa-lab/ec2-node, so the property
 * checks the rule.
 */
function refreshDueMs(token: TokenWritten, ttlSeconds: number): number {
  return Math.min(token.issuedAtMs + DAY_MS, token.expiresAtMs - Math.floor((ttlSeconds * 20) / 100) * 1000);
}

interface TokenWritten {
  readonly pod: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  readonly phase: 'mount' | 'refresh';
}

/**
 * Every refresh the kubelet logged, against the rule: it fires the first
 * millisecond after refreshDueMs less the jitter, a whole number of seconds
 * from 0 to 9. `ttlOf` gives each pod's requested lifetime.
 */
function refreshTimingErrors(world: World, ttlOf: ReadonlyMap<string, number>): string[] {
  const errors = world.log.all('kubelet.refresh-failed').map((e) => `refresh failed: ${e.summary}`);
  const last = new Map<string, TokenWritten>();
  for (const event of world.log.all('kubelet.token-written')) {
    const written = event.data;
    const previous = last.get(written.pod);
    last.set(written.pod, written);
    if (written.phase !== 'refresh' || !previous) continue;
    const ttlSeconds = ttlOf.get(written.pod) ?? DEFAULT_TOKEN_SECONDS;
    const dueMs = refreshDueMs(previous, ttlSeconds) + 1;
    const jitterMs = dueMs - event.atMs;
    if (jitterMs < 0 || jitterMs > 9000 || jitterMs % 1000 !== 0) {
      const age = (ms: number) => `${((ms - previous.issuedAtMs) / HOUR_MS).toFixed(4)} h`;
      errors.push(
        `${written.pod}: a ${ttlSeconds}-s token was refreshed at ${age(event.atMs)} of age; the rule says ${age(dueMs)} less a jitter of 0-9 whole seconds`,
      );
    }
  }
  return errors;
}

/** The refresh property: one node, 1–2 IRSA pods, 2–5 days. */
export const REFRESH_PROPERTY: PropertyDef<Scenario> = {
  title: 'a correctly configured Pod never lacks valid credentials',
  arbitrary: scenario,
  numRuns: scaled(100, 3),
  msPerRun: 10_000,
  examples: [
    {
      seed: 7,
      days: 3,
      pods: [
        { sdk: 'js-v3', tokenExpirationSeconds: 172800, hostNetwork: false },
        { sdk: 'botocore', tokenExpirationSeconds: undefined, hostNetwork: true },
      ],
      stepsMs: [2 * HOUR_MS],
      rotationsAtMs: [],
    },
  ],
  async check({ seed, days, pods, stepsMs, rotationsAtMs }) {
    const world = await createWorld({ seed });
    registerOidcProvider(world);
    const { node } = world.addNode({
      instanceRoleName: NODE_ROLE,
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
      rules: [{ kind: 'block-imds-from-pods', action: 'DROP' }],
    });
    const chains: { ns: string; roleArn: string; chain: CredentialChain }[] = [];
    const ttlOf = new Map<string, number>();
    for (const [i, p] of pods.entries()) {
      const ns = `team-${i}`;
      ttlOf.set(`${ns}/app`, p.tokenExpirationSeconds ?? DEFAULT_TOKEN_SECONDS);
      const roleArn = createIrsaRole(world, { roleName: `team-${i}`, namespace: ns, serviceAccount: 'app' });
      const expiry = p.tokenExpirationSeconds
        ? `\n    eks.amazonaws.com/token-expiration: "${p.tokenExpirationSeconds}"`
        : '';
      await world.apply(
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: ${ns}\n  annotations:\n    eks.amazonaws.com/role-arn: ${roleArn}${expiry}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: ${ns}\nspec:\n  serviceAccountName: app\n  nodeName: ${node.name}\n  automountServiceAccountToken: false${p.hostNetwork ? '\n  hostNetwork: true' : ''}\n  containers:\n    - name: app\n      image: busybox\n`,
        `${ns}.yaml`,
      );
      const view = node.podView(ns, 'app');
      chains.push({
        ns,
        roleArn,
        chain: createCredentialChain(view, { sdk: p.sdk, clock: world.clock, region: world.region }),
      });
    }
    const startMs = world.clock.nowMs();
    const endMs = startMs + days * DAY_MS;
    const rotations = rotationsAtMs.map((t) => startMs + t).sort((a, b) => a - b);
    const gaps: string[] = [];
    for (let i = 0; world.clock.nowMs() < endMs && gaps.length < 5; i++) {
      for (const { ns, roleArn, chain } of chains) {
        const now = world.clock.nowMs();
        const at = `${ns} at +${((now - startMs) / HOUR_MS).toFixed(2)} h`;
        const exp = decodeJwt(node.podView(ns, 'app').readFile(IRSA_TOKEN_PATH) ?? '').exp ?? 0;
        if (exp * 1000 <= now) gaps.push(`${at}: token file expired at ${exp}`);
        const result = await chain.resolve();
        if (!result.ok) gaps.push(`${at}: ${result.error.code} ${result.error.message}`);
        else if ((result.credentials.expirationMs ?? 0) <= now) gaps.push(`${at}: expired credentials`);
        else if (roleOfKey(world, result.credentials.accessKeyId) !== roleArn) gaps.push(`${at}: wrong role`);
      }
      const next = Math.min(endMs, world.clock.nowMs() + (stepsMs[i % stepsMs.length] as number));
      while (rotations.length && (rotations[0] as number) <= next) {
        await moveTime(world, rotations.shift() as number);
        world.issuer.rotate();
      }
      await moveTime(world, next);
    }
    expectNone([...gaps, ...refreshTimingErrors(world, ttlOf)]);
  },
};
