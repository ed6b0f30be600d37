/**
 * Model-based: fc.commands sequences of apply Pod, delete Pod,
 * annotate ServiceAccount, rotate, advance and assume (a running Pod's
 * chain and token; a token kept from a deleted Pod) against a simple model
 * (model-commands.ts). Shrinking gives the shortest command list that
 * breaks the model, printed with the seed.
 */

import { createWorld, registerOidcProvider } from '@irsa-lab/world';
import fc from 'fast-check';
import { NODE_ROLE } from './build-world.js';
import {
  ACCOUNTS,
  advance,
  annotate,
  applyPod,
  assume,
  assumeKept,
  deletePod,
  type Model,
  type Real,
  ROLE_SUBS,
  rotate,
} from './model-commands.js';
import { type PropertyDef, scaled } from './runs.js';

const sa = fc.integer({ min: 0, max: ACCOUNTS.length - 1 });
const role = fc.integer({ min: 0, max: ROLE_SUBS.length - 1 });
const apply = fc.tuple(sa, fc.boolean()).map(([s, host]) => applyPod(s, host));
const ask = fc
  .tuple(fc.nat(), role, fc.constantFrom<'js-v3' | 'botocore'>('js-v3', 'botocore'))
  .map(([p, r, sdk]) => assume(p, r, sdk));
// listed twice: applying and asking are what the other commands are there to disturb
const commands = fc.commands(
  [
    apply,
    apply,
    ask,
    ask,
    fc.nat().map(deletePod),
    fc.tuple(sa, fc.option(role, { nil: null })).map(([s, r]) => annotate(s, r)),
    fc.constant(null).map(rotate),
    fc.oneof(fc.integer({ min: 1, max: 3_600_000 }), fc.integer({ min: 1, max: 2 * 86_400_000 })).map(advance),
    fc.tuple(fc.nat(), role).map(([p, r]) => assumeKept(p, r)),
  ],
  { maxCommands: 30, size: 'max' },
);

async function setup(seed: number): Promise<{ model: Model; real: Real }> {
  const world = await createWorld({ seed });
  registerOidcProvider(world);
  const roleArns = ROLE_SUBS.map(
    ({ op, sub }, i) =>
      world.iam.createRole(world.accountId, {
        RoleName: `model-role-${i}`,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: world.providerArn },
              Action: 'sts:AssumeRoleWithWebIdentity',
              // op may itself be StringEquals: merge, or the aud entry would replace the sub entry
              Condition: {
                StringEquals: { [`${world.issuerHostPath}:aud`]: 'sts.amazonaws.com' },
                [op]: {
                  ...(op === 'StringEquals' ? { [`${world.issuerHostPath}:aud`]: 'sts.amazonaws.com' } : {}),
                  [`${world.issuerHostPath}:sub`]: sub,
                },
              },
            },
          ],
        }),
      }).Arn,
  );
  const { node, instanceRoleArn } = world.addNode({
    instanceRoleName: NODE_ROLE,
    metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2 },
  });
  const namespaces = [...new Set(ACCOUNTS.map((a) => a.ns))].map(
    (ns) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`,
  );
  const accounts = ACCOUNTS.map(
    (a) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${a.sa}\n  namespace: ${a.ns}\n`,
  );
  await world.apply([...namespaces, ...accounts].join('---\n'), 'accounts.yaml');
  const model: Model = {
    nowMs: world.clock.nowMs(),
    nextPod: 0,
    pods: new Map(),
    annotations: ACCOUNTS.map(() => null),
    kept: [],
  };
  return { model, real: { world, nodeName: node.name, roleArns, nodeRoleArn: instanceRoleArn ?? '' } };
}

const input = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), cmds: commands });

/** The model-based property: a seed and up to 30 commands. */
export const MODEL_PROPERTY: PropertyDef<typeof input extends fc.Arbitrary<infer T> ? T : never> = {
  title: 'apply, delete, annotate, rotate, advance and assume agree with the model',
  arbitrary: input,
  numRuns: scaled(20, 10),
  msPerRun: 1_000,
  async check({ seed, cmds }) {
    const { model, real } = await setup(seed);
    await fc.asyncModelRun(() => ({ model, real }), cmds);
  },
};
