/**
 * The CloudTrail record of AssumeRoleForPodIdentity, as real CloudTrail
 * shows the agent's call (reference "Pod Identity", captured in the EKS
 * security immersion day): eventSource eks-auth.amazonaws.com, the node
 * role's session as `userIdentity` (with `ec2RoleDelivery` for instance
 * profile credentials), the token hidden, no response elements, and the
 * Host the client used under `tlsDetails`.
 */
import { isoSeconds } from '@irsa-lab/core';
import { callerOf } from '@irsa-lab/net';
import type { Authorization, CallerSession, EksError } from '../types.js';
import type { EksAuthDeps } from './assume-role-for-pod-identity.js';

/** What one call left to record. */
export interface EksAuthCall {
  readonly request: Request;
  readonly requestId: string;
  readonly clusterName: string;
  readonly auth: Authorization;
  readonly outcome: { readonly ok: true } | { readonly ok: false; readonly error: EksError };
}

function identity(session: CallerSession | undefined, request: Request): Record<string, unknown> {
  if (!session) {
    const key = /Credential=([^/]+)\//.exec(request.headers.get('authorization') ?? '')?.[1];
    return key === undefined ? {} : { accessKeyId: key };
  }
  return {
    type: 'AssumedRole',
    principalId: session.assumedRoleId,
    arn: session.assumedRoleArn,
    accountId: session.accountId,
    accessKeyId: session.accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: session.roleId,
        arn: session.roleArn,
        accountId: session.accountId,
        userName: session.roleName,
      },
      attributes: { creationDate: isoSeconds(session.issuedAtMs), mfaAuthenticated: 'false' },
      ...(session.kind === 'instance-profile' ? { ec2RoleDelivery: '2.0' } : {}),
    },
  };
}

/** Append the record of one AssumeRoleForPodIdentity call. */
export function recordAssumeRoleForPodIdentity(deps: EksAuthDeps, call: EksAuthCall): void {
  const { request, auth, outcome } = call;
  const session = auth.ok ? auth.session : auth.session;
  const host = request.headers.get('host') ?? new URL(request.url).host;
  const error = outcome.ok ? undefined : outcome.error;
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity: identity(session, request),
    eventTime: isoSeconds(deps.clock.nowMs()),
    eventSource: 'eks-auth.amazonaws.com',
    eventName: 'AssumeRoleForPodIdentity',
    awsRegion: deps.region,
    sourceIPAddress: callerOf(request).sourceIp,
    userAgent: request.headers.get('user-agent') ?? undefined,
    ...(error ? { errorCode: error.code, errorMessage: error.message } : {}),
    requestParameters: { clusterName: call.clusterName, token: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
    responseElements: null,
    requestID: call.requestId,
    eventID: deps.ids.uuid(),
    readOnly: true,
    resources: [{ accountId: deps.accountId, type: 'AWS::EKS::Cluster', ARN: deps.clusterArn }],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: deps.accountId,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: host },
  };
  const who = session?.assumedRoleArn ?? '?';
  const verdict = error ? error.code : 'allowed';
  deps.log.append(
    'cloudtrail',
    'eks-auth',
    `AssumeRoleForPodIdentity on ${call.clusterName} by ${who}: ${verdict}`,
    record,
  );
}
