/**
 * vpc-endpoint-dns: an EKS interface VPC endpoint with private DNS captures
 * `eks.<region>.amazonaws.com` inside the VPC and has no record for the
 * issuer host `oidc.eks.<region>.amazonaws.com`, so in-VPC tools get
 * NXDOMAIN (eksctl cannot set up the provider); from outside it works, and
 * STS, which fetches the keys from outside, is unaffected. A split-horizon
 * resolver rule fixes in-VPC resolution.
 */

import { isSimError } from '@irsa-lab/core';
import type { Caller } from '@irsa-lab/net';
import { registerOidcProvider, STS_CALLER, type World } from '@irsa-lab/world';
import type { DecisionTrace, ScenarioDef, TraceLine } from '../../engine/types.js';
import { resolveInPod } from '../../panels/actions.js';
import { check } from '../../panels/panels.js';
import { hopLines } from '../../panels/traces.js';
import { createBillingReader, startBillingApi } from '../kit/billing.js';
import { lastHops, lastRequestPanel } from '../kit/network.js';
import { textPanel } from '../kit/text-panels.js';
import { IMDS_OPEN, worldWithNode } from '../kit/worlds.js';

const NS = 'payments';
const POD = 'billing-api';

/** A CI runner (an EC2 instance) inside the cluster's VPC, where the platform team runs eksctl and Terraform. */
const RUNNER: Caller = Object.freeze({
  kind: 'node',
  id: 'ci-runner',
  hops: 1,
  vantage: 'vpc',
  sourceIp: '10.0.200.15',
});
/** AWS CloudShell: a shell on the internet side. */
const CLOUDSHELL: Caller = Object.freeze({
  kind: 'outside',
  id: 'cloudshell',
  hops: 8,
  vantage: 'internet',
  sourceIp: '203.0.113.50',
});

interface Eksctl {
  readonly ok: boolean;
  readonly code?: string;
  readonly lines: readonly string[];
}

/**
 * `eksctl utils associate-iam-oidc-provider --approve`: connect to the issuer
 * (to read its certificate), then create the provider. The connection is
 * modelled as a GET of the discovery document from `caller`.
 */
async function eksctlAssociate(world: World, caller: Caller): Promise<Eksctl> {
  const where = `cluster "${world.clusterName}" in "${world.region}"`;
  if (world.iam.findOpenIdConnectProviderByUrl(world.accountId, world.issuer.issuerUrl)) {
    return { ok: true, lines: [`IAM Open ID Connect provider is already associated with ${where}`] };
  }
  const url = `${world.issuer.issuerUrl}/.well-known/openid-configuration`;
  const intro = `will create IAM Open ID Connect provider for ${where}`;
  try {
    const response = await world.net.fetch(new Request(url), caller);
    if (response.status !== 200)
      return { ok: false, code: `HTTP_${response.status}`, lines: [intro, `GET ${url}: ${response.status}`] };
  } catch (err) {
    if (!isSimError(err)) throw err;
    // Go's resolver error, as eksctl users report it (the VPC resolver is the VPC base address + 2)
    const go =
      err.code === 'NET_NXDOMAIN' ? `dial tcp: lookup ${world.issuer.host} on 10.0.0.2:53: no such host` : err.message;
    return { ok: false, code: err.code, lines: [intro, `Error: ${go}`, `(simulation: ${err.message})`] };
  }
  const arn = registerOidcProvider(world);
  return { ok: true, lines: [intro, `created IAM Open ID Connect provider for ${where}`, arn] };
}

function hopDecision(world: World, title: string, caller: Caller): DecisionTrace {
  const lines: TraceLine[] = hopLines(lastHops(world, caller));
  return { title, allowed: lines.length > 0 && lines.every((l) => l.ok !== false), lines };
}

/** How `host` resolves from inside the VPC and from the internet (nslookup from each side). */
function nslookup(world: World, host: string) {
  return {
    vpc: world.net.dns.resolve(host, 'vpc', true),
    internet: world.net.dns.resolve(host, 'internet', true),
  };
}

function dnsHop(world: World, caller: Caller): string | undefined {
  return lastHops(world, caller).find((h) => h.step === 'dns')?.detail;
}

/**
 * eksctl run from `caller` (at `where`), as a step shows it: its command, its
 * output, and the path of its GET of the issuer from `side` of the network.
 */
async function eksctlFrom(world: World, caller: Caller, where: string, side: string) {
  const run = await eksctlAssociate(world, caller);
  const url = `${world.issuer.issuerUrl}/.well-known/openid-configuration`;
  return {
    run,
    action: `eksctl utils associate-iam-oidc-provider --cluster ${world.clusterName} --approve   # from ${where}`,
    panels: [
      textPanel('eksctl output', [...run.lines]),
      lastRequestPanel(world, `${caller.id} → ${world.issuer.host}`, caller),
    ],
    decision: hopDecision(world, `GET ${url} from ${side}`, caller),
  };
}

