/**
 * EKS Auth's AssumeRoleForPodIdentity, step by step: the caller (the Pod
 * Identity agent, signed with the node role, which needs
 * eks-auth:AssumeRoleForPodIdentity on the cluster), the input, the
 * cluster, the token (keys fetched over the network), the association of
 * its service account, then STS: AssumeRole of the association's role as
 * pods.eks.amazonaws.com with the six session tags (unless disabled), and
 * for a target role a second AssumeRole signed with those credentials. The
 * answer has the API model's shape; every call leaves a CloudTrail record.
 */
import type { Clock, EventLog, IdMaker } from '@irsa-lab/core';
import { POD_IDENTITY_AUDIENCE } from '@irsa-lab/core';
import type { AssociationStore } from '../associations/associations.js';
import { eksAuthErrors } from '../errors.js';
import { authorizationError } from '../lib/auth.js';
import type {
  AssumeRoleForPodIdentityResponse,
  Authorization,
  EksAuthOutcome,
  EksAuthStep,
  EksCluster,
  EksError,
  EksIamView,
  PodIdentityAssociation,
} from '../types.js';
import { recordAssumeRoleForPodIdentity } from './cloudtrail.js';
import { type AssumeRoleHop, assumeRoleHop, type HopResult } from './sts-client.js';
import type { TokenSubject, TokenVerifier } from './token.js';

/** What EKS Auth works with. */
export interface EksAuthDeps {
  readonly clock: Clock;
  readonly requestClock: Clock;
  readonly ids: IdMaker;
  readonly log: EventLog;
  readonly region: string;
  readonly accountId: string;
  readonly cluster: EksCluster;
  readonly clusterArn: string;
  readonly iam: EksIamView;
  readonly fetch: (request: Request) => Promise<Response>;
  readonly verifier: TokenVerifier;
  readonly store: AssociationStore;
}

