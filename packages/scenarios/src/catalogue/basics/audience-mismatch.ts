/**
 * audience-mismatch: the token's `aud` links the cluster to IAM. The default
 * API token (aud = the API server) and a typo'd audience annotation are
 * rejected with `Incorrect token audience`; a custom audience must be both in
 * the provider's ClientIDList and in the trust policy's aud condition.
 */

import { AUDIENCE_ANNOTATION, IRSA_AUDIENCE, IRSA_VOLUME_NAME } from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';
import { serviceAccountYaml } from '@irsa-lab/world';
import { decodeJwt } from 'jose';
import type { ScenarioDef } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check, tokenPanel } from '../../panels/panels.js';
import { createBillingReader } from '../kit/billing.js';
import { chainErrorCode } from '../kit/chain.js';
import { briefCondition, failedCondition } from '../kit/conditions.js';
import { BUSYBOX_IMAGE, podYaml } from '../kit/manifests.js';
import { AWS_CLI, assumeRoleWithWebIdentity } from '../kit/sts.js';
import { textPanel } from '../kit/text-panels.js';
import { readToken } from '../kit/tokens.js';
import { IMDS_LOCKED_DOWN, nodeName, WORKER_NODE_POLICIES, worldWithNode } from '../kit/worlds.js';

const saYaml = (roleArn: string) => serviceAccountYaml({ namespace: 'payments', name: 'billing', roleArn });

/** Re-create billing-api (the webhook reads the ServiceAccount only at pod creation). */
async function recreatePod(world: World): Promise<void> {
  if (world.api.exists('Pod', 'payments', 'billing-api')) world.deletePod('payments', 'billing-api');
  const yaml = podYaml({
    namespace: 'payments',
    pod: 'billing-api',
    serviceAccount: 'billing',
    image: BUSYBOX_IMAGE,
    withNamespace: false,
    withServiceAccount: false,
    nodeName: nodeName(world),
  });
  await world.apply(yaml, 'billing-api.yaml');
}

/** The audience of the pod's projected token, as the webhook wrote it into the volume. */
function volumeAudience(world: World): string | undefined {
  const pod = world.api.get('Pod', 'payments', 'billing-api');
  const volume = pod.spec.volumes?.find((v) => v.name === IRSA_VOLUME_NAME);
  return volume?.projected?.sources?.find((s) => s.serviceAccountToken)?.serviceAccountToken?.audience;
}

const tokenAud = (token: string | undefined) => (token ? JSON.stringify(decodeJwt(token).aud) : undefined);
const podToken = (world: World) => readToken(world, 'payments', 'billing-api');

/** What the steps share: the role the first steps create. */
type State = { roleArn: string };

