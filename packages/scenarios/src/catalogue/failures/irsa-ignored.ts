/**
 * irsa-ignored: the webhook did its job (AWS_ROLE_ARN and the token file are
 * in the pod) and the app still is not billing-reader. Three causes: an SDK
 * older than the minimum versions has no web-identity provider and ends at
 * IMDS; credentials found earlier in the chain (static keys in the env, a
 * shared credentials file for JS v3) answer first; and an app that builds
 * its own chain without the web-identity provider.
 */

import type { ChainShape } from '@irsa-lab/ec2-node';
import type { World } from '@irsa-lab/world';
import type { ScenarioDef, StepResult } from '../../engine/types.js';
import { type PodCredentials, resolveInPod } from '../../panels/actions.js';
import { check } from '../../panels/panels.js';
import { s3GetObject } from '../../panels/s3-call.js';
import { billingReaderArn, billingReaderWorld, startBillingApi } from '../kit/billing.js';
import { webIdentityRecords } from '../kit/cloudtrail.js';
import { NODE_IMAGE, podYaml } from '../kit/manifests.js';
import { podEnv, textPanel } from '../kit/text-panels.js';
import { IMDS_OPEN, nodeName, nodeRoleArn, podView, WORKER_NODE_POLICIES } from '../kit/worlds.js';

/** The SDK the app shipped with first: one release before the EKS guide's minimum for JS v3 (3.27.0). */
export const OLD_JS_SDK = '3.26.0';
const MIN_JS_SDK = '3.27.0';
/** Keys of an IAM user someone put in the Deployment before IRSA (deleted since). */
const STATIC_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const CREDENTIALS = `[default]\naws_access_key_id = ${STATIC_KEY_ID}\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`;
const APP_CHAIN: ChainShape = { providers: ['fromEnv', 'fromInstanceMetadata'] };

async function setup(seed: number): Promise<World> {
  const world = await billingReaderWorld(seed, {
    metadataOptions: IMDS_OPEN,
    instanceRolePolicies: WORKER_NODE_POLICIES,
  });
  world.s3.createBucket(world.accountId, 'billing-reports');
  world.s3.putObjectDirect('billing-reports', 'reports/2026-01.csv', 'invoice,customer,amount\n');
  await startBillingApi(world, billingReaderArn(world));
  return world;
}

/** A chain's result as a step: what it got, from where, with checks of both. */
function chainResult(
  action: string,
  got: PodCredentials,
  role: string,
  source: string,
  summary: (from: string) => string,
): StepResult {
  const from = got.result.ok ? got.result.credentials.source : got.result.error.code;
  return {
    action,
    outcome: got.result.ok ? 'allowed' : 'denied',
    summary: summary(from),
    panels: got.panels,
    decision: got.decision,
    checks: [check('credential source', source, from), check('role obtained', role, got.roleArn ?? '(none)')],
  };
}

/** A pod of ServiceAccount payments/billing whose container has `env` (YAML, applied, started). */
async function startLegacyPod(world: World, pod: string, env: Readonly<Record<string, string>>): Promise<string> {
  const yaml = podYaml({
    namespace: 'payments',
    pod,
    serviceAccount: 'billing',
    image: NODE_IMAGE,
    withNamespace: false,
    withServiceAccount: false,
    nodeName: nodeName(world),
    env,
  });
  await world.apply(yaml, `${pod}.yaml`);
  return yaml;
}

