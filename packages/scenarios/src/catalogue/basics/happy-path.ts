/**
 * happy-path: the four set-up steps of the EKS user guide, then the
 * workload's SDK chain reads the projected token, calls STS, and gets the
 * role's credentials; the CloudTrail record shows who it was.
 */

import { AWS_ROLE_ARN, IRSA_AUDIENCE, ROLE_ARN_ANNOTATION } from '@irsa-lab/core';
import type { ChainCredentials } from '@irsa-lab/ec2-node';
import { bucketArn, objectArn } from '@irsa-lab/iam';
import type { World } from '@irsa-lab/world';
import { irsaTrustPolicy, registerOidcProvider, serviceAccountYaml } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check, cloudtrailPanel, jwksPanel, timelinePanel, tokenPanel } from '../../panels/panels.js';
import { s3GetObject } from '../../panels/s3-call.js';
import { billingApiYaml } from '../kit/billing.js';
import { webIdentityRecords } from '../kit/cloudtrail.js';
import { envLines, podEnv, textPanel } from '../kit/text-panels.js';
import { readToken } from '../kit/tokens.js';
import { IMDS_OPEN, podView, worldWithNode } from '../kit/worlds.js';

// the role, bucket and object of the default world (`irsa-lab serve`, docs/world-file.md), built here step by step
const READ_REPORTS = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn('billing-reports') },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: objectArn('billing-reports', '*') },
    ],
  },
  null,
  2,
);
const REPORT_KEY = 'reports/2026-01.csv';
const REPORT = 'invoice,customer,amount\nINV-1001,acme,1200.00\nINV-1002,globex,310.50\n';

async function setup(seed: number): Promise<World> {
  const world = await worldWithNode(seed, {
    metadataOptions: IMDS_OPEN,
    instanceRolePolicies: {},
    oidcProvider: false,
  });
  world.s3.createBucket(world.accountId, 'billing-reports');
  world.s3.putObjectDirect('billing-reports', REPORT_KEY, REPORT);
  return world;
}

/** What the steps share: the role, and the credentials the workload got (when it got any). */
type State = { roleArn: string; credentials?: ChainCredentials };

