/**
 * EKS Pod Identity through the whole simulated network: the association,
 * the webhook's container credentials, the kubelet's pods.eks.amazonaws.com
 * token, the SDK chain at the agent, the agent at EKS Auth (signed with the
 * node role), EKS Auth at the issuer's keys and at STS, the session tags on
 * the session and in both CloudTrail records; and what goes wrong: a trust
 * without sts:TagSession, a pod created before its association, both
 * mechanisms on one service account, a node role without the permission,
 * and a target role in another account.
 */
import { Sha256 } from '@irsa-lab/core';
import { associatePodIdentity, createIrsaRole, createPodIdentityRole, type World } from '@irsa-lab/world';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { podIdentityWorld, resolve, runPod, trail } from './pod-identity-world.js';

describe('EKS Pod Identity, end to end', () => {
  it.each(['js-v3', 'botocore'] as const)('gives the pod its role with the six session tags (%s)', async (sdk) => {
    const { world, roleArn } = await podIdentityWorld();
    associatePodIdentity(world, { namespace: 'payments', serviceAccount: 'billing', roleArn });
    const view = await runPod(world, 'payments', 'billing', 'billing-api');
    expect(view.env().AWS_CONTAINER_CREDENTIALS_FULL_URI).toBe('http://169.254.170.23/v1/credentials');
    const result = await resolve(world, 'payments', 'billing-api', sdk);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    expect(result.credentials.source).toBe(sdk === 'js-v3' ? 'fromHttp' : 'container-role');
    const session = world.iam.lookupAccessKey(result.credentials.accessKeyId);
    expect(session?.roleArn).toBe(roleArn);
    const uid = world.api.get('Pod', 'payments', 'billing-api').metadata.uid;
    expect(Object.fromEntries((session?.sessionTags ?? []).map((t) => [t.Key, t.Value]))).toEqual({
      'eks-cluster-arn': world.clusterArn,
      'eks-cluster-name': 'demo',
      'kubernetes-namespace': 'payments',
      'kubernetes-service-account': 'billing',
      'kubernetes-pod-name': 'billing-api',
      'kubernetes-pod-uid': uid,
    });
    const records = trail(world);
    // the STS call completes, and is recorded, inside EKS Auth's
    expect(records.map((r) => `${r.eventSource} ${r.eventName} ${r.errorCode ?? 'ok'}`)).toEqual([
      'sts.amazonaws.com AssumeRole ok',
      'eks-auth.amazonaws.com AssumeRoleForPodIdentity ok',
    ]);
    expect(records[1]).toMatchObject({
      userIdentity: { arn: expect.stringMatching(/assumed-role\/demo-node-role\/i-/) },
    });
    expect(records[0]).toMatchObject({
      userIdentity: { type: 'AWSService', invokedBy: 'pods.eks.amazonaws.com' },
      requestParameters: { durationSeconds: 21600, transitiveTagKeys: expect.arrayContaining(['kubernetes-pod-uid']) },
    });
  });

  it('refuses a tagged session when the trust policy lacks sts:TagSession: the pod gets no credentials, not the node role', async () => {
    const { world, roleArn } = await podIdentityWorld({ tagSession: false });
    associatePodIdentity(world, { namespace: 'payments', serviceAccount: 'billing', roleArn });
    await runPod(world, 'payments', 'billing', 'billing-api');
    const result = await resolve(world, 'payments', 'billing-api', 'botocore');
    expect(result).toMatchObject({ ok: false, error: { code: 'CredentialRetrievalError' } });
    expect(result.ok || result.error.message).toContain(
      '(AccessDeniedException): Unauthorized Exception! EKS does not have permissions to assume the associated role., fault: client',
    );
    const sts = trail(world).find((r) => r.eventName === 'AssumeRole');
    expect(sts).toMatchObject({
      errorCode: 'AccessDenied',
      errorMessage: `User: pods.eks.amazonaws.com is not authorized to perform: sts:TagSession on resource: ${roleArn}`,
    });
    expect(
      world.log.all('imds.request').some((e) => (e.data as { callerId: string }).callerId === 'payments/billing-api'),
    ).toBe(false);
  });

  it('leaves a pod created before its association as it was; the next pod gets Pod Identity', async () => {
    const { world, roleArn } = await podIdentityWorld();
    const irsaArn = createIrsaRole(world, { roleName: 'irsa-role', namespace: 'payments', serviceAccount: 'billing' });
    await runPod(world, 'payments', 'billing', 'before', irsaArn);
    associatePodIdentity(world, { namespace: 'payments', serviceAccount: 'billing', roleArn });
    await world.apply(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: after\n  namespace: payments\nspec:\n  serviceAccountName: billing\n  containers:\n    - name: app\n      image: busybox\n',
      'after.yaml',
    );
    await world.settle();
    const before = await resolve(world, 'payments', 'before');
    const after = await resolve(world, 'payments', 'after');
    expect(before).toMatchObject({ ok: true, credentials: { source: 'fromTokenFile' } });
    expect(after).toMatchObject({ ok: true, credentials: { source: 'fromHttp' } });
    const key = (r: typeof before) =>
      r.ok ? world.iam.lookupAccessKey(r.credentials.accessKeyId)?.roleArn : undefined;
    expect([key(before), key(after)]).toEqual([irsaArn, roleArn]);
  });

  it('answers 400 AccessDeniedException to a node role without eks-auth:AssumeRoleForPodIdentity', async () => {
    const { world, roleArn } = await podIdentityWorld({ agentAllowed: false });
    associatePodIdentity(world, { namespace: 'payments', serviceAccount: 'billing', roleArn });
    const view = await runPod(world, 'payments', 'billing', 'billing-api');
    const token = view.readFile(view.env().AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ?? '') ?? '';
    const response = await view.fetch(
      new Request('http://169.254.170.23/v1/credentials', { headers: { Authorization: token } }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      /^\[[0-9a-f-]{36}\]: \(AccessDeniedException\): User: arn:aws:sts::111122223333:assumed-role\/demo-node-role\/i-[0-9a-f]+ is not authorized to perform: eks-auth:AssumeRoleForPodIdentity on resource: arn:aws:eks:us-west-2:111122223333:cluster\/demo, fault: client\n$/,
    );
  });

  it("passes EKS Auth's refusal of a foreign token on with its status: the pod's IRSA token is not for pods.eks.amazonaws.com", async () => {
    const { world, roleArn } = await podIdentityWorld();
    const irsaArn = createIrsaRole(world, { roleName: 'irsa-role', namespace: 'payments', serviceAccount: 'billing' });
    const view = await runPod(world, 'payments', 'billing', 'billing-api', irsaArn);
    associatePodIdentity(world, { namespace: 'payments', serviceAccount: 'billing', roleArn });
    const irsaToken = view.readFile(view.env().AWS_WEB_IDENTITY_TOKEN_FILE ?? '') ?? '';
    const response = await view.fetch(
      new Request('http://169.254.170.23/v1/credentials', { headers: { Authorization: irsaToken } }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^\[[0-9a-f-]{36}\]: \(InvalidTokenException\): .*, fault: client\n$/);
  });

  it('reaches a role in another account through targetRoleArn, the tags carried over', async () => {
    const { world } = await podIdentityWorld();
    world.iam.createAccount('444455556666');
    const target = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:RequestTag/kubernetes-namespace': 'payments',
              'aws:RequestTag/eks-cluster-arn': world.clusterArn,
            },
            ArnEquals: { 'aws:PrincipalARN': 'arn:aws:iam::111122223333:role/hop-role' },
          },
        },
      ],
    });
    const targetArn = world.iam.createRole('444455556666', {
      RoleName: 'reports',
      AssumeRolePolicyDocument: target,
    }).Arn;
    const assumeTarget = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: targetArn }],
    });
    const hop = createPodIdentityRole(world, { roleName: 'hop-role', policies: { 'assume-target': assumeTarget } });
    const association = associatePodIdentity(world, {
      namespace: 'payments',
      serviceAccount: 'billing',
      roleArn: hop,
      targetRoleArn: targetArn,
    });
    expect(association.externalId).toBe('us-west-2/111122223333/demo/payments/billing');
    await runPod(world, 'payments', 'billing', 'billing-api');
    const result = await resolve(world, 'payments', 'billing-api');
    if (!result.ok) throw new Error(result.error.message);
    const session = world.iam.lookupAccessKey(result.credentials.accessKeyId);
    expect(session?.roleArn).toBe(targetArn);
    expect(session?.sessionTags?.find((t) => t.Key === 'kubernetes-namespace')?.Value).toBe('payments');
    expect(result.credentials.expirationMs).toBe(world.clock.nowMs() - (world.clock.nowMs() % 1000) + 3600_000);
  });

  it('refuses associations as EKS does, through the helper', async () => {
    const { world, roleArn } = await podIdentityWorld();
    associatePodIdentity(world, { namespace: 'payments', serviceAccount: 'billing', roleArn });
    expect(() => associatePodIdentity(world, { namespace: 'payments', serviceAccount: 'billing', roleArn })).toThrow(
      /^ResourceInUseException: Association already exists: a-[a-z0-9]{17}$/,
    );
    const irsaOnly = createIrsaRole(world, { roleName: 'irsa-only', namespace: 'payments', serviceAccount: 'other' });
    expect(() =>
      associatePodIdentity(world, { namespace: 'payments', serviceAccount: 'other', roleArn: irsaOnly }),
    ).toThrow('InvalidParameterException: Trust policy of the role provided is invalid');
  });
});

