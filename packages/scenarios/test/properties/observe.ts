/**
 * What a Pod actually obtains, observed from inside it: its SDK chain's
 * credentials, the node role through a hand-written IMDS client (what a
 * `curl` in the container would do: IMDSv2 token, else v1), and the outcome
 * of presenting a token to STS. Each answer is the role ARN IAM knows the
 * access key by, or undefined.
 */
import { createCredentialChain, type PodView, type SdkFlavor } from '@irsa-lab/ec2-node';
import type { World } from '@irsa-lab/world';

const IMDS = 'http://169.254.169.254';

/** The role behind an access key, as IAM records it. */
export function roleOfKey(world: World, accessKeyId: string | undefined): string | undefined {
  return accessKeyId === undefined ? undefined : world.iam.lookupAccessKey(accessKeyId)?.roleArn;
}

/** One fresh SDK chain in the pod: the role it resolves to, and why not when it does not. */
export async function chainRole(
  world: World,
  view: PodView,
  sdk: SdkFlavor,
  sdkVersion?: string,
): Promise<{ role: string | undefined; why: string; accessKeyId?: string }> {
  const version = sdkVersion === undefined ? {} : { sdkVersion };
  const chain = createCredentialChain(view, { sdk, clock: world.clock, region: world.region, ...version });
  const result = await chain.resolve();
  if (!result.ok) return { role: undefined, why: `${result.error.provider}: ${result.error.code}` };
  const { accessKeyId } = result.credentials;
  return { role: roleOfKey(world, accessKeyId), why: result.credentials.source, accessKeyId };
}

async function attempt(view: PodView, request: Request): Promise<Response | undefined> {
  try {
    return await view.fetch(request);
  } catch {
    return undefined; // dropped, refused or unroutable: the same to a curl
  }
}

/** The node role's credentials as a process in the pod would fetch them by hand. */
export async function imdsRole(world: World, view: PodView): Promise<string | undefined> {
  const put = await attempt(
    view,
    new Request(`${IMDS}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
    }),
  );
  const headers: Record<string, string> = put?.status === 200 ? { 'x-aws-ec2-metadata-token': await put.text() } : {};
  const base = `${IMDS}/latest/meta-data/iam/security-credentials/`;
  const list = await attempt(view, new Request(base, { headers }));
  if (list?.status !== 200) return undefined;
  const name = (await list.text()).trim();
  const creds = await attempt(view, new Request(`${base}${name}`, { headers }));
  if (creds?.status !== 200) return undefined;
  const body = JSON.parse(await creds.text()) as { AccessKeyId?: string };
  return roleOfKey(world, body.AccessKeyId);
}

/** Present `token` to STS (directly, as the network would deliver it) for `roleArn`. */
export async function exchange(
  world: World,
  token: string,
  roleArn: string,
): Promise<{ role: string | undefined; why: string }> {
  const answer = await world.sts.assumeRoleWithWebIdentity({
    RoleArn: roleArn,
    RoleSessionName: 'isolation-probe',
    WebIdentityToken: token,
  });
  if (!answer.ok) return { role: undefined, why: `${answer.error.code}: ${answer.trace.at(-1)?.detail ?? ''}` };
  return { role: roleOfKey(world, answer.result.Credentials.AccessKeyId), why: 'issued' };
}