export const vpcEndpointDns: ScenarioDef<World> = {
  id: 'vpc-endpoint-dns',
  title: 'VPC endpoint DNS: the issuer vanishes inside the VPC',
  group: 'operations',
  goal: 'Turn on private DNS for the EKS VPC endpoint and watch in-VPC tools lose the issuer while STS carries on',
  lesson:
    "The EKS endpoint's private hosted zone captures eks.<region>.amazonaws.com and has no oidc record: in-VPC clients get NXDOMAIN, STS (outside the VPC) does not care, and a split-horizon resolver rule brings the name back inside.",
  sources: [
    { label: "Reference: the issuer's DNS inside a VPC", href: 'docs/reference.md#issuer-dns-inside-a-vpc' },
    {
      label: 'EKS user guide, create an IAM OIDC provider for your cluster',
      href: 'https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html',
    },
    {
      label: 'aws/containers-roadmap#2038: OIDC endpoint with the EKS VPC endpoint',
      href: 'https://github.com/aws/containers-roadmap/issues/2038',
    },
    {
      label: 'Route 53, private hosted zones and Resolver rules',
      href: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html',
    },
  ],
  simplifications: [
    "eksctl's TLS connection to the issuer (to read its certificate) is modelled as a GET of the discovery document; its IAM calls do not go over the simulated network.",
    'That STS fetches the keys from outside the VPC is inferred (docs/reference.md#issuer-dns-inside-a-vpc), not documented by AWS.',
    'The private hosted zone holds a single record, the EKS API endpoint eks.<region>.amazonaws.com.',
    "The EKS user guide's workaround is to run the command outside the VPC. The resolver rule of the last step is general Route 53 behaviour (a Resolver rule wins over a private hosted zone), not a fix EKS documents; other reported workarounds are in docs/reference.md#issuer-dns-inside-a-vpc.",
  ],
  setup: (seed) => worldWithNode(seed, { metadataOptions: IMDS_OPEN, instanceRolePolicies: {}, oidcProvider: false }),
  steps: [
    {
      id: 'private-dns',
      title: 'Turn on private DNS for the EKS interface endpoint',
      narration:
        'The VPC gets an interface endpoint for com.amazonaws.<region>.eks with private DNS. Its private hosted zone answers for the whole eks.<region>.amazonaws.com domain inside the VPC, and it has no record for oidc.eks.<region>.amazonaws.com.',
      async run({ world }) {
        const suffix = `eks.${world.region}.amazonaws.com`;
        world.net.dns.addPrivateZone({
          vantage: 'vpc',
          suffix,
          records: [suffix],
          reason: `EKS interface VPC endpoint com.amazonaws.${world.region}.eks (private DNS)`,
        });
        const seen = nslookup(world, world.issuer.host);
        const show = (r: typeof seen.vpc) =>
          r.ok ? `resolves (${r.via})` : `** server can't find: ${r.code} (${r.via})`;
        return {
          action: `aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --service-name com.amazonaws.${world.region}.eks --private-dns-enabled …; nslookup ${world.issuer.host}`,
          outcome: 'info',
          summary: `Inside the VPC ${world.issuer.host} is ${seen.vpc.ok ? 'resolvable' : 'NXDOMAIN'}; on the internet it ${seen.internet.ok ? 'resolves' : 'does not resolve'}.`,
          panels: [
            textPanel(`nslookup ${world.issuer.host}`, [
              `from the VPC:      ${show(seen.vpc)}`,
              `from the internet: ${show(seen.internet)}`,
            ]),
          ],
          checks: [
            check('in the VPC', 'NXDOMAIN', seen.vpc.ok ? 'resolves' : seen.vpc.code),
            check('on the internet', 'resolves', seen.internet.ok ? 'resolves' : seen.internet.code),
          ],
        };
      },
    },
    {
      id: 'eksctl-in-vpc',
      title: 'eksctl in the VPC cannot reach the issuer',
      kind: 'break',
      narration:
        "The platform team runs eksctl from a CI runner inside the VPC. To create the IAM OIDC provider it first connects to the issuer, and the VPC resolver answers NXDOMAIN for the issuer's name: the provider is never created.",
      async run({ world }) {
        const { run, action, panels, decision } = await eksctlFrom(
          world,
          RUNNER,
          'the CI runner in the VPC',
          'the VPC',
        );
        return {
          action,
          outcome: run.ok ? 'allowed' : 'denied',
          summary: run.lines[1] ?? '',
          panels,
          decision,
          checks: [
            check('eksctl', 'NET_NXDOMAIN', run.ok ? 'created' : run.code),
            check('OIDC providers', '0', String(world.iam.listOpenIdConnectProviders(world.accountId).length)),
          ],
        };
      },
    },
    {
      id: 'eksctl-from-cloudshell',
      title: 'Run it outside the VPC: the provider is created',
      narration:
        'The same command from CloudShell, outside the VPC, uses public DNS: the issuer resolves, eksctl reads it and creates the IAM OIDC provider. This is the first workaround the EKS user guide gives.',
      async run({ world }) {
        const { run, action, panels, decision } = await eksctlFrom(world, CLOUDSHELL, 'CloudShell', 'the internet');
        return {
          action,
          outcome: run.ok ? 'allowed' : 'denied',
          summary: run.lines[1] ?? run.lines[0] ?? '',
          panels,
          decision,
          checks: [
            check('eksctl', 'created', run.ok ? 'created' : run.code),
            check('provider', world.providerArn, world.iam.listOpenIdConnectProviders(world.accountId)[0]?.Arn),
          ],
        };
      },
    },
    {
      id: 'sts-unaffected',
      title: 'Pods in the VPC still get credentials: STS fetches the keys from outside',
      narration:
        "The pod calls STS at sts.<region>.amazonaws.com, a name the endpoint's zone does not capture. STS then fetches the issuer's discovery document and keys from AWS's side of the internet, where the name resolves. The VPC's NXDOMAIN never enters the picture.",
      async run({ world }) {
        const roleArn = createBillingReader(world);
        await startBillingApi(world, roleArn);
        const got = await resolveInPod(world, NS, POD);
        const inVpc = nslookup(world, world.issuer.host).vpc;
        return {
          action: 'kubectl apply -f billing-sa.yaml -f billing-api.yaml; SDK default chain in payments/billing-api',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `The pod holds ${got.roleArn ?? 'nothing'}; STS resolved the issuer through ${dnsHop(world, STS_CALLER) ?? '?'}.`,
          panels: [...got.panels, lastRequestPanel(world, `${STS_CALLER.id} → ${world.issuer.host}/keys`, STS_CALLER)],
          decision: got.decision,
          checks: [
            check('role obtained', roleArn, got.roleArn),
            check("STS's DNS lookup", `${world.issuer.host} from internet: public DNS`, dnsHop(world, STS_CALLER)),
            check('issuer name inside the VPC', 'NXDOMAIN', inVpc.ok ? 'resolves' : inVpc.code),
          ],
        };
      },
    },
    {
      id: 'resolver-rule',
      title: 'Fix: a split-horizon rule forwards the issuer name',
      kind: 'fix',
      narration:
        'A Route 53 Resolver forwarding rule for exactly oidc.eks.<region>.amazonaws.com sends that one name to a resolver that knows it, while the rest of eks.<region>.amazonaws.com keeps pointing at the endpoint. In-VPC tools (eksctl, Terraform tls_certificate, an in-VPC validator) reach the issuer again.',
      async run({ world }) {
        world.net.dns.addForwardRule({
          vantage: 'vpc',
          name: world.issuer.host,
          reason: 'Route 53 Resolver forwarding rule (split horizon)',
        });
        const url = `${world.issuer.issuerUrl}/.well-known/openid-configuration`;
        const response = await world.net.fetch(new Request(url), RUNNER);
        const api = nslookup(world, `eks.${world.region}.amazonaws.com`).vpc;
        return {
          action: `aws route53resolver create-resolver-rule --rule-type FORWARD --domain-name ${world.issuer.host} …; curl -s ${url}   # from the CI runner`,
          outcome: response.status === 200 ? 'allowed' : 'denied',
          summary: `From the VPC: ${dnsHop(world, RUNNER) ?? '?'}; GET answered ${response.status}.`,
          panels: [lastRequestPanel(world, `ci-runner → ${world.issuer.host}`, RUNNER)],
          decision: hopDecision(world, `GET ${url} from the VPC, with the forwarding rule`, RUNNER),
          checks: [
            check('discovery from the VPC', '200', String(response.status)),
            check(
              'resolved by',
              'forwarded',
              dnsHop(world, RUNNER)?.includes('forwarded to the public resolver') ? 'forwarded' : dnsHop(world, RUNNER),
            ),
            check(
              'EKS API name still private',
              'yes',
              api.ok && api.via.startsWith('private hosted zone') ? 'yes' : 'no',
            ),
          ],
        };
      },
    },
  ],
};
