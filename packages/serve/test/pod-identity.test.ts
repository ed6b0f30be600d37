/**
 * EKS Pod Identity in serve mode: a Pod with container credentials gets
 * AWS_CONTAINER_CREDENTIALS_FULL_URI pointing at its own loopback listener
 * for the agent (the request made as the Pod: its hops and its node's rules)
 * and its pods.eks.amazonaws.com token in a real file kept fresh; the agent
 * answers through it as it answers inside the simulation.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { served } from './helpers.js';

const WORLD = readFileSync(new URL('../../../docs/examples/pod-identity-world.yaml', import.meta.url), 'utf8');

async function podEnv(control: string, pod: string): Promise<Record<string, string>> {
  return (await (await fetch(`${control}/pods/${pod}/env`)).json()) as Record<string, string>;
}

describe('serve mode with EKS Pod Identity', () => {
  it("points FULL_URI at the Pod's agent listener and the token file at a real copy of its token", async () => {
    const server = await served({ worldText: WORLD });
    const { control, podIdentityAgent } = server.endpoints();
    expect(Object.keys(podIdentityAgent ?? {})).toEqual(['payments/billing-api']);
    const env = await podEnv(control, 'payments/billing-api');
    expect(env.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBe(`${podIdentityAgent?.['payments/billing-api']}/v1/credentials`);
    expect(env.AWS_ROLE_ARN).toBeUndefined();
    const token = readFileSync(env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE as string, 'utf8');
    const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
    expect(claims.aud).toEqual(['pods.eks.amazonaws.com']);
    const frontend = await podEnv(control, 'web/frontend');
    expect(frontend.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBeUndefined();
  });

  it("answers the Pod's credentials with the association's role, and the agent's refusals as plain text", async () => {
    const server = await served({ worldText: WORLD });
    const env = await podEnv(server.endpoints().control, 'payments/billing-api');
    const uri = env.AWS_CONTAINER_CREDENTIALS_FULL_URI as string;
    const token = readFileSync(env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE as string, 'utf8');
    const ok = await fetch(uri, { headers: { Authorization: token } });
    expect(ok.status).toBe(200);
    const creds = await ok.json();
    const session = server.world.iam.lookupAccessKey(creds.AccessKeyId);
    expect(session?.roleArn).toBe('arn:aws:iam::111122223333:role/billing-pod-identity');
    expect(session?.sessionTags?.find((t) => t.Key === 'kubernetes-pod-name')?.Value).toBe('billing-api');
    const empty = await fetch(uri);
    expect([empty.status, await empty.text()]).toEqual([400, 'Service account token cannot be empty\n']);
    const bearer = await fetch(uri, { headers: { Authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(400);
  });

  it("applies the Pod's node rules: a block in INPUT leaves the request unanswered", async () => {
    const server = await served({ worldText: WORLD });
    const { control } = server.endpoints();
    const env = await podEnv(control, 'payments/billing-api');
    const rule =
      'apiVersion: irsa-lab.dev/v1\nkind: Node\nmetadata:\n  name: ip-10-0-1-10.us-west-2.compute.internal\nspec:\n  instanceRole: demo-node-role\n  imds:\n    httpTokens: optional\n    httpPutResponseHopLimit: 2\n  rules:\n    - kind: block-pod-identity-agent-from-pods\n      action: DROP\n';
    const applied = await fetch(`${control}/apply`, { method: 'POST', body: rule });
    expect(applied.status).toBe(200);
    const token = readFileSync(env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE as string, 'utf8');
    const held = fetch(env.AWS_CONTAINER_CREDENTIALS_FULL_URI as string, {
      headers: { Authorization: token },
      signal: AbortSignal.timeout(300),
    });
    await expect(held).rejects.toThrow();
  });

  it('refuses a bad association in /apply with its file, line and field, as EKS refuses it', async () => {
    const server = await served({ worldText: WORLD });
    const doc =
      'apiVersion: irsa-lab.dev/v1\nkind: PodIdentityAssociation\nspec:\n  namespace: payments\n  serviceAccount: billing\n  roleArn: arn:aws:iam::111122223333:role/demo-node-role\n';
    const res = await fetch(`${server.endpoints().control}/apply?file=again.yaml`, { method: 'POST', body: doc });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      file: 'again.yaml',
      line: 6,
      field: 'spec.roleArn',
      message: 'again.yaml:6: spec.roleArn: InvalidParameterException: Trust policy of the role provided is invalid',
    });
  });
});
