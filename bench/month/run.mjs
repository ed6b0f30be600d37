/**
 * A simulated month against the crypto floor for the same work, measured in
 * the same run. The month: one node, 20 IRSA pods (half JS SDK v3, half
 * botocore chains), every pod's chain asked for credentials every 15
 * simulated minutes for 30 days, so the kubelet rewrites tokens, the issuer
 * rotates keys, and the SDKs re-exchange through the simulated network. The
 * floor: jose signing as many tokens as the month signed and verifying as
 * many as STS verified. Goal: month time ≤ 1.25 × floor time.
 *
 * usage: node --expose-gc bench/month/run.mjs [--pods N] [--days N] [--profile]
 */
import { createCredentialChain } from '@irsa-lab/ec2-node';
import { createIrsaRole, createWorld, moveTime, registerOidcProvider } from '@irsa-lab/world';
import { cryptoFloor, flag, measured, option, printTable, profileByPackage, writeResult } from '../lib/measure.mjs';

const GOAL = 1.25;
const pods = option('pods', 20);
const days = option('days', 30);
const STEP_MS = 15 * 60_000;

function podYaml(ns, roleArn, nodeName) {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: ${ns}\n  annotations:\n    eks.amazonaws.com/role-arn: ${roleArn}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: ${ns}\nspec:\n  serviceAccountName: app\n  nodeName: ${nodeName}\n  containers:\n    - name: app\n      image: busybox\n`;
}

/** The month; returns what crypto it did and how many credential gaps it saw (must be none). */
async function month() {
  const world = await createWorld({ seed: 11 });
  registerOidcProvider(world);
  const { node } = world.addNode({
    instanceRoleName: 'node-role',
    metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2 },
  });
  const chains = [];
  for (let i = 0; i < pods; i++) {
    const ns = `team-${i}`;
    const roleArn = createIrsaRole(world, { roleName: `team-${i}`, namespace: ns, serviceAccount: 'app' });
    await world.apply(podYaml(ns, roleArn, node.name), `${ns}.yaml`);
    const view = node.podView(ns, 'app');
    const sdk = i % 2 === 0 ? 'js-v3' : 'botocore';
    chains.push(createCredentialChain(view, { sdk, clock: world.clock, region: world.region }));
  }
  let gaps = 0;
  const endMs = world.clock.nowMs() + days * 86_400_000;
  while (world.clock.nowMs() < endMs) {
    for (const chain of chains) {
      const result = await chain.resolve();
      if (!result.ok || (result.credentials.expirationMs ?? 0) <= world.clock.nowMs()) gaps++;
    }
    await moveTime(world, world.clock.nowMs() + STEP_MS);
  }
  const signed = world.log.all('k8s.token-issued').map((e) => e.data);
  const exchanges = world.log
    .all('cloudtrail')
    .filter((e) => e.data.eventName === 'AssumeRoleWithWebIdentity' && !e.data.errorCode).length;
  return { world, gaps, signed, exchanges, rotations: world.log.all('issuer.key-rotated').length };
}

const floor = await cryptoFloor();
/** Sign as many tokens as the month did (its claims), verify as many as STS did. */
async function floorWork(signedClaims, verifications) {
  const tokens = [];
  for (const claims of signedClaims) tokens.push(await floor.sign(claims));
  for (let i = 0; i < verifications; i++) await floor.verify(tokens[i % tokens.length]);
}

const run = await measured(month);
const { gaps, signed, exchanges, rotations } = run.value;
// the token claims as signed (iat/exp/sub...), rebuilt from the log so the floor signs the same sizes
const claims = signed.map((d) => ({ aud: d.aud, exp: d.exp, iat: d.iat, sub: d.sub, jti: d.jti, nbf: d.iat }));
await floorWork(claims.slice(0, 20), 20); // warm-up
const floorRun = await measured(() => floorWork(claims, exchanges));
const ratio = run.ms / floorRun.ms;

printTable(`month: ${pods} pods, ${days} days, checks every 15 min`, [
  {
    metric: 'month wall time (s)',
    value: (run.ms / 1000).toFixed(1),
    floor: (floorRun.ms / 1000).toFixed(2),
    ratio,
    goal: `≤ ${GOAL}`,
    met: ratio <= GOAL,
  },
  { metric: 'tokens signed / exchanges verified', value: `${signed.length} / ${exchanges}` },
  { metric: 'key rotations / credential gaps', value: `${rotations} / ${gaps}` },
  { metric: 'peak RSS (MiB) / heap (MiB)', value: `${run.peakRssMiB.toFixed(0)} / ${run.peakHeapMiB.toFixed(0)}` },
]);
if (gaps > 0) console.error(`${gaps} credential gaps: the month is not healthy`);

let profile;
if (flag('profile')) {
  profile = await profileByPackage(async () => {
    await month();
  });
  console.log('\nwhere the month goes (self time by package, one more month under the profiler):');
  console.table(profile);
}

writeResult('month', {
  params: { pods, days, stepMinutes: 15 },
  monthMs: run.ms,
  floorMs: floorRun.ms,
  ratio,
  goal: GOAL,
  met: ratio <= GOAL,
  tokensSigned: signed.length,
  exchanges,
  rotations,
  gaps,
  peakRssMiB: run.peakRssMiB,
  peakHeapMiB: run.peakHeapMiB,
  ...(profile ? { profile } : {}),
});
