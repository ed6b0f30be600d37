/**
 * Lab 5: lock IMDS down so ordinary pods lose the node role, without
 * breaking a hostNetwork system pod that needs instance metadata. The
 * learner's launch template's MetadataOptions configure the node; an app pod
 * runs the SDK chain (it must not reach the node credentials) and the node
 * termination handler makes IMDSv2 calls (they must still work).
 */

import { resolveInPod } from '@irsa-lab/scenarios';
import type { World } from '@irsa-lab/world';
import { z } from 'zod';
import { type ParsedDoc, parseYaml } from '../learner/parsed-doc.js';
import { inputProblem, readInput, valueAt } from '../learner/read-input.js';
import type { Steps } from '../report.js';
import { imdsV2Get, viewOf } from '../sim/pods.js';
import { workloadYaml, workshopWorld } from '../sim/workshop-world.js';
import type { LabCheck } from './lab-check.js';

const FILE = 'launch-template.yaml';

interface Options {
  readonly httpEndpoint: 'enabled' | 'disabled';
  readonly httpTokens: 'optional' | 'required';
  readonly httpPutResponseHopLimit: number;
  /** `file:line` of each option as written (or of MetadataOptions when left to the default). */
  readonly at: Readonly<Record<'HttpEndpoint' | 'HttpTokens' | 'HttpPutResponseHopLimit', string>>;
}

/** The template's MetadataOptions as EC2 reads them (HttpProtocolIpv6 and InstanceMetadataTags are not checked here). */
const METADATA_OPTIONS = z.strictObject({
  HttpEndpoint: z.enum(['enabled', 'disabled']).optional(),
  HttpTokens: z.enum(['optional', 'required']).optional(),
  HttpPutResponseHopLimit: z.int().min(1).max(64).optional(),
  HttpProtocolIpv6: z.unknown().optional(),
  InstanceMetadataTags: z.unknown().optional(),
});

/** MetadataOptions of the template's AWS::EC2::LaunchTemplate; EC2's defaults for what is not set. */
function readOptions(doc: ParsedDoc): Options {
  const resources = readInput(doc, z.record(z.string(), z.unknown()), ['Resources']);
  const name = Object.keys(resources).find(
    (k) => valueAt(doc, ['Resources', k, 'Type']) === 'AWS::EC2::LaunchTemplate',
  );
  if (!name) throw inputProblem(doc, ['Resources'], 'expected a resource of Type AWS::EC2::LaunchTemplate');
  const base = ['Resources', name, 'Properties', 'LaunchTemplateData', 'MetadataOptions'];
  const options = readInput(doc, METADATA_OPTIONS, base);
  const line = (field: string) => `${FILE}:${doc.locate([...base, field]).line}`;
  return {
    httpEndpoint: options.HttpEndpoint ?? 'enabled',
    httpTokens: options.HttpTokens ?? 'optional',
    httpPutResponseHopLimit: options.HttpPutResponseHopLimit ?? 1,
    at: {
      HttpEndpoint: line('HttpEndpoint'),
      HttpTokens: line('HttpTokens'),
      HttpPutResponseHopLimit: line('HttpPutResponseHopLimit'),
    },
  };
}

async function startPods(world: World): Promise<void> {
  await world.apply(
    workloadYaml({ namespace: 'shop', serviceAccount: 'default', pod: 'storefront' }),
    'storefront.yaml',
  );
  await world.apply(
    workloadYaml({
      namespace: 'kube-system',
      serviceAccount: 'aws-node-termination-handler',
      pod: 'aws-node-termination-handler',
      hostNetwork: true,
      withNamespace: false,
    }),
    'nth.yaml',
  );
}

async function appPodStep(world: World, o: Options, steps: Steps): Promise<void> {
  const got = await resolveInPod(world, 'shop', 'storefront');
  const verdict = world.nodeOf('shop', 'storefront').explainImds('shop', 'storefront');
  const title =
    "the app pod shop/storefront (its own network namespace, 2 hops) cannot get the node role's credentials";
  if (!(got.result.ok && got.result.credentials.source === 'fromInstanceMetadata')) {
    steps.ok(title, verdict.summary);
    return;
  }
  // name only the options that let the pod in: IMDSv1 (no token needed), and a hop limit the token response survives
  const causes: string[] = [];
  if (o.httpTokens === 'optional') {
    causes.push(
      `${o.at.HttpTokens} HttpTokens is optional: IMDSv1 GETs need no token, and the hop limit only applies to the token PUT response`,
    );
  }
  if (o.httpPutResponseHopLimit >= verdict.hops) {
    causes.push(
      `${o.at.HttpPutResponseHopLimit} HttpPutResponseHopLimit is ${o.httpPutResponseHopLimit}: the token response reaches callers up to that many hops away, and the pod is ${verdict.hops}`,
    );
  }
  steps.fail(title, `its SDK chain got the node role's credentials from IMDS: ${verdict.summary}`, ...causes);
}

async function systemPodStep(world: World, o: Options, steps: Steps): Promise<void> {
  const ns = 'kube-system';
  const pod = 'aws-node-termination-handler';
  const title = `the hostNetwork system pod ${ns}/${pod} still reads instance metadata with IMDSv2`;
  const view = viewOf(world, ns, pod);
  const calls = view ? await imdsV2Get(view, '/latest/meta-data/instance-id') : [];
  const lines = calls.map((c) => `${c.request} → ${c.status}`);
  if (calls.length === 2 && calls[1]?.status === 200) {
    steps.ok(title, ...lines);
    return;
  }
  const verdict = world.nodeOf(ns, pod).explainImds(ns, pod);
  steps.fail(
    title,
    ...lines,
    verdict.summary,
    ...(o.httpEndpoint === 'disabled'
      ? [
          `${o.at.HttpEndpoint} HttpEndpoint is disabled: IMDS answers nobody, and the handler cannot watch for spot interruptions`,
        ]
      : []),
  );
}

export const checkLockDownImds: LabCheck = async (files, steps) => {
  const options = readOptions(parseYaml(files.read(FILE), FILE));
  const world = await workshopWorld({
    metadataOptions: {
      httpEndpoint: options.httpEndpoint,
      httpTokens: options.httpTokens,
      httpPutResponseHopLimit: options.httpPutResponseHopLimit,
    },
  });
  steps.ok(
    `${FILE} configures the node's IMDS`,
    `http-tokens ${options.httpTokens}, http-put-response-hop-limit ${options.httpPutResponseHopLimit}, http-endpoint ${options.httpEndpoint}`,
  );
  await startPods(world);
  await appPodStep(world, options, steps);
  await systemPodStep(world, options, steps);
};
