/**
 * missing-oidc-provider: step 1 of the set-up (registering the cluster's
 * issuer as an IAM OIDC provider) is skipped. IAM then refuses the role whose
 * trust policy names the provider: MalformedPolicyDocument "Federated
 * principals must be valid domain names or SAML metadata ARNs". With the
 * provider registered, the role is created and the pod gets it; when the
 * provider is deleted later (a clean-up, a teardown), the role stays, and STS
 * answers InvalidIdentityToken "No OpenIDConnect provider found in your
 * account for <issuer>"; the SDK does not fall back to the node role.
 * Registering the provider again fixes it.
 */
import { AWS_ROLE_ARN, IRSA_AUDIENCE, isSimError } from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';
import { irsaTrustPolicy, registerOidcProvider, serviceAccountYaml } from '@irsa-lab/world';
import type { ScenarioDef } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check } from '../../panels/panels.js';
import { billingApiYaml, createBillingReader } from '../kit/billing.js';
import { failureSummary, noProviderChecks } from '../kit/chain.js';
import { webIdentityRecords } from '../kit/cloudtrail.js';
import { podEnv, textPanel } from '../kit/text-panels.js';
import { IMDS_OPEN, worldWithNode } from '../kit/worlds.js';

const NS = 'payments';
const POD = 'billing-api';

/** What the steps share: the role, once IAM accepts it. */
type State = { roleArn: string };