export const happyPath: ScenarioDef<World, State> = {
  id: 'happy-path',
  title: 'Happy path: a projected token becomes role credentials',
  group: 'basics',
  goal: 'Register the provider, create the role, annotate the ServiceAccount, start the pod; watch it exchange its token for a role',
  lesson: 'How a projected ServiceAccount token becomes role credentials, and what each piece checks.',
  sources: [
    {
      label: 'EKS user guide, IAM roles for service accounts',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html',
    },
    { label: 'Reference: what the pod identity webhook injects', href: 'docs/reference.md#what-the-webhook-injects' },
    { label: 'Reference: how STS validates the token', href: 'docs/reference.md#sts-validation' },
    {
      label: 'STS API reference, AssumeRoleWithWebIdentity',
      href: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html',
    },
    { label: 'Reference: the CloudTrail record', href: 'docs/reference.md#cloudtrail' },
  ],
  setup,
  steps: [
    {
      id: 'register-provider',
      title: 'Register the cluster issuer as an IAM OIDC provider',
      narration:
        'Every EKS cluster has its own OIDC issuer. IAM trusts tokens from it only once the issuer is registered as an OIDC identity provider in the account, with sts.amazonaws.com as its client id (audience).',
      async run({ world }) {
        const arn = registerOidcProvider(world);
        const discovery = world.issuer.discovery();
        return {
          action: `aws iam create-open-id-connect-provider --url ${world.issuer.issuerUrl} --client-id-list ${IRSA_AUDIENCE}`,
          outcome: 'info',
          summary: `IAM now knows ${arn}.`,
          panels: [
            textPanel('/.well-known/openid-configuration', JSON.stringify(discovery, null, 2)),
            jwksPanel(world),
          ],
          checks: [check('provider registered', arn, world.iam.listOpenIdConnectProviders(world.accountId)[0]?.Arn)],
        };
      },
    },
    {
      id: 'create-role',
      title: 'Create the role: trust policy and permissions',
      narration:
        'The trust policy names the OIDC provider as a Federated principal and pins the token claims with StringEquals: sub must be this ServiceAccount and aud must be sts.amazonaws.com.',
      async run({ world, state }) {
        const trust = irsaTrustPolicy(world, 'payments', 'billing');
        const role = world.iam.createRole(world.accountId, {
          RoleName: 'billing-reader',
          AssumeRolePolicyDocument: trust,
        });
        world.iam.putRolePolicy(world.accountId, 'billing-reader', 'read-billing-reports', READ_REPORTS);
        state.roleArn = role.Arn;
        return {
          action:
            'aws iam create-role --role-name billing-reader --assume-role-policy-document file://trust.json && aws iam put-role-policy --role-name billing-reader --policy-name read-billing-reports --policy-document file://read.json',
          outcome: 'info',
          summary: `Role ${role.Arn} trusts system:serviceaccount:payments:billing.`,
          panels: [textPanel('trust.json', trust), textPanel('read.json', READ_REPORTS)],
          checks: [check('role created', 'billing-reader', world.iam.findRoleByArn(role.Arn)?.RoleName)],
        };
      },
    },
    {
      id: 'annotate-sa',
      title: 'Annotate the ServiceAccount with the role',
      narration:
        'The annotation eks.amazonaws.com/role-arn is not an authorization control: it only tells the pod identity webhook what to inject into pods that use this ServiceAccount.',
      async run({ world, state }) {
        const yaml = serviceAccountYaml({ namespace: 'payments', name: 'billing', roleArn: state.roleArn });
        const results = await world.apply(yaml, 'billing-sa.yaml');
        return {
          action: 'kubectl apply -f billing-sa.yaml',
          outcome: 'info',
          summary: results.map((r) => r.summary).join('; '),
          panels: [textPanel('billing-sa.yaml', yaml)],
          checks: [
            check(
              'annotation set',
              state.roleArn,
              world.api.get('ServiceAccount', 'payments', 'billing').metadata.annotations?.[ROLE_ARN_ANNOTATION],
            ),
          ],
        };
      },
    },
    {
      id: 'create-pod',
      title: 'Create the pod: the webhook mutates it',
      narration:
        'At pod creation (only then) the EKS pod identity webhook adds a projected token volume with audience sts.amazonaws.com, mounts it, and appends AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE. The kubelet then writes the token file.',
      async run({ world }) {
        await world.apply(billingApiYaml(world), 'billing-api.yaml');
        const env = podEnv(world, 'payments', 'billing-api');
        const token = readToken(world, 'payments', 'billing-api');
        return {
          action: 'kubectl apply -f billing-api.yaml',
          outcome: 'info',
          summary: `The webhook injected ${Object.keys(env).join(', ')} and the aws-iam-token volume.`,
          panels: [
            textPanel('Injected environment', envLines(env)),
            tokenPanel('The projected token the kubelet wrote', token),
            timelinePanel(world),
          ],
          checks: [
            check('AWS_ROLE_ARN injected', 'yes', AWS_ROLE_ARN in env ? 'yes' : 'no'),
            check('token file written', 'yes', token.startsWith('eyJ') ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'sdk-chain',
      title: "The workload's SDK gets role credentials",
      narration:
        'The AWS SDK default chain finds AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, reads the token, and calls STS AssumeRoleWithWebIdentity. STS fetches the issuer keys, verifies the signature, checks aud against the provider client ids, evaluates the trust policy, and mints credentials.',
      async run({ world, state }) {
        const got = await resolveInPod(world, 'payments', 'billing-api');
        // the workload keeps these and signs its S3 calls with them (the next step): no second exchange
        if (got.result.ok) state.credentials = got.result.credentials;
        return {
          action: 'SDK default chain in payments/billing-api (fromTokenFile → sts:AssumeRoleWithWebIdentity)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: got.result.ok
            ? `The pod holds credentials for ${got.roleArn} from ${got.result.credentials.source}.`
            : `No credentials: ${got.result.error.message}`,
          panels: [...got.panels, jwksPanel(world, world.issuer.currentKid())],
          decision: got.decision,
          checks: [check('role obtained', state.roleArn, got.roleArn)],
        };
      },
    },
    {
      id: 'read-s3',
      title: 'Read the report from S3 with those credentials',
      narration:
        "The workload signs a GetObject request with the role credentials (SigV4). S3 checks the signature and the session, then evaluates the role's permission policy: it allows s3:GetObject on billing-reports.",
      async run({ world, state }) {
        const view = podView(world, 'payments', 'billing-api');
        const { credentials } = state;
        if (!credentials) throw new Error('the workload holds no credentials: the previous step did not get any');
        const read = await s3GetObject(world, view, credentials, 'billing-reports', REPORT_KEY);
        return {
          action: `s3:GetObject billing-reports/${REPORT_KEY} (the workload's S3 client, with the credentials it holds)`,
          outcome: read.status === 200 ? 'allowed' : 'denied',
          summary:
            read.status === 200
              ? `S3 returned the object (${read.body.length} bytes).`
              : `S3 answered ${read.errorCode}.`,
          panels: [textPanel(`s3://billing-reports/${REPORT_KEY}`, read.body), cloudtrailPanel(world, 1)],
          ...(read.decision ? { decision: read.decision } : {}),
          checks: [check('GetObject status', '200', String(read.status))],
        };
      },
    },
    {
      id: 'cloudtrail',
      title: 'What CloudTrail recorded',
      narration:
        'The call is recorded as a WebIdentityUser: the principal is the provider, the audience and the ServiceAccount subject. Which pod made the call is not recorded.',
      async run({ world }) {
        const record = webIdentityRecords(world).at(-1);
        return {
          action:
            'aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=AssumeRoleWithWebIdentity',
          outcome: 'info',
          summary: `userIdentity.type ${record?.userIdentity?.type}, userName ${record?.userIdentity?.userName}.`,
          panels: [{ kind: 'cloudtrail', title: 'CloudTrail', records: record ? [record] : [] }],
          checks: [
            check('identity type', 'WebIdentityUser', record?.userIdentity?.type),
            check('subject recorded', 'system:serviceaccount:payments:billing', record?.userIdentity?.userName),
          ],
        };
      },
    },
  ],
};
