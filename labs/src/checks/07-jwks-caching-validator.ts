/**
 * Lab 7: a JWKS-caching token validator that survives key rotation. The
 * learner's createValidator is driven through a week of simulated time: it
 * must verify, cache the key set, reject a wrong audience, keep verifying
 * after the issuer rotates its key (refetching on an unknown kid), reject a
 * forged token without hammering the issuer, and reject an expired token.
 * Rejecting a wrong audience or an expired token must cost no request to the
 * issuer, and the new-key token comes right after a token that verified, so
 * a validator that only refetches because a rejection emptied its cache
 * cannot pass by accident.
 */

import { DAY_MS, HOUR_MS, IRSA_AUDIENCE, MINUTE_MS } from '@irsa-lab/core';
import { moveTime, type World } from '@irsa-lab/world';
import { formatPosition, LabInputError } from '../learner/input-error.js';
import type { LabFiles } from '../learner/lab-files.js';
import { callLearner, loadLearnerModule, settleLearner } from '../learner/ts-module.js';
import type { Steps } from '../report.js';
import { ISSUER_URL, workshopWorld } from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';
import { AUDIENCE, forgeToken, iso, kidOf, mintToken, RecordingFetch, SUBJECT } from './validator-harness.js';

const FILE = 'validator.ts';

interface Validator {
  verify(token: string): Promise<unknown>;
}

function thrownText(thrown: unknown): string {
  const code = (thrown as { code?: unknown } | null)?.code;
  const base = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  return typeof code === 'string' ? `${base} (${code})` : base;
}

/** A verify that must accept: returns false (with a failed step) when it throws or returns the wrong subject. */
async function accepts(
  files: LabFiles,
  v: Validator,
  token: string,
  title: string,
  steps: Steps,
  why: string[] = [],
): Promise<boolean> {
  const out = await settleLearner(files, FILE, 'verify(token)', () => v.verify(token));
  if (!out.ok) {
    return steps.expect(false, title, [
      `${formatPosition(out.error.position)}: verify(token) threw ${thrownText(out.thrown)}`,
      ...why,
    ]);
  }
  const sub = (out.value as { sub?: unknown } | null)?.sub;
  return steps.expect(sub === SUBJECT, title, [
    sub === SUBJECT
      ? `claims.sub ${SUBJECT}`
      : `verify returned sub ${JSON.stringify(sub)}; expected the token's claims (sub ${SUBJECT})`,
  ]);
}

/** A verify that must reject. */
async function rejects(
  files: LabFiles,
  v: Validator,
  token: string,
  title: string,
  steps: Steps,
  why: string,
): Promise<boolean> {
  const out = await settleLearner(files, FILE, 'verify(token)', () => v.verify(token));
  if (!out.ok) return steps.expect(true, title, [`rejected: ${thrownText(out.thrown)}`]);
  return steps.expect(false, title, [`verify accepted it; expected it to throw: ${why}`]);
}

/** The URLs the validator fetched while `run` ran. */
async function requestsDuring(net: RecordingFetch, run: () => Promise<unknown>): Promise<string[]> {
  const before = net.fetches.length;
  await run();
  return net.fetches.slice(before).map((f) => f.url);
}

/**
 * Two steps: `token` (described as `which`) is rejected, and rejecting it
 * made no request to the issuer. A wrong aud or an expired token is no
 * reason to refetch the keys: anyone can send such tokens, and the issuer
 * throttles.
 */
async function rejectsWithoutRequest(
  files: LabFiles,
  v: Validator,
  net: RecordingFetch,
  token: string,
  which: { title: string; name: string; why: string },
  steps: Steps,
): Promise<void> {
  const made = await requestsDuring(net, () => rejects(files, v, token, which.title, steps, which.why));
  steps.expect(made.length === 0, `rejecting ${which.name} makes no request to the issuer`, [
    made.length === 0
      ? 'no request'
      : `verifying ${which.name} fetched ${made.join(', ')}; expected it rejected from the cached keys: refetch only when the token's kid is not in them (ERR_JWKS_NO_MATCHING_KEY), since anyone can send such tokens and the issuer throttles`,
  ]);
}

async function createValidator(files: LabFiles, world: World, net: RecordingFetch): Promise<Validator> {
  const mod = await loadLearnerModule(files, FILE);
  const create = mod.createValidator;
  if (typeof create !== 'function') {
    throw new LabInputError(
      'SCHEMA',
      { file: FILE },
      'export function createValidator(options: ValidatorOptions): TokenValidator',
    );
  }
  const options = { issuer: ISSUER_URL, audience: AUDIENCE, fetch: net.fetch, now: () => world.clock.nowMs() };
  const v = await callLearner(files, FILE, 'createValidator(options)', () => create(options) as Validator);
  if (typeof v?.verify !== 'function') {
    throw new LabInputError(
      'SCHEMA',
      { file: FILE },
      'createValidator(options) must return an object with a verify(token) method',
    );
  }
  return v;
}

