/**
 * World creation: how long `createWorld` takes with the fixture key pool,
 * and a ready-to-use IRSA world (provider, role, one node with its instance
 * role, a namespace and an IRSA pod running, i.e. one token signed), with
 * peak memory. The floor, measured in the same run, is the crypto such a
 * world cannot avoid: importing one RSA private key and signing one token
 * with jose. Live key generation (keySource 'live') is shown for contrast.
 * It has no goal: it is tracked over time.
 *
 * usage: node --expose-gc bench/world-creation/run.mjs [--worlds N] [--live N]
 */
import { createIrsaRole, createWorld, irsaManifest, registerOidcProvider } from '@irsa-lab/world';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { measured, median, option, printTable, writeResult } from '../lib/measure.mjs';

const worlds = option('worlds', 200);
const live = option('live', 5);

async function time(fn, n) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

async function bare(i) {
  await createWorld({ seed: 1000 + i });
}

async function ready(i) {
  const world = await createWorld({ seed: 1000 + i });
  registerOidcProvider(world);
  const roleArn = createIrsaRole(world, { roleName: 'app', namespace: 'team', serviceAccount: 'app' });
  const { node } = world.addNode({ instanceRoleName: 'node-role' });
  await world.apply(
    irsaManifest({ namespace: 'team', serviceAccount: 'app', roleArn, pod: 'app', nodeName: node.name }),
    'team.yaml',
  );
}

// the floor: a fresh RSA key import (what a world does for its first key) plus one RS256 signature
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = await exportJWK(privateKey);
async function floor(i) {
  const key = await importJWK(jwk, 'RS256');
  await new SignJWT({ sub: `system:serviceaccount:team:app-${i}` }).setProtectedHeader({ alg: 'RS256' }).sign(key);
}

await time(bare, 20); // warm-up: JIT and the fixture keys' first imports
await time(ready, 20);
await time(floor, 20);
const bareRun = await measured(() => time(bare, worlds));
const readyRun = await measured(() => time(ready, worlds));
const floorRun = await measured(() => time(floor, worlds));
const liveRun = await measured(() => time((i) => createWorld({ seed: 5000 + i, keySource: 'live' }), live));

const ms = (run) => median(run.value);
const rows = [
  {
    metric: 'createWorld, fixture keys (median ms)',
    value: ms(bareRun).toFixed(2),
    floor: ms(floorRun).toFixed(2),
    ratio: ms(bareRun) / ms(floorRun),
  },
  {
    metric: 'ready IRSA world with a running pod (median ms)',
    value: ms(readyRun).toFixed(2),
    floor: ms(floorRun).toFixed(2),
    ratio: ms(readyRun) / ms(floorRun),
  },
  { metric: 'createWorld, live RSA keys (median ms)', value: ms(liveRun).toFixed(1) },
  {
    metric: 'peak RSS MiB: bare / ready / live',
    value: `${bareRun.peakRssMiB.toFixed(0)} / ${readyRun.peakRssMiB.toFixed(0)} / ${liveRun.peakRssMiB.toFixed(0)}`,
  },
];
printTable(`world creation: ${worlds} worlds each (live: ${live})`, rows);

writeResult('world-creation', {
  params: { worlds, live },
  bareMedianMs: ms(bareRun),
  readyMedianMs: ms(readyRun),
  liveMedianMs: ms(liveRun),
  floorMedianMs: ms(floorRun),
  ratioBare: ms(bareRun) / ms(floorRun),
  ratioReady: ms(readyRun) / ms(floorRun),
  peakRssMiB: { bare: bareRun.peakRssMiB, ready: readyRun.peakRssMiB, live: liveRun.peakRssMiB },
  peakHeapMiB: { bare: bareRun.peakHeapMiB, ready: readyRun.peakHeapMiB, live: liveRun.peakHeapMiB },
});