export const audienceMismatch: ScenarioDef<World, State> = {
  id: 'audience-mismatch',
  title: 'Audience mismatch: Incorrect token audience',
  group: 'basics',
  goal: 'The default API token and a typo in the audience annotation are rejected with Incorrect token audience',
  lesson:
    "A token's aud must be one of the OIDC provider's client ids (ClientIDList), and the trust policy's aud condition must name it too. The pod's audience comes from the eks.amazonaws.com/audience annotation, default sts.amazonaws.com.",
  sources: [
    {
      label: "Reference: the webhook's audience annotation and default",
      href: 'docs/reference.md#webhook-annotations-and-defaults',
    },
    { label: 'Reference: STS errors', href: 'docs/reference.md#sts-errors' },
    {
      label: 'AWS re:Post, troubleshooting InvalidIdentityToken',
      href: 'https://repost.aws/knowledge-center/eks-error-invalid-identity-token',
    },
    {
      label: 'awslabs/amazon-eks-irsa-cfn#18: sts.amazon.com instead of sts.amazonaws.com',
      href: 'https://github.com/awslabs/amazon-eks-irsa-cfn/issues/18',
    },
  ],
  setup: (seed) =>
    worldWithNode(seed, {
      metadataOptions: IMDS_LOCKED_DOWN,
      instanceRolePolicies: WORKER_NODE_POLICIES,
      oidcProvider: true,
    }),
  steps: [
    {
      id: 'default-api-token',
      title: 'A plain kubectl token is for the API server',
      narration:
        'kubectl create token asks for the API server audiences when none is given: aud is https://kubernetes.default.svc. STS looks for it in the provider client ids and finds only sts.amazonaws.com.',
      async run({ world, state }) {
        state.roleArn = createBillingReader(world);
        await world.apply(saYaml(state.roleArn), 'billing-sa.yaml');
        const { token } = await world.api.createToken('payments', 'billing');
        const call = await assumeRoleWithWebIdentity(world, AWS_CLI, world.net, {
          roleArn: state.roleArn,
          token,
          sessionName: 'laptop',
        });
        return {
          action: `aws sts assume-role-with-web-identity --role-arn ${state.roleArn} --role-session-name laptop --web-identity-token "$(kubectl create token billing -n payments)"`,
          outcome: call.ok ? 'allowed' : 'denied',
          summary: call.ok ? 'Unexpectedly accepted.' : `${call.code}: ${call.message}`,
          panels: [
            textPanel('billing-sa.yaml', saYaml(state.roleArn)),
            tokenPanel('kubectl create token billing -n payments', token),
            ...call.panels,
          ],
          decision: call.decision,
          checks: [
            check('token aud', '["https://kubernetes.default.svc"]', tokenAud(token)),
            check('STS error', 'InvalidIdentityToken', call.code),
            check('STS message', 'Incorrect token audience', call.message),
          ],
        };
      },
    },
    {
      id: 'typo-annotation',
      kind: 'break',
      title: 'A typo in the audience annotation',
      narration:
        'Someone sets eks.amazonaws.com/audience: sts.amazon.com (missing "aws", as in amazon-eks-irsa-cfn#18). The webhook projects the pod token with that audience; the SDK sends it to STS, which rejects it. The SDK stops there: it does not fall back to the node.',
      async run({ world }) {
        world.api.annotate('ServiceAccount', 'payments', 'billing', AUDIENCE_ANNOTATION, 'sts.amazon.com');
        await recreatePod(world);
        const got = await resolveInPod(world, 'payments', 'billing-api');
        return {
          action: `kubectl annotate sa billing -n payments ${AUDIENCE_ANNOTATION}=sts.amazon.com && kubectl delete pod billing-api -n payments && kubectl apply -f billing-api.yaml`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: got.result.ok ? 'Unexpectedly accepted.' : `${got.result.error.code}: ${got.result.error.message}`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('token aud', '["sts.amazon.com"]', tokenAud(podToken(world))),
            check('STS error', 'InvalidIdentityToken', chainErrorCode(got.result)),
            check('STS message', 'Incorrect token audience', got.result.ok ? '' : got.result.error.message),
          ],
        };
      },
    },
    {
      id: 'where-aud-comes-from',
      title: 'Where the audience comes from, and where it must go',
      narration:
        "Two places must agree. On the cluster side, the webhook writes the audience into the pod's aws-iam-token volume (annotation, else its --token-audience default sts.amazonaws.com). On the IAM side, the provider's ClientIDList lists the audiences STS accepts.",
      async run({ world }) {
        const provider = world.iam.getOpenIdConnectProvider(world.providerArn);
        return {
          action: `kubectl get pod billing-api -n payments -o jsonpath='{.spec.volumes[0].projected}'; aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${world.providerArn}`,
          outcome: 'info',
          summary: `The pod token's audience is ${volumeAudience(world)}; the provider accepts ${provider.ClientIDList.join(', ')}.`,
          panels: [
            textPanel(
              'aws-iam-token volume',
              `serviceAccountToken:\n  audience: ${volumeAudience(world)}\n  path: token`,
            ),
            textPanel('OIDC provider', [
              `Url: ${provider.Url}`,
              `ClientIDList: ${JSON.stringify(provider.ClientIDList)}`,
            ]),
          ],
          checks: [
            check('volume audience', 'sts.amazon.com', volumeAudience(world)),
            check('ClientIDList', JSON.stringify([IRSA_AUDIENCE]), JSON.stringify(provider.ClientIDList)),
          ],
        };
      },
    },
    {
      id: 'custom-audience',
      title: 'A custom audience needs the trust policy too',
      narration:
        'A team wants its own audience, billing.example.com, and adds it to the provider client ids. STS now accepts the audience, but the trust policy still pins aud = sts.amazonaws.com: the aud condition fails and the answer becomes AccessDenied.',
      async run({ world }) {
        world.iam.addClientIdToOpenIdConnectProvider(world.providerArn, 'billing.example.com');
        world.api.annotate('ServiceAccount', 'payments', 'billing', AUDIENCE_ANNOTATION, 'billing.example.com');
        await recreatePod(world);
        const got = await resolveInPod(world, 'payments', 'billing-api');
        const audStep = got.decision.lines.find((l) => l.text.startsWith('check-audience'));
        return {
          action: `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${world.providerArn} --client-id billing.example.com && kubectl annotate sa billing -n payments ${AUDIENCE_ANNOTATION}=billing.example.com --overwrite && kubectl delete pod billing-api -n payments && kubectl apply -f billing-api.yaml`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: got.result.ok
            ? 'Unexpectedly accepted.'
            : `${chainErrorCode(got.result)}: ${briefCondition(world, got.decision)}`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('audience check passed', 'true', String(audStep?.ok)),
            check('STS error', 'AccessDenied', chainErrorCode(got.result)),
            check('failing condition key', `${world.issuerHostPath}:aud`, failedCondition(got.decision)?.key),
          ],
        };
      },
    },
    {
      id: 'fix',
      kind: 'fix',
      title: 'Fix: drop the annotation, use sts.amazonaws.com',
      narration:
        'Remove the audience annotation so the webhook uses its default, sts.amazonaws.com, which the provider lists and the trust policy pins, and remove the extra client id. The pod must be re-created for the webhook to act.',
      async run({ world, state }) {
        world.api.annotate('ServiceAccount', 'payments', 'billing', AUDIENCE_ANNOTATION, null);
        world.iam.removeClientIdFromOpenIdConnectProvider(world.providerArn, 'billing.example.com');
        await recreatePod(world);
        const got = await resolveInPod(world, 'payments', 'billing-api');
        return {
          action: `kubectl annotate sa billing -n payments ${AUDIENCE_ANNOTATION}- && aws iam remove-client-id-from-open-id-connect-provider --client-id billing.example.com ... && kubectl delete pod billing-api -n payments && kubectl apply -f billing-api.yaml`,
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: got.result.ok
            ? `billing-api holds ${got.roleArn}.`
            : `${got.result.error.code}: ${got.result.error.message}`,
          panels: got.panels,
          decision: got.decision,
          checks: [
            check('token aud', JSON.stringify([IRSA_AUDIENCE]), tokenAud(podToken(world))),
            check('role obtained', state.roleArn, got.roleArn),
          ],
        };
      },
    },
  ],
};
