/**
 * EKS in a world: the pod identity associations and EKS Auth, on the
 * network at `eks.<region>.amazonaws.com` and `eks-auth.<region>.api.aws`.
 * EKS never imports IAM: the view it asks (does a role exist and trust
 * pods.eks.amazonaws.com; who signed a request and may they) is wired here,
 * and EKS Auth reaches the issuer and STS over the network as the service
 * pods.eks.amazonaws.com.
 */
import type { Clock, EventLog, Rng, SimClock } from '@irsa-lab/core';
import { type Authorization, createEks, type Eks, eksAuthHandlers, eksAuthHost, eksHandlers } from '@irsa-lab/eks';
import {
  authorizeRequest,
  type Iam,
  type RequestAuthorization,
  type SessionCredentials,
  trustsService,
} from '@irsa-lab/iam';
import type { Caller, SimNetwork } from '@irsa-lab/net';
import type { Issuer } from '@irsa-lab/oidc-issuer';

/** EKS Auth as a network caller: the AWS service pods.eks.amazonaws.com, from AWS's side of the internet. */
export const EKS_AUTH_CALLER: Caller = Object.freeze({
  kind: 'aws-service',
  id: 'pods.eks.amazonaws.com',
  hops: 8,
  vantage: 'internet',
  sourceIp: '52.94.0.20',
});

/** The service principal Pod Identity roles trust. */
export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

function callerSession(s: SessionCredentials) {
  return {
    accessKeyId: s.AccessKeyId,
    assumedRoleArn: s.assumedRoleArn,
    assumedRoleId: s.assumedRoleId,
    accountId: s.accountId,
    roleArn: s.roleArn,
    roleId: s.roleId,
    roleName: s.roleName,
    issuedAtMs: s.issuedAtMs,
    kind: s.kind,
  };
}

function toAuthorization(r: RequestAuthorization): Authorization {
  if (r.ok) return { ok: true, session: callerSession(r.session), reason: r.reason };
  return {
    ok: false,
    failure: r.failure,
    reason: r.reason,
    message: r.message,
    ...(r.sigv4 === undefined ? {} : { sigv4: r.sigv4 }),
    ...(r.session === undefined ? {} : { session: callerSession(r.session) }),
  };
}

/** What the world hands EKS. */
export interface WireEksInput {
  readonly clock: SimClock;
  readonly rng: Rng;
  readonly log: EventLog;
  readonly net: SimNetwork;
  readonly iam: Iam;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  readonly issuer: Issuer;
  readonly options: { readonly requestClock?: Clock };
}

/** Create the world's EKS and serve it. */
export function wireEks(input: WireEksInput): Eks {
  const { clock, iam, net, region } = input;
  const requestClock = input.options.requestClock ?? clock;
  const view = {
    role(arn: string) {
      const role = iam.findRoleByArn(arn);
      return {
        exists: role !== undefined,
        trustsPodIdentity: role !== undefined && trustsService(role, POD_IDENTITY_SERVICE),
      };
    },
    async authorize(request: Request, body: string, check: { service: string; action: string; resource: string }) {
      const nowMs = clock.nowMs();
      return toAuthorization(
        await authorizeRequest(iam, request, body, { ...check, nowMs, requestNowMs: requestClock.nowMs() }),
      );
    },
  };
  const eks = createEks({
    clock,
    rng: input.rng,
    log: input.log,
    region,
    accountId: input.accountId,
    cluster: { name: input.clusterName, issuerUrl: input.issuer.issuerUrl },
    iam: view,
    fetch: (request) => net.fetch(request, EKS_AUTH_CALLER),
    requestClock,
  });
  net.addHost(`eks.${region}.amazonaws.com`, eksHandlers(eks, { iam: view, nextRequestId: () => eks.nextRequestId() }));
  net.addHost(eksAuthHost(region), eksAuthHandlers(eks));
  return eks;
}
