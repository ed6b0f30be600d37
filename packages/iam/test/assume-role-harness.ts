/**
 * What the AssumeRole tests (EKS Pod Identity's call, and chains from its
 * session) share: the trust policies they write, the form body AssumeRole
 * takes, EKS Auth's unsigned call, and a session's credentials for signing.
 */
import { withCaller } from '@irsa-lab/net';
import { ACCOUNT, EKS_AUTH, type Harness, STS_HOST, type TestCredentials } from './harness.js';

/** The principal that EKS Auth's calls carry, as a trust policy names it. */
export const POD_SERVICE = { Service: 'pods.eks.amazonaws.com' };
/** A role a pod-role session chains to, in the same account. */
export const NEXT_ROLE = `arn:aws:iam::${ACCOUNT}:role/next`;
/** The session of POD_ROLE named `first`. */
export const POD_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/pod-role/first`;

/** A trust policy of one Allow statement: `principal` may take `actions`, under `condition` if given. */
export function assumeRoleTrust(
  principal: Record<string, unknown>,
  actions: string | string[] = 'sts:AssumeRole',
  condition?: Record<string, unknown>,
): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: principal, Action: actions, ...(condition ? { Condition: condition } : {}) },
    ],
  });
}

/** AssumeRole's form body: its Action and Version, `params`, then each tag (and its key as transitive, unless told not to). */
export function assumeRoleForm(
  params: Record<string, string>,
  tags: Record<string, string> = {},
  transitive = true,
): string {
  const body = new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', ...params });
  Object.entries(tags).forEach(([key, value], i) => {
    body.set(`Tags.member.${i + 1}.Key`, key);
    body.set(`Tags.member.${i + 1}.Value`, value);
    if (transitive) body.set(`TransitiveTagKeys.member.${i + 1}`, key);
  });
  return body.toString();
}

/** AssumeRole as EKS Auth sends it: an unsigned form POST from the service's place on the network. */
export function asEksAuth(h: Harness, body: string, withBodyText = true) {
  const request = new Request(`https://${STS_HOST}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return h.sts.assumeRole(withCaller(request, EKS_AUTH), withBodyText ? body : undefined);
}

/** A session's credentials, as signedStsRequest takes them. */
export function sessionCredentials(credentials: {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
}): TestCredentials {
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
  };
}
