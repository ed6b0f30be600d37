/**
 * IMDS: whether a Pod without IRSA obtains the node role's
 * credentials equals the truth table of (http-tokens, hop limit,
 * hostNetwork, node rules, IMDS enabled), computed by the oracle (not by
 * @irsa-lab/imds's explainReachability). Both SDK chain models are asked,
 * and a hand-written IMDS client; every answer must agree with the table.
 */

import { createWorld } from '@irsa-lab/world';
import fc from 'fast-check';
import { NODE_ROLE } from './build-world.js';
import { chainRole, imdsRole } from './observe.js';
import { imdsGivesCredentials } from './oracle.js';
import { expectNone, type PropertyDef, scaled } from './runs.js';
import { nodeDesc } from './world-arbitrary.js';

const DNAT_TARGET = 'http://10.0.1.10:8181';

const input = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  node: nodeDesc,
  hostNetwork: fc.array(fc.boolean(), { minLength: 1, maxLength: 2 }),
});

/** The IMDS truth-table property: one node with random options and rules, 1–2 pods without IRSA. */
export const IMDS_PROPERTY: PropertyDef<typeof input extends fc.Arbitrary<infer T> ? T : never> = {
  title: 'a Pod obtains node credentials exactly when the IMDS truth table says so',
  arbitrary: input,
  numRuns: scaled(5, 20),
  msPerRun: 200,
  async check({ seed, node, hostNetwork }) {
    const world = await createWorld({ seed });
    const added = world.addNode({
      ...(node.instanceRole ? { instanceRoleName: NODE_ROLE } : {}),
      metadataOptions: {
        httpTokens: node.httpTokens,
        httpPutResponseHopLimit: node.hopLimit,
        httpEndpoint: node.endpoint,
      },
      rules: node.rules.map((r) => (r.kind === 'kube2iam-dnat' ? { kind: r.kind, toUrl: DNAT_TARGET } : r)),
    });
    const pods = hostNetwork.map(
      (host, i) => `apiVersion: v1
kind: Pod
metadata:
  name: pod-${i}
  namespace: default
spec:
  nodeName: ${added.node.name}
  automountServiceAccountToken: false${host ? '\n  hostNetwork: true' : ''}
  containers:
    - name: app
      image: public.ecr.aws/docker/library/busybox:1.36
`,
    );
    await world.apply(pods.join('---\n'), 'pods.yaml');
    const wrong: string[] = [];
    for (const [i, host] of hostNetwork.entries()) {
      const view = added.node.podView('default', `pod-${i}`);
      const want = imdsGivesCredentials(node, host) ? added.instanceRoleArn : undefined;
      for (const sdk of ['js-v3', 'botocore'] as const) {
        const got = await chainRole(world, view, sdk);
        if (got.role !== want) wrong.push(`pod-${i} (hostNetwork ${host}) ${sdk}: got ${got.role} (${got.why})`);
      }
      const byHand = await imdsRole(world, view);
      if (byHand !== want) wrong.push(`pod-${i} (hostNetwork ${host}) by hand: got ${byHand}`);
      if (wrong.length) wrong.push(`oracle: ${want ?? 'no credentials'}`);
    }
    expectNone(wrong);
  },
};