describe("the node's verdict on reaching the agent", () => {
  it('agrees with what a request to 169.254.170.23 from the pod gets, with and without the INPUT rule', async () => {
    const { world, node } = await podIdentityWorld();
    await runPod(world, 'payments', 'billing', 'billing-api');
    await world.apply(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: node-agent\n  namespace: kube-system\nspec:\n  hostNetwork: true\n  containers:\n    - name: app\n      image: busybox\n',
      'node-agent.yaml',
    );
    const reaches = async (namespace: string, pod: string) => {
      try {
        await node.podView(namespace, pod).fetch(new Request('http://169.254.170.23/v1/credentials'));
        return true;
      } catch {
        return false;
      }
    };
    const verdicts = () =>
      [
        ['payments', 'billing-api'],
        ['kube-system', 'node-agent'],
      ].map(([ns, pod]) => node.explainPodIdentityAgent(ns as string, pod as string));
    expect(verdicts().map((v) => [v.reachable, v.ipv6Reachable, v.rule])).toEqual([
      [true, false, undefined],
      [true, true, undefined],
    ]);
    expect([await reaches('payments', 'billing-api'), await reaches('kube-system', 'node-agent')]).toEqual([
      true,
      true,
    ]);
    node.setRules([{ kind: 'block-pod-identity-agent-from-pods', action: 'REJECT' }]);
    const [pod, host] = verdicts();
    expect(pod).toMatchObject({ reachable: false, rule: { action: 'reject' } });
    expect(pod?.summary).toContain('never fall back to IMDS');
    expect(host).toMatchObject({ reachable: true, rule: undefined });
    expect([await reaches('payments', 'billing-api'), await reaches('kube-system', 'node-agent')]).toEqual([
      false,
      true,
    ]);
  });
});