/** The scenario with the app first on JS SDK `oldVersion` (a test passes the minimum to see its checks fail). */
export function irsaIgnoredScenario(oldVersion = OLD_JS_SDK): ScenarioDef<World> {
  return {
    id: 'irsa-ignored',
    title: 'IRSA variables set, node role used: old SDKs and credentials that answer first',
    group: 'failures',
    goal: 'Find why a mutated pod still is not its IRSA role: an SDK below the minimum, static keys, a credentials file, its own chain',
    lesson:
      "The webhook only sets variables; the SDK decides. Below the EKS guide's minimum versions (JS v3 3.27.0, botocore 1.12.200, boto3 1.9.220) the default chain has no web-identity provider and ends at IMDS. Anything earlier in the chain wins over IRSA: static keys in the environment in both SDKs, a shared credentials file in JS v3 (botocore reads it after web identity). An app that builds its own chain gets only what it lists.",
    sources: [
      {
        label: 'Reference: SDK versions and what answers first',
        href: 'docs/reference.md#sdk-versions-and-what-answers-first',
      },
      {
        label: 'EKS user guide, use IRSA with the AWS SDK (minimum versions)',
        href: 'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts-minimum-sdk.html',
      },
      { label: 'Reference: the JavaScript SDK v3 chain', href: 'docs/reference.md#javascript-sdk-v3' },
      { label: 'Reference: botocore and boto3', href: 'docs/reference.md#botocore-and-boto3' },
    ],
    simplifications: [
      `An SDK below the minimum is today's chain without its web-identity provider; the rest of a ${oldVersion}-era chain is not modelled.`,
      'The init container that writes ~/.aws/credentials into the shared emptyDir is done by hand.',
      'The static keys belong to no IAM user any more (a deleted key), so S3 answers InvalidAccessKeyId; live keys would work, as the wrong identity.',
    ],
    setup,
    steps: [
      {
        id: 'old-sdk',
        title: `An SDK below the minimum: @aws-sdk/credential-provider-node ${oldVersion}`,
        kind: 'break',
        narration: `billing-api was mutated: AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE are set and the token file is there. But its lockfile pins @aws-sdk/credential-provider-node ${oldVersion}. The EKS user guide lists ${MIN_JS_SDK} as the first JS v3 with IRSA in the default chain: this one has no fromTokenFile, goes past the IRSA variables and ends at IMDS.`,
        async run({ world }) {
          const got = await resolveInPod(world, 'payments', 'billing-api', 'js-v3', { sdkVersion: oldVersion });
          const result = chainResult(
            `node app.js  # @aws-sdk/credential-provider-node@${oldVersion}`,
            got,
            nodeRoleArn(world),
            'fromInstanceMetadata',
            (from) => `AWS_ROLE_ARN is set, yet the SDK answered from ${from}: ${got.roleArn ?? 'nothing'}.`,
          );
          const env = podEnv(world, 'payments', 'billing-api');
          return {
            ...result,
            checks: [
              check('AWS_ROLE_ARN in the pod', billingReaderArn(world), env.AWS_ROLE_ARN),
              ...result.checks,
              check('STS AssumeRoleWithWebIdentity calls', '0', String(webIdentityRecords(world).length)),
            ],
          };
        },
      },
      {
        id: 'upgrade',
        title: `Upgrade the SDK to ${MIN_JS_SDK} or later`,
        kind: 'fix',
        narration: `The same pod with the SDK upgraded (${MIN_JS_SDK} is the minimum; use a current one): fromTokenFile comes before the container and IMDS providers, reads the token and calls STS.`,
        async run({ world }) {
          const got = await resolveInPod(world, 'payments', 'billing-api', 'js-v3', { sdkVersion: MIN_JS_SDK });
          return chainResult(
            `npm install @aws-sdk/client-s3@latest && node app.js`,
            got,
            billingReaderArn(world),
            'fromTokenFile',
            (from) => `Now ${from}: ${got.roleArn ?? 'nothing'}.`,
          );
        },
      },
      {
        id: 'static-keys',
        title: 'Static keys in the environment answer first',
        kind: 'break',
        narration:
          'billing-legacy, a second Deployment of the same app, still carries AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from before IRSA. The webhook adds the IRSA variables beside them, but fromEnv is the first provider of both SDKs: the keys win, and the IRSA role is never asked for. The keys were deleted long ago, so S3 refuses them.',
        async run({ world }) {
          const env = {
            AWS_ACCESS_KEY_ID: STATIC_KEY_ID,
            AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
          };
          const yaml = await startLegacyPod(world, 'billing-legacy', env);
          const calls = webIdentityRecords(world).length;
          const got = await resolveInPod(world, 'payments', 'billing-legacy');
          const creds = got.result.ok ? got.result.credentials : undefined;
          const view = podView(world, 'payments', 'billing-legacy');
          const read = creds
            ? await s3GetObject(world, view, creds, 'billing-reports', 'reports/2026-01.csv')
            : undefined;
          const result = chainResult(
            'kubectl apply -f billing-legacy.yaml; node app.js',
            got,
            '(none)',
            'fromEnv',
            (from) => `The SDK took ${STATIC_KEY_ID} from ${from}; S3 answered ${read?.errorCode ?? read?.status}.`,
          );
          return {
            ...result,
            outcome: 'denied',
            panels: [textPanel('billing-legacy.yaml', yaml), ...got.panels],
            checks: [
              ...result.checks,
              check('S3 GetObject', 'InvalidAccessKeyId', read?.errorCode),
              check('new STS calls', '0', String(webIdentityRecords(world).length - calls)),
            ],
          };
        },
      },
      {
        id: 'credentials-file',
        title: 'A shared credentials file: JS v3 reads it first, botocore after IRSA',
        kind: 'break',
        narration:
          "billing-report gets ~/.aws/credentials from an init container (a leftover secrets injector writes it into a shared emptyDir). JS v3's fromIni comes before fromTokenFile, so the Node.js app takes the file's keys; botocore tries assume-role-with-web-identity before the shared credentials file, so a Python container in the same pod would get billing-reader.",
        async run({ world }) {
          const yaml = emptyDirPodYaml(world);
          await world.apply(yaml, 'billing-report.yaml');
          const running = world.nodeOf('payments', 'billing-report').pod('payments', 'billing-report');
          const dir = running?.volumeDirs.get('aws-config') ?? '';
          world.nodeOf('payments', 'billing-report').fs.write(`${dir}/credentials`, CREDENTIALS, 0o600);
          const js = await resolveInPod(world, 'payments', 'billing-report');
          const boto = await resolveInPod(world, 'payments', 'billing-report', 'botocore');
          const source = (got: PodCredentials) =>
            got.result.ok ? got.result.credentials.source : got.result.error.code;
          return {
            action: 'kubectl apply -f billing-report.yaml  # init container writes /root/.aws/credentials',
            outcome: 'denied',
            summary: `JS v3 answered from ${source(js)} (${js.result.ok ? js.result.credentials.accessKeyId : 'nothing'}); botocore from ${source(boto)}.`,
            panels: [
              textPanel('billing-report.yaml', yaml),
              textPanel('/root/.aws/credentials', CREDENTIALS.replace(/(secret_access_key = ).*/, '$1••••')),
              ...js.panels,
              ...boto.panels,
            ],
            decision: js.decision,
            checks: [
              check('JS v3 credential source', 'fromIni', source(js)),
              check('botocore credential source', 'assume-role-with-web-identity', source(boto)),
              check('botocore role', billingReaderArn(world), boto.roleArn),
            ],
          };
        },
      },
      {
        id: 'own-chain',
        title: "The app's own chain: fromEnv, then IMDS",
        kind: 'break',
        narration:
          "billing-api's S3 client was written for EC2: new S3Client({ credentials: chain(fromEnv(), fromInstanceMetadata()) }). A chain an app builds has only what it lists; without fromTokenFile it never looks at the IRSA variables, however current the SDK.",
        async run({ world }) {
          const got = await resolveInPod(world, 'payments', 'billing-api', 'js-v3', APP_CHAIN);
          return chainResult(
            'new S3Client({ credentials: chain(fromEnv(), fromInstanceMetadata()) })',
            got,
            nodeRoleArn(world),
            'fromInstanceMetadata',
            (from) => `The app's chain answered from ${from}: ${got.roleArn ?? 'nothing'}.`,
          );
        },
      },
      {
        id: 'default-chain',
        title: 'Fix: leave credentials to the default chain',
        kind: 'fix',
        narration:
          'new S3Client({}) with no credentials option uses the default chain (fromNodeProviderChain), which has fromTokenFile before IMDS. The same holds for the Deployments above: drop the static keys and the credentials file, and IRSA is what the chain finds.',
        async run({ world }) {
          const got = await resolveInPod(world, 'payments', 'billing-api');
          return chainResult(
            'new S3Client({})',
            got,
            billingReaderArn(world),
            'fromTokenFile',
            (from) => `The default chain answered from ${from}: ${got.roleArn ?? 'nothing'}.`,
          );
        },
      },
    ],
  };
}

/** billing-report: an init container and the app sharing an emptyDir mounted at /root/.aws. */
function emptyDirPodYaml(world: World): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: billing-report
  namespace: payments
spec:
  serviceAccountName: billing
  nodeName: ${nodeName(world)}
  initContainers:
    - name: fetch-credentials
      image: public.ecr.aws/docker/library/busybox:1.36
      volumeMounts:
        - name: aws-config
          mountPath: /root/.aws
  containers:
    - name: app
      image: ${NODE_IMAGE}
      volumeMounts:
        - name: aws-config
          mountPath: /root/.aws
  volumes:
    - name: aws-config
      emptyDir: {}
`;
}

export const irsaIgnored: ScenarioDef<World> = irsaIgnoredScenario();