/** The STS session length EKS Auth asks for (real CloudTrail: `"durationSeconds": 21600`). */
export const POD_IDENTITY_SESSION_SECONDS = 21600;
/** A chained session lasts at most an hour (the user guide: target-role credentials are cached 59 minutes). */
export const TARGET_ROLE_SESSION_SECONDS = 3600;
const ACTION = 'eks-auth:AssumeRoleForPodIdentity';
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;
const TOKEN = /^[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+$/;

type Failure = { readonly error: EksError };

/**
 * `eks-<cluster>-<pod>-<uuid>` (EKSAUTH-MODEL `AssumedRoleUser.assumeRoleId`).
 * Simplification: how EKS shortens long names into STS's 64 characters is
 * not documented; here the `eks-<cluster>-<pod>` part is cut to fit.
 */
export function podIdentitySessionName(clusterName: string, podName: string, uuid: string): string {
  return `${`eks-${clusterName}-${podName}`.slice(0, 64 - uuid.length - 1)}-${uuid}`;
}

/** The six session tags, in the user guide's order. */
export function podIdentityTags(clusterArn: string, clusterName: string, s: TokenSubject): [string, string][] {
  return [
    ['eks-cluster-arn', clusterArn],
    ['eks-cluster-name', clusterName],
    ['kubernetes-namespace', s.namespace],
    ['kubernetes-service-account', s.serviceAccount],
    ['kubernetes-pod-name', s.podName],
    ['kubernetes-pod-uid', s.podUid],
  ];
}

function hopError(result: Extract<HopResult, { ok: false }>): EksError {
  if (result.code === 'AccessDenied') return eksAuthErrors.cannotAssumeRole();
  if (result.code === 'NetworkError' || (result.status ?? 0) >= 500 || result.code === 'MalformedResponse') {
    return eksAuthErrors.internal('EKS Auth could not get credentials from STS.');
  }
  // [INFERRED] STS's refusal of the parameters (a session policy too large, ...) reaches the caller as such
  return eksAuthErrors.invalidParameter(result.message);
}

/** The input: JSON `{"token": ...}` and the cluster name in the path, against the model's patterns. */
function readInput(clusterName: string, body: string): { token: string } | Failure {
  let token: unknown;
  try {
    token = (JSON.parse(body || '{}') as { token?: unknown }).token;
  } catch {
    return { error: eksAuthErrors.invalidParameter('The request body is not valid JSON.') };
  }
  if (!CLUSTER_NAME.test(clusterName) || clusterName.length > 100) {
    return { error: eksAuthErrors.invalidParameter(`The cluster name ${clusterName} is not valid.`) };
  }
  if (typeof token !== 'string' || !TOKEN.test(token)) {
    return { error: eksAuthErrors.invalidParameter('The token must be a JSON Web Token (three base64url parts).') };
  }
  return { token };
}

/** The STS calls for `association`: its role (tagged unless disabled), then the target role if it has one. */
async function credentialsFor(
  deps: EksAuthDeps,
  association: PodIdentityAssociation,
  subject: TokenSubject,
  step: (s: EksAuthStep) => void,
): Promise<Extract<HopResult, { ok: true }> | Failure> {
  const sessionName = podIdentitySessionName(deps.cluster.name, subject.podName, deps.ids.uuid());
  const tags = association.disableSessionTags
    ? undefined
    : podIdentityTags(deps.clusterArn, deps.cluster.name, subject);
  const target = association.targetRoleArn;
  const first: AssumeRoleHop = {
    roleArn: association.roleArn,
    roleSessionName: sessionName,
    durationSeconds: POD_IDENTITY_SESSION_SECONDS,
    ...(tags ? { tags } : {}),
    // Simplification: the session policy narrows the target role (EKS-MODEL); with no target, the role itself
    ...(association.policy !== undefined && target === undefined ? { policy: association.policy } : {}),
  };
  const one = await assumeRoleHop(deps.fetch, deps.region, deps.requestClock.nowMs(), first);
  step({
    step: 'sts-assume-role',
    ok: one.ok,
    detail: one.ok
      ? `STS AssumeRole of ${association.roleArn} as pods.eks.amazonaws.com${tags ? ' with the six session tags' : ', session tags disabled'}: ${one.assumedRoleUser.arn}`
      : `STS refused AssumeRole of ${association.roleArn}: ${one.code}: ${one.message}`,
  });
  if (!one.ok) return { error: hopError(one) };
  if (target === undefined) return one;
  const second: AssumeRoleHop = {
    roleArn: target,
    roleSessionName: sessionName,
    durationSeconds: TARGET_ROLE_SESSION_SECONDS,
    signWith: one.credentials,
    // the user guide: with session tags disabled, EKS sets sts:ExternalId for the target role's trust policy
    ...(association.disableSessionTags && association.externalId ? { externalId: association.externalId } : {}),
    ...(association.policy === undefined ? {} : { policy: association.policy }),
  };
  const two = await assumeRoleHop(deps.fetch, deps.region, deps.requestClock.nowMs(), second);
  step({
    step: 'sts-assume-target-role',
    ok: two.ok,
    detail: two.ok
      ? `STS AssumeRole of the target ${target}, signed by ${one.assumedRoleUser.arn}: ${two.assumedRoleUser.arn}`
      : `STS refused AssumeRole of the target ${target}: ${two.code}: ${two.message}`,
  });
  return two.ok ? two : { error: hopError(two) };
}

/** Everything up to the association: caller, input, cluster, token. */
async function identify(
  deps: EksAuthDeps,
  request: Request,
  clusterName: string,
  body: string,
  step: (s: EksAuthStep) => void,
): Promise<{
  auth: Authorization;
  found?: { subject: TokenSubject; association: PodIdentityAssociation };
  error?: EksError;
}> {
  const auth = await deps.iam.authorize(request, body, {
    service: 'eks-auth',
    action: ACTION,
    resource: deps.clusterArn,
  });
  step({ step: 'authorize-caller', ok: auth.ok, detail: auth.ok ? auth.reason : `${auth.failure}: ${auth.reason}` });
  if (!auth.ok) return { auth, error: authorizationError(auth, ACTION, deps.clusterArn, 400) };
  const input = readInput(clusterName, body);
  if ('error' in input) return { auth, error: input.error };
  if (clusterName !== deps.cluster.name) return { auth, error: eksAuthErrors.clusterNotFound(clusterName) };
  const token = await deps.verifier.verify(input.token);
  step({ step: 'verify-token', ok: token.ok, detail: token.detail });
  if (!token.ok) return { auth, error: token.error };
  const { namespace, serviceAccount } = token.subject;
  const association = deps.store.effective(namespace, serviceAccount, deps.clock.nowMs());
  step({
    step: 'find-association',
    ok: association !== undefined,
    detail: association
      ? `${association.associationId}: ${namespace}/${serviceAccount} → ${association.roleArn}${association.targetRoleArn ? ` → ${association.targetRoleArn}` : ''}`
      : `no association for ${namespace}/${serviceAccount} in cluster ${deps.cluster.name}`,
  });
  if (!association) return { auth, error: eksAuthErrors.noAssociation(namespace, serviceAccount) };
  return { auth, found: { subject: token.subject, association } };
}

/** Run AssumeRoleForPodIdentity for a request to `/clusters/{clusterName}/assume-role-for-pod-identity`. */
export async function assumeRoleForPodIdentity(
  deps: EksAuthDeps,
  request: Request,
  clusterName: string,
  bodyText?: string,
): Promise<EksAuthOutcome> {
  const requestId = deps.ids.uuid();
  const trace: EksAuthStep[] = [];
  const step = (s: EksAuthStep) => trace.push(s);
  const body = bodyText ?? (await request.clone().text());
  const who = await identify(deps, request, clusterName, body, step);
  let outcome: { ok: true; value: AssumeRoleForPodIdentityResponse } | { ok: false; error: EksError };
  if (!who.found) {
    outcome = { ok: false, error: who.error ?? eksAuthErrors.internal('unknown failure') };
  } else {
    const { subject, association } = who.found;
    const creds = await credentialsFor(deps, association, subject, step);
    outcome =
      'error' in creds
        ? { ok: false, error: creds.error }
        : {
            ok: true,
            value: {
              subject: { namespace: subject.namespace, serviceAccount: subject.serviceAccount },
              audience: POD_IDENTITY_AUDIENCE,
              podIdentityAssociation: {
                associationArn: association.associationArn,
                associationId: association.associationId,
              },
              assumedRoleUser: { arn: creds.assumedRoleUser.arn, assumeRoleId: creds.assumedRoleUser.assumedRoleId },
              credentials: {
                sessionToken: creds.credentials.sessionToken,
                secretAccessKey: creds.credentials.secretAccessKey,
                accessKeyId: creds.credentials.accessKeyId,
                expiration: Math.floor(creds.credentials.expirationMs / 1000),
              },
            },
          };
  }
  recordAssumeRoleForPodIdentity(deps, { request, requestId, clusterName, auth: who.auth, outcome });
  return { ...outcome, requestId, trace };
}