export const missingOidcProvider: ScenarioDef<World, State> = {
  id: 'missing-oidc-provider',
  title: 'Missing OIDC provider: IAM does not know the cluster',
  group: 'basics',
  goal: 'Skip the OIDC provider step: IAM refuses the role; delete the provider later: STS finds no provider',
  lesson:
    "The IAM OIDC provider is how an account trusts a cluster's issuer. IAM will not even create a role whose trust policy names a provider that does not exist; if the provider goes away later, STS cannot tie the token's iss to anything, whatever the role's trust policy says.",
  sources: [
    {
      label: 'EKS user guide, create an IAM OIDC provider for your cluster',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html',
    },
    { label: 'Reference: the IAM OIDC provider', href: 'docs/reference.md#iam-oidc-provider' },
    {
      label: 'IAM API reference, DeleteOpenIDConnectProvider',
      href: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteOpenIDConnectProvider.html',
    },
    { label: 'Reference: STS errors', href: 'docs/reference.md#sts-errors' },
    {
      label: 'AWS re:Post, troubleshooting InvalidIdentityToken',
      href: 'https://repost.aws/knowledge-center/eks-error-invalid-identity-token',
    },
  ],
  setup: (seed) => worldWithNode(seed, { metadataOptions: IMDS_OPEN, instanceRolePolicies: {}, oidcProvider: false }),
  steps: [
    {
      id: 'no-provider',
      title: 'Skip the provider set-up: no OIDC provider in the account',
      narration:
        "The cluster has an OIDC issuer, but nobody ran eksctl utils associate-iam-oidc-provider (or aws iam create-open-id-connect-provider). IAM's list of OIDC providers is empty.",
      async run({ world }) {
        const providers = world.iam.listOpenIdConnectProviders(world.accountId);
        return {
          action: 'aws iam list-open-id-connect-providers',
          outcome: 'info',
          summary: `The account has ${providers.length} OIDC providers; the cluster's issuer is ${world.issuer.issuerUrl}.`,
          panels: [textPanel('aws iam list-open-id-connect-providers', ['{ "OpenIDConnectProviderList": [] }'])],
          checks: [check('OIDC providers in the account', '0', String(providers.length))],
        };
      },
    },
    {
      id: 'role-refused',
      title: 'Create the role anyway: IAM refuses the trust policy',
      kind: 'break',
      narration:
        'The role set-up goes ahead as usual: a trust policy naming the provider ARN arn:aws:iam::<account>:oidc-provider/<issuer host/path> as the Federated principal. IAM checks that the principal exists, and no such provider does, so CreateRole fails with MalformedPolicyDocument: the error terraform and pulumi users meet when the provider ARN they pass is missing or wrong.',
      async run({ world }) {
        const trust = irsaTrustPolicy(world, NS, 'billing');
        let refusal: { code: string; message: string } | undefined;
        try {
          world.iam.createRole(world.accountId, { RoleName: 'billing-reader', AssumeRolePolicyDocument: trust });
        } catch (err) {
          if (!isSimError(err)) throw err;
          refusal = { code: String(err.detail.awsCode ?? err.code), message: err.message };
        }
        const exists = world.iam.listRoles(world.accountId).some((r) => r.RoleName === 'billing-reader');
        return {
          action: 'aws iam create-role --role-name billing-reader --assume-role-policy-document file://trust.json',
          outcome: refusal ? 'denied' : 'allowed',
          summary: refusal
            ? `An error occurred (${refusal.code}) when calling the CreateRole operation: ${refusal.message}`
            : 'Unexpectedly, IAM created the role.',
          panels: [textPanel('trust.json', trust)],
          decision: {
            title: 'IAM CreateRole: the trust policy',
            allowed: !refusal,
            lines: [
              { depth: 0, text: 'the trust policy parses as a resource policy', ok: true },
              { depth: 0, text: `Principal.Federated names ${world.providerArn}`, ok: true },
              {
                depth: 1,
                text: `an OIDC provider with that ARN exists in account ${world.accountId}: ${exists ? 'yes' : 'no'}`,
                ok: !refusal,
              },
            ],
          },
          checks: [
            check('error code', 'MalformedPolicyDocument', refusal?.code),
            check(
              'error message',
              'Federated principals must be valid domain names or SAML metadata ARNs',
              refusal?.message,
            ),
            check('role billing-reader exists', 'no', exists ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'register-provider',
      title: 'Fix: register the issuer as an OIDC provider first',
      kind: 'fix',
      narration:
        'The skipped set-up, done: create the OIDC provider for the issuer URL with client id sts.amazonaws.com. Its ARN is exactly the principal the trust policy names, so the same trust.json can be used.',
      async run({ world }) {
        const arn = registerOidcProvider(world);
        const provider = world.iam.getOpenIdConnectProvider(arn);
        return {
          action: `eksctl utils associate-iam-oidc-provider --cluster ${world.clusterName} --approve`,
          outcome: 'info',
          summary: `Created ${arn}.`,
          panels: [
            textPanel(`aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${arn}`, [
              `Url: ${provider.Url}`,
              `ClientIDList: ${provider.ClientIDList.join(', ')}`,
            ]),
          ],
          checks: [
            check('provider ARN matches the trust policy principal', world.providerArn, arn),
            check('client id', IRSA_AUDIENCE, provider.ClientIDList.join(',')),
          ],
        };
      },
    },
    {
      id: 'role-sa-pod',
      title: 'Create the role, annotate the ServiceAccount, start the pod',
      narration:
        "The rest of the set-up now goes through: IAM creates the role, the ServiceAccount carries its ARN, and the webhook mutates the pod. The pod's SDK exchanges its token for the role.",
      async run({ world, state }) {
        const roleArn = createBillingReader(world);
        state.roleArn = roleArn;
        const sa = serviceAccountYaml({ namespace: NS, name: 'billing', roleArn });
        await world.apply(sa, 'billing-sa.yaml');
        await world.apply(billingApiYaml(world), 'billing-api.yaml');
        const env = podEnv(world, NS, POD);
        const got = await resolveInPod(world, NS, POD);
        return {
          action:
            'aws iam create-role --role-name billing-reader --assume-role-policy-document file://trust.json; kubectl apply -f billing-sa.yaml -f billing-api.yaml',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `Role ${roleArn} trusts ${world.providerArn}; the pod holds ${got.roleArn ?? 'nothing'}.`,
          panels: [textPanel('billing-sa.yaml', sa), ...got.panels],
          decision: got.decision,
          checks: [
            check('AWS_ROLE_ARN injected', roleArn, env[AWS_ROLE_ARN]),
            check('role obtained', roleArn, got.roleArn),
          ],
        };
      },
    },
    {
      id: 'provider-deleted',
      title: 'The provider is deleted; the role stays',
      kind: 'break',
      narration:
        "Then a clean-up script deletes OIDC providers it believes belong to clusters that are gone, and this one goes too. IAM lets it: roles that name a provider are not checked when it is deleted, so billing-reader still exists and its trust policy still names the provider's ARN.",
      async run({ world }) {
        world.iam.deleteOpenIdConnectProvider(world.providerArn);
        const providers = world.iam.listOpenIdConnectProviders(world.accountId);
        const role = world.iam.getRole(world.accountId, 'billing-reader');
        return {
          action: `aws iam delete-open-id-connect-provider --open-id-connect-provider-arn ${world.providerArn}`,
          outcome: 'info',
          summary: `The account has ${providers.length} OIDC providers; role ${role.Arn} still trusts ${world.providerArn}.`,
          panels: [
            textPanel('aws iam list-open-id-connect-providers', ['{ "OpenIDConnectProviderList": [] }']),
            textPanel(
              'aws iam get-role --role-name billing-reader (AssumeRolePolicyDocument)',
              role.AssumeRolePolicyDocument,
            ),
          ],
          checks: [
            check('OIDC providers in the account', '0', String(providers.length)),
            check(
              'trust policy names the deleted provider',
              'yes',
              role.AssumeRolePolicyDocument.includes(world.providerArn) ? 'yes' : 'no',
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
        "The next time an SDK in the pod needs credentials (the app restarts, or its cached credentials come up for refresh within the hour), it reads the token and calls AssumeRoleWithWebIdentity. STS parses the token, takes its iss, and looks for an OIDC provider with exactly that URL in the role's account. There is none, so it answers InvalidIdentityToken before even fetching the keys. The SDK does not fall back to the node role: the STS error ends the chain.",
      async run({ world }) {
        const got = await resolveInPod(world, NS, POD);
        const record = webIdentityRecords(world).at(-1);
        return {
          action: 'SDK default chain in payments/billing-api (fromTokenFile → sts:AssumeRoleWithWebIdentity)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: failureSummary(got),
          panels: got.panels,
          decision: got.decision,
          checks: [
            ...noProviderChecks(world, got.result),
            check('fell back to the node role', 'no', got.roleArn ? 'yes' : 'no'),
            check('CloudTrail errorCode', 'InvalidIdentityToken', record?.errorCode),
          ],
        };
      },
    },
    {
      id: 'register-again',
      title: 'Fix: register the issuer again',
      kind: 'fix',
      narration:
        "A provider's ARN comes from its URL alone, so registering the same issuer URL again gives back exactly the ARN the trust policy names. Nothing else has to change.",
      async run({ world }) {
        const arn = registerOidcProvider(world);
        return {
          action: `eksctl utils associate-iam-oidc-provider --cluster ${world.clusterName} --approve`,
          outcome: 'info',
          summary: `Created ${arn} again.`,
          panels: [],
          checks: [check('provider ARN matches the trust policy principal', world.providerArn, arn)],
        };
      },
    },
    {
      id: 'retry',
      title: 'Retry: the pod gets the role',
      narration:
        'The same pod, the same token file: STS finds the provider, fetches the issuer keys, verifies the token, checks aud against the client ids, evaluates the trust policy and issues credentials.',
      async run({ world, state }) {
        const got = await resolveInPod(world, NS, POD);
        const records = webIdentityRecords(world);
        return {
          action: 'SDK default chain in payments/billing-api',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `The pod holds ${got.roleArn ?? 'nothing'}; CloudTrail shows all three calls.`,
          panels: [...got.panels, { kind: 'cloudtrail', title: 'CloudTrail: the three calls', records }],
          decision: got.decision,
          checks: [
            check('role obtained', state.roleArn, got.roleArn),
            check(
              'CloudTrail outcomes',
              'allowed, InvalidIdentityToken, allowed',
              records.map((r) => r.errorCode ?? 'allowed').join(', '),
            ),
            check('identity provider recorded', world.providerArn, records.at(-1)?.userIdentity.identityProvider),
          ],
        };
      },
    },
  ],
};