async function beforeRotation(
  files: LabFiles,
  world: World,
  net: RecordingFetch,
  v: Validator,
  tokenA: string,
  steps: Steps,
): Promise<boolean> {
  if (!(await accepts(files, v, tokenA, 'a fresh token from the cluster verifies', steps))) return false;
  const fetched = net.jwksFetches;
  await moveTime(world, world.clock.nowMs() + 10 * MINUTE_MS);
  await accepts(files, v, tokenA, 'ten minutes later it verifies again', steps);
  steps.expect(net.jwksFetches === fetched, 'the key set is cached (no JWKS fetch for the second token)', [
    net.jwksFetches === fetched
      ? `JWKS fetches so far: ${fetched}`
      : `the JWKS was fetched ${net.jwksFetches - fetched} more time(s); expected it cached for the Cache-Control max-age (the EKS OIDC endpoint throttles)`,
  ]);
  await rejectsWithoutRequest(
    files,
    v,
    net,
    await mintToken(world, IRSA_AUDIENCE, 3600),
    {
      title: 'a token for another audience is rejected',
      name: 'the token for another audience',
      why: `aud is ["${IRSA_AUDIENCE}"], not ${AUDIENCE}`,
    },
    steps,
  );
  // a good token right after the rejection: the key set must still be the cached one (it holds for 7 days),
  // and the new-key token after the rotation follows a success, not a rejection that emptied the cache
  const made = await requestsDuring(net, () =>
    accepts(files, v, tokenA, 'a valid token right after the rejected one verifies', steps),
  );
  steps.expect(made.length === 0, 'rejecting a token keeps the cached key set', [
    made.length === 0
      ? 'no request: the key set fetched before is still used'
      : `verifying the valid token after the rejected one fetched ${made.join(', ')}, though the key set fetched before is cached for 7 days: the rejection made your validator drop its cached keys (anyone can send bad tokens, and each would cost a refetch)`,
  ]);
  return true;
}

async function afterRotation(
  files: LabFiles,
  world: World,
  net: RecordingFetch,
  v: Validator,
  tokenA: string,
  steps: Steps,
): Promise<void> {
  const rotationMs = world.issuer.nextRotationAtMs();
  // no verify between the last accepted token (before the rotation) and the new-key token
  await moveTime(world, rotationMs + HOUR_MS);
  const tokenB = await mintToken(world, AUDIENCE, 3600);
  const last = net.lastJwks;
  await accepts(
    files,
    v,
    tokenB,
    `after the key rotation at ${iso(rotationMs)}, a token signed by the new key verifies`,
    steps,
    [
      `the token's kid is ${kidOf(tokenB)}, the issuer's new signing key`,
      last
        ? `your validator last fetched the JWKS at ${iso(last.atMs)}: kids ${last.kids?.join(', ')}`
        : 'your validator never fetched the JWKS',
      'expected: when a kid is not in the cached key set, fetch the JWKS again (once) and verify with the new set',
    ],
  );
  await accepts(
    files,
    v,
    tokenA,
    'a token signed before the rotation still verifies (the old key stays published)',
    steps,
  );
  const fetched = net.jwksFetches;
  const forged = await forgeToken(world);
  await rejects(
    files,
    v,
    forged,
    'a forged token (unknown kid, foreign key) is rejected',
    steps,
    'its signature is from a key the issuer never published',
  );
  steps.expect(net.jwksFetches - fetched <= 1, 'an unknown kid costs at most one JWKS refetch', [
    `JWKS fetches while verifying it: ${net.jwksFetches - fetched}${net.jwksFetches - fetched > 1 ? '; expected at most 1 (anyone can send tokens with made-up kids)' : ''}`,
  ]);
  const short = await mintToken(world, AUDIENCE, 600);
  await moveTime(world, world.clock.nowMs() + 15 * MINUTE_MS);
  await rejectsWithoutRequest(
    files,
    v,
    net,
    short,
    {
      title: 'an expired token is rejected',
      name: 'the expired token',
      why: 'its exp passed 5 minutes ago',
    },
    steps,
  );
}

export const checkJwksCachingValidator: LabCheck = async (files, steps) => {
  const world = await workshopWorld({ node: false, provider: false });
  await world.apply(
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: billing\n  namespace: payments\n',
    'billing-sa.yaml',
  );
  const net = new RecordingFetch(world);
  const validator = await createValidator(files, world, net);
  steps.ok(`${FILE} compiles and createValidator returns a validator`);
  await moveTime(world, world.issuer.nextRotationAtMs() - DAY_MS);
  const tokenA = await mintToken(world, AUDIENCE, 2 * 86400);
  if (!(await beforeRotation(files, world, net, validator, tokenA, steps))) return;
  await afterRotation(files, world, net, validator, tokenA, steps);
};
