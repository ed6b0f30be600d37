/**
 * missing-oidc-provider: step 1 of the set-up (registering the cluster's
 * issuer as an IAM OIDC provider) is skipped. Everything else is in place,
 * and STS answers InvalidIdentityToken "No OpenIDConnect provider found in
 * your account for <issuer>"; the SDK does not fall back to the node role.
 * Registering the provider fixes it.
 */
import type { ScenarioDef } from '../engine/types.js';
import { resolveInPod } from '../panels/actions.js';
import { check } from '../panels/panels.js';
import type { World } from '../world/create-world.js';
import { createIrsaRole, registerOidcProvider } from '../world/irsa-setup.js';
import {
  field,
  firstNode,
  lastAssumeRecord,
  oneNodeWorld,
  podEnv,
  podYaml,
  serviceAccountYaml,
  yamlLines,
} from './lib-b.js';

const NS = 'payments';
const POD = 'billing-api';

const assumeRecords = (world: World) =>
  world.log
    .all('cloudtrail')
    .map((e) => e.data as Record<string, unknown>)
    .filter((r) => r.eventName === 'AssumeRoleWithWebIdentity');

export const missingOidcProvider: ScenarioDef<World> = {
  id: 'missing-oidc-provider',
  title: 'Missing OIDC provider: IAM does not know the cluster',
  group: 'basics',
  goal: 'Skip the OIDC provider step and read the error STS gives: No OpenIDConnect provider found in your account',
  lesson:
    "The IAM OIDC provider is how an account trusts a cluster's issuer: without it STS cannot tie the token's iss to anything, whatever the role's trust policy says.",
  sources: ['REPOST-IIT', 'EKS-UG', 'STS-MODEL'],
  simplifications: [
    'IAM here accepts a trust policy naming a provider that does not exist yet. Real IAM is reported to refuse such a CreateRole with MalformedPolicyDocument "Federated principals must be valid domain names or SAML metadata ARNs" (terraform-aws-modules/terraform-aws-iam#202); the STS error shown here is what you meet when the provider goes away after the role was made (a cluster recreated with a new issuer ID, a provider deleted) or was registered with another URL.',
  ],
  async setup(seed) {
    return oneNodeWorld(seed);
  },
  steps: [
    {
      id: 'no-provider',
      title: 'Skip step 1: no OIDC provider in the account',
      narration:
        "The cluster has an OIDC issuer, but nobody ran eksctl utils associate-iam-oidc-provider (or aws iam create-open-id-connect-provider). IAM's list of OIDC providers is empty.",
      async run({ world }) {
        const providers = world.iam.listOpenIdConnectProviders(world.accountId);
        return {
          action: 'aws iam list-open-id-connect-providers',
          outcome: 'info',
          summary: `The account has ${providers.length} OIDC providers; the cluster's issuer is ${world.issuer.issuerUrl}.`,
          panels: [
            {
              kind: 'text',
              title: 'aws iam list-open-id-connect-providers',
              lines: ['{ "OpenIDConnectProviderList": [] }'],
            },
          ],
          checks: [check('OIDC providers in the account', '0', String(providers.length))],
        };
      },
    },
    {
      id: 'role-sa-pod',
      title: 'Create the role, annotate the ServiceAccount, start the pod',
      narration:
        'Steps 2 to 4 go ahead as usual. The trust policy names the provider ARN arn:aws:iam::<account>:oidc-provider/<issuer host/path> as the Federated principal, although no such provider exists. The webhook mutates the pod as always: it knows nothing about IAM.',
      async run({ world, state }) {
        const roleArn = createIrsaRole(world, { roleName: 'billing-reader', namespace: NS, serviceAccount: 'billing' });
        state.roleArn = roleArn;
        const sa = serviceAccountYaml({ namespace: NS, name: 'billing', roleArn });
        await world.apply(sa, 'billing-sa.yaml');
        await world.apply(
          podYaml({ namespace: NS, name: POD, serviceAccount: 'billing', nodeName: firstNode(world) }),
          'billing-api.yaml',
        );
        const env = podEnv(world, NS, POD);
        return {
          action:
            'aws iam create-role --role-name billing-reader --assume-role-policy-document file://trust.json; kubectl apply -f billing-sa.yaml -f billing-api.yaml',
          outcome: 'info',
          summary: `Role ${roleArn} trusts ${world.providerArn}; the pod has AWS_ROLE_ARN and the token file.`,
          panels: [
            {
              kind: 'text',
              title: 'trust.json',
              lines: world.iam.getRole(world.accountId, 'billing-reader').AssumeRolePolicyDocument.split('\n'),
            },
            { kind: 'text', title: 'billing-sa.yaml', lines: yamlLines(sa) },
          ],
          checks: [
            check('AWS_ROLE_ARN injected', roleArn, env.AWS_ROLE_ARN),
            check(
              'provider named in the trust policy exists',
              'no',
              world.iam.listOpenIdConnectProviders(world.accountId).length ? 'yes' : 'no',
            ),
          ],
        };
      },
    },
    {
      id: 'invalid-identity-token',
      title: 'STS: No OpenIDConnect provider found in your account',
      kind: 'break',
      narration:
        "The SDK reads the token and calls AssumeRoleWithWebIdentity. STS parses the token, takes its iss, and looks for an OIDC provider with exactly that URL in the role's account. There is none, so it answers InvalidIdentityToken before even fetching the keys. The SDK does not fall back to the node role: the STS error ends the chain.",
      async run({ world }) {
        const got = await resolveInPod(world, NS, POD);
        const error = got.result.ok ? undefined : got.result.error;
        const record = lastAssumeRecord(world);
        return {
          action: 'SDK default chain in payments/billing-api (fromTokenFile → sts:AssumeRoleWithWebIdentity)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: error ? `${error.code}: ${error.message}` : `Unexpectedly got ${got.roleArn}.`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('error code', 'InvalidIdentityToken', error?.code),
            check(
              'error message',
              `No OpenIDConnect provider found in your account for ${world.issuer.issuerUrl}`,
              error?.message,
            ),
            check('fell back to the node role', 'no', got.roleArn ? 'yes' : 'no'),
            check('CloudTrail errorCode', 'InvalidIdentityToken', field(record, 'errorCode')),
          ],
        };
      },
    },
    {
      id: 'register-provider',
      title: 'Fix: register the issuer as an OIDC provider',
      kind: 'fix',
      narration:
        'Step 1, done late: create the OIDC provider for the issuer URL with client id sts.amazonaws.com. Its ARN is exactly the principal the trust policy already names, so nothing else has to change.',
      async run({ world }) {
        const arn = registerOidcProvider(world);
        const provider = world.iam.getOpenIdConnectProvider(arn);
        return {
          action: `eksctl utils associate-iam-oidc-provider --cluster ${world.clusterName} --approve`,
          outcome: 'info',
          summary: `Created ${arn}.`,
          panels: [
            {
              kind: 'text',
              title: `aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${arn}`,
              lines: [`Url: ${provider.Url}`, `ClientIDList: ${provider.ClientIDList.join(', ')}`],
            },
          ],
          checks: [
            check('provider ARN matches the trust policy principal', world.providerArn, arn),
            check('client id', 'sts.amazonaws.com', provider.ClientIDList.join(',')),
          ],
        };
      },
    },
    {
      id: 'retry',
      title: 'Retry: the pod gets the role',
      narration:
        'The same pod, the same token file: STS now finds the provider, fetches the issuer keys, verifies the token, checks aud against the client ids, evaluates the trust policy and issues credentials.',
      async run({ world, state }) {
        const got = await resolveInPod(world, NS, POD);
        const records = assumeRecords(world);
        return {
          action: 'SDK default chain in payments/billing-api',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `The pod holds ${got.roleArn ?? 'nothing'}; CloudTrail shows the failed and the successful call.`,
          panels: [...got.panels, { kind: 'cloudtrail', title: 'CloudTrail: both calls', records }],
          decision: got.decision,
          checks: [
            check('role obtained', String(state.roleArn), got.roleArn),
            check(
              'CloudTrail outcomes',
              'InvalidIdentityToken, allowed',
              records.map((r) => field(r, 'errorCode') ?? 'allowed').join(', '),
            ),
            check(
              'identity provider recorded',
              world.providerArn,
              field(records.at(-1), 'userIdentity.identityProvider'),
            ),
          ],
        };
      },
    },
  ],
};
