/**
 * End-to-end IRSA exchanges per second against the crypto floor, measured
 * in the same run. One exchange: the apiserver projects the pod's token
 * (RS256 signing by the issuer), STS validates it (JWKS, signature, claims),
 * evaluates the role's trust policy and mints credentials. The floor signs
 * and verifies the same payloads with jose alone. Rounds alternate between
 * the two so machine load hits both alike; rates are medians of rounds.
 * Goal: exchanges/s ≥ 0.8 × floor (sign + verify)/s. A second, informative
 * row sends the same exchange through the simulated network (Query POST).
 *
 * usage: node --expose-gc bench/exchange/run.mjs [--rounds N] [--batch N] [--profile]
 */
import { createIrsaRole, createWorld, irsaManifest, registerOidcProvider } from '@irsa-lab/world';
import {
  cryptoFloor,
  flag,
  measured,
  median,
  option,
  printTable,
  profileByPackage,
  writeResult,
} from '../lib/measure.mjs';

const GOAL = 0.8;
const rounds = option('rounds', 7);
const batch = option('batch', 200);

// throughput, not the account's STS quota (600 requests a second by default) is what this measures
const world = await createWorld({ seed: 7, stsRequestsPerSecond: 1_000_000 });
registerOidcProvider(world);
const roleArn = createIrsaRole(world, { roleName: 'bench-reader', namespace: 'bench', serviceAccount: 'app' });
await world.apply(irsaManifest({ namespace: 'bench', serviceAccount: 'app', roleArn, pod: 'app' }), 'bench.yaml');
const pod = world.api.get('Pod', 'bench', 'app');
const projection = pod.spec.volumes
  ?.find((v) => v.name === 'aws-iam-token')
  ?.projected?.sources?.find((s) => s.serviceAccountToken)?.serviceAccountToken;
if (!projection) throw new Error('the webhook did not add the aws-iam-token volume');

const POD_CALLER = { kind: 'pod', id: 'bench/app', hostNetwork: false, hops: 2, vantage: 'vpc', sourceIp: '10.0.1.23' };
const payloads = [];
/** Project, exchange directly at STS; returns nothing, throws if STS refuses. */
async function exchange() {
  const { token, claims } = await world.api.projectServiceAccountToken(pod, projection);
  if (payloads.length < batch) payloads.push(claims);
  const out = await world.sts.assumeRoleWithWebIdentity({
    RoleArn: roleArn,
    RoleSessionName: 'bench',
    WebIdentityToken: token,
  });
  if (!out.ok) throw new Error(`exchange refused: ${out.error.code}`);
}

/** The same exchange as a pod's SDK sends it: form POST through the simulated network, XML back. */
async function exchangeOverNetwork() {
  const { token } = await world.api.projectServiceAccountToken(pod, projection);
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: 'bench',
    WebIdentityToken: token,
  });
  const request = new Request(`https://sts.${world.region}.amazonaws.com/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const response = await world.net.fetch(request, POD_CALLER);
  if (response.status !== 200) throw new Error(`exchange refused: ${response.status} ${await response.text()}`);
  await response.text();
}

const floor = await cryptoFloor();
async function floorOps() {
  for (const payload of payloads) await floor.verify(await floor.sign(payload));
}

async function rate(fn, n) {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return (n * 1000) / (performance.now() - start);
}

// warm-up: JIT, the JWKS fetch, key imports
await rate(exchange, 50);
await rate(exchangeOverNetwork, 50);
await floorOps();

const e2e = [];
const net = [];
const floorRates = [];
const run = await measured(async () => {
  for (let r = 0; r < rounds; r++) {
    e2e.push(await rate(exchange, batch));
    const start = performance.now();
    await floorOps();
    floorRates.push((payloads.length * 1000) / (performance.now() - start));
    net.push(await rate(exchangeOverNetwork, batch));
  }
});

const e2eRate = median(e2e);
const floorRate = median(floorRates);
const netRate = median(net);
const ratio = e2eRate / floorRate;
const rows = [
  {
    metric: 'exchanges/s (project → STS direct)',
    value: e2eRate.toFixed(0),
    floor: floorRate.toFixed(0),
    ratio,
    goal: `≥ ${GOAL}`,
    met: ratio >= GOAL,
  },
  {
    metric: 'exchanges/s through the simulated network',
    value: netRate.toFixed(0),
    floor: floorRate.toFixed(0),
    ratio: netRate / floorRate,
  },
  { metric: 'peak RSS (MiB) / heap (MiB)', value: `${run.peakRssMiB.toFixed(0)} / ${run.peakHeapMiB.toFixed(0)}` },
];
printTable(`exchange: ${rounds} rounds × ${batch}, medians`, rows);

let profile;
if (flag('profile')) {
  profile = await profileByPackage(() => rate(exchange, batch * 2));
  console.log('\nwhere the time of a direct exchange goes (self time by package):');
  console.table(profile);
}

writeResult('exchange', {
  params: { rounds, batch },
  exchangesPerSecond: e2eRate,
  exchangesPerSecondOverNetwork: netRate,
  floorSignVerifyPerSecond: floorRate,
  ratio,
  goal: GOAL,
  met: ratio >= GOAL,
  rounds: { e2e, floor: floorRates, network: net },
  peakRssMiB: run.peakRssMiB,
  peakHeapMiB: run.peakHeapMiB,
  ...(profile ? { profile } : {}),
});
