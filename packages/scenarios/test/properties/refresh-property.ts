/**
 * Issue 7, refresh: with the kubelet rewriting projected tokens and the SDK
 * chains re-exchanging them, a correctly configured Pod never lacks valid
 * credentials. Random horizons (2–5 days; the fixed 30-day, 20-pod run is
 * thirty-days.test.ts), 1–2 Pods with either SDK and various token
 * lifetimes, random check intervals and jumps, and extra key rotations on
 * top of the 7-day schedule. At every check each Pod's chain must hand out
 * unexpired credentials for its own role, and its token file must be
 * unexpired. IMDS is locked down, so only IRSA can supply credentials.
 */
import { type CredentialChain, createCredentialChain } from '@irsa-lab/node';
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { createIrsaRole, createWorld, moveTime, registerOidcProvider } from '../../src/index.js';
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
      tokenExpirationSeconds: fc.constantFrom(undefined, 86400, 43200, 7200),
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

/** The refresh property: one node, 1–2 IRSA pods, 2–5 days. */
export const REFRESH_PROPERTY: PropertyDef<Scenario> = {
  title: 'a correctly configured Pod never lacks valid credentials',
  arbitrary: scenario,
  numRuns: scaled(100, 3),
  msPerRun: 10_000,
  async check({ seed, days, pods, stepsMs, rotationsAtMs }) {
    const world = await createWorld({ seed });
    registerOidcProvider(world);
    const { node } = world.addNode({
      instanceRoleName: NODE_ROLE,
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
      rules: [{ kind: 'block-imds-from-pods', action: 'DROP' }],
    });
    const chains: { ns: string; roleArn: string; chain: CredentialChain }[] = [];
    for (const [i, p] of pods.entries()) {
      const ns = `team-${i}`;
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
    expectNone(gaps);
  },
};