describe('ABAC with the Pod Identity session tags', () => {
  async function getObject(world: World, namespace: string, pod: string, key: string): Promise<number> {
    const result = await resolve(world, namespace, pod);
    if (!result.ok) throw new Error(result.error.message);
    const c = result.credentials;
    const host = `shared.s3.${world.region}.amazonaws.com`;
    const signer = new SignatureV4({
      credentials: {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken ?? '',
      },
      region: world.region,
      service: 's3',
      sha256: Sha256,
      uriEscapePath: false,
    });
    const signed = await signer.sign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: host,
        path: `/${key}`,
        headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      { signingDate: new Date(world.clock.nowMs()) },
    );
    const view = world.nodeOf(namespace, pod).podView(namespace, pod);
    const response = await view.fetch(
      new Request(`https://${host}/${key}`, { headers: signed.headers as Record<string, string> }),
    );
    return response.status;
  }

  it('one role for many namespaces, each limited to its own prefix by aws:PrincipalTag/kubernetes-namespace', async () => {
    const { world, roleArn } = await podIdentityWorld();
    world.s3.createBucket(world.accountId, 'shared');
    for (const key of ['payments/report.csv', 'web/report.csv']) world.s3.putObjectDirect('shared', key, key);
    for (const ns of ['payments', 'web']) {
      associatePodIdentity(world, { namespace: ns, serviceAccount: 'app', roleArn });
      await runPod(world, ns, 'app', 'worker');
    }
    expect(await getObject(world, 'payments', 'worker', 'payments/report.csv')).toBe(200);
    expect(await getObject(world, 'payments', 'worker', 'web/report.csv')).toBe(403);
    expect(await getObject(world, 'web', 'worker', 'web/report.csv')).toBe(200);
  });
});
