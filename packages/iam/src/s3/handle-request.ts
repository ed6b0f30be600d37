/**
 * handleS3Request: one HTTP request to S3, start to finish, in S3's order:
 * route (operation, bucket, key), body size limit, SigV4 authentication,
 * does the bucket exist, authorization (identity policies + bucket policy),
 * then the operation. Whatever the outcome, a request that named an
 * operation is recorded as CloudTrail, and every authorization decision is
 * handed to `onDecision` so the app can explain the latest one.
 */
import { callerOf, readBodyLimited } from '@irsa-lab/net';
import type { SessionCredentials } from '../iam/types.js';
import type { Policy } from '../policy/types.js';
import { type Authentication, authenticate } from './authenticate.js';
import { authorizeS3 } from './authorize.js';
import { type BucketState, MAX_OBJECT_BYTES, type S3Deps } from './buckets.js';
import { recordS3Call } from './cloudtrail.js';
import { s3Errors } from './errors.js';
import { type AuthorizationPlan, planAuthorization, runOperation } from './operations.js';
import { s3RequestContext } from './request-context.js';
import { errorResponse, type ResponseIds } from './responses.js';
import { routeRequest, type S3Route } from './route.js';
import type { S3Authorization, S3Error, S3Outcome } from './types.js';

/** One call in progress: what it learned so far, and how it ends (recorded, answered). */
class S3Call {
  session?: SessionCredentials;
  accessKeyId?: string;
  anonymous = false;
  bytesIn = 0;
  bucketOwner?: string;
  authorization?: S3Authorization;
  listBucketCheck?: S3Authorization;

  constructor(
    readonly deps: S3Deps,
    readonly request: Request,
    readonly route: S3Route,
    readonly ids: ResponseIds,
    readonly nowMs: number,
  ) {}

  identify(auth: Authentication): void {
    if (auth.ok) {
      if (auth.caller.kind === 'anonymous') this.anonymous = true;
      else this.session = auth.caller.session;
    } else {
      this.session = auth.session;
      this.accessKeyId = auth.accessKeyId;
    }
  }

  fail(error: S3Error): S3Outcome {
    const head = this.request.method.toUpperCase() === 'HEAD';
    return this.#finish(error, errorResponse(error, this.ids, head), 0);
  }

  succeed(response: Response, bytesOut: number): S3Outcome {
    return this.#finish(undefined, response, bytesOut);
  }

  #finish(error: S3Error | undefined, response: Response, bytesOut: number): S3Outcome {
    const { route, request, session } = this;
    const url = new URL(request.url);
    const userAgent = request.headers.get('user-agent');
    recordS3Call(this.deps.log, {
      operation: route.operation,
      requestId: this.ids.requestId,
      hostId: this.ids.hostId,
      eventId: this.deps.ids.uuid(),
      nowMs: this.nowMs,
      region: this.deps.region,
      host: route.host,
      secure: url.protocol === 'https:',
      sourceIp: callerOf(request).sourceIp,
      ...(userAgent === null ? {} : { userAgent }),
      ...(route.bucket === undefined ? {} : { bucket: route.bucket }),
      ...(route.key === undefined ? {} : { key: route.key }),
      ...(this.bucketOwner === undefined ? {} : { bucketOwner: this.bucketOwner }),
      query: route.query,
      ...(session === undefined ? {} : { session }),
      ...(this.accessKeyId === undefined ? {} : { accessKeyId: this.accessKeyId }),
      anonymous: this.anonymous,
      bytesIn: this.bytesIn,
      bytesOut,
      ...(error === undefined ? {} : { error }),
      ...(this.authorization === undefined ? {} : { authorization: this.authorization }),
      ...(this.listBucketCheck === undefined ? {} : { listBucketCheck: this.listBucketCheck }),
    });
    return {
      operation: route.operation,
      ...(route.bucket === undefined ? {} : { bucket: route.bucket }),
      ...(route.key === undefined ? {} : { key: route.key }),
      requestId: this.ids.requestId,
      hostId: this.ids.hostId,
      status: response.status,
      ...(error === undefined ? {} : { error }),
      ...(session === undefined ? {} : { principalArn: session.assumedRoleArn }),
      ...(this.authorization === undefined ? {} : { authorization: this.authorization }),
      ...(this.listBucketCheck === undefined ? {} : { listBucketCheck: this.listBucketCheck }),
      response,
    };
  }
}

function identityPolicies(deps: S3Deps, session: SessionCredentials | undefined): readonly Policy[] {
  if (!session) return [];
  return deps.iam.findRoleByArn(session.roleArn)?.inlinePolicies.map((p) => p.policy) ?? [];
}

function responseIds(deps: S3Deps): ResponseIds {
  return {
    requestId: deps.ids.hex(16).toUpperCase(),
    hostId: Buffer.from(deps.ids.hex(112), 'hex').toString('base64'),
    dateMs: deps.requestClock.nowMs(),
  };
}

/** Authorize plans for one caller, bucket and moment; every decision goes to `onDecision`. */
function authorizer(
  deps: S3Deps,
  request: Request,
  at: {
    readonly session: SessionCredentials | undefined;
    readonly bucket: BucketState | undefined;
    readonly nowMs: number;
    readonly onDecision: (decision: S3Authorization) => void;
  },
): (plan: AuthorizationPlan) => S3Authorization {
  const { session, bucket } = at;
  const contentSha256 = request.headers.get('x-amz-content-sha256');
  return (plan) => {
    const context = s3RequestContext({
      ...(session === undefined ? {} : { session }),
      nowMs: at.nowMs,
      region: deps.region,
      sourceIp: callerOf(request).sourceIp,
      secure: new URL(request.url).protocol === 'https:',
      ...(contentSha256 === null ? {} : { contentSha256 }),
      operationKeys: plan.keys,
    });
    const decision = authorizeS3({
      ...(session === undefined ? {} : { session }),
      identityPolicies: identityPolicies(deps, session),
      ...(bucket?.policy === undefined ? {} : { bucketPolicy: bucket.policy }),
      ...(bucket === undefined ? {} : { bucketOwner: bucket.accountId }),
      action: plan.action,
      resource: plan.resource,
      context,
    });
    at.onDecision(decision);
    return decision;
  };
}

/**
 * Answer one S3 request.
 * @example const outcome = await handleS3Request(deps, request, (d) => { last = d; });
 */
export async function handleS3Request(
  deps: S3Deps,
  request: Request,
  onDecision: (decision: S3Authorization) => void,
): Promise<S3Outcome> {
  const nowMs = deps.clock.nowMs();
  const ids = responseIds(deps);
  const route = routeRequest(request);
  if ('code' in route) {
    const response = errorResponse(route, ids, request.method.toUpperCase() === 'HEAD');
    return { requestId: ids.requestId, hostId: ids.hostId, status: route.status, error: route, response };
  }
  const call = new S3Call(deps, request, route, ids, nowMs);
  if (route.operation === 'PutObject' && request.headers.has('x-amz-copy-source'))
    return call.fail(s3Errors.notImplemented('x-amz-copy-source (CopyObject)'));
  let body: Uint8Array = new Uint8Array(0);
  if (route.operation === 'PutObject') {
    const read = await readBodyLimited(request, MAX_OBJECT_BYTES);
    if ('tooLarge' in read) return call.fail(s3Errors.entityTooLarge(read.tooLarge, MAX_OBJECT_BYTES));
    body = read.bytes;
    call.bytesIn = body.byteLength;
  }
  const auth = await authenticate(deps, request, body, nowMs);
  call.identify(auth);
  if (!auth.ok) return call.fail(auth.error);
  const bucket = route.bucket === undefined ? undefined : deps.buckets.get(route.bucket);
  if (route.bucket !== undefined && !bucket) return call.fail(s3Errors.noSuchBucket(route.bucket));
  call.bucketOwner = bucket?.accountId;
  const session = call.session;
  const authorize = authorizer(deps, request, { session, bucket, nowMs, onDecision });
  call.authorization = authorize(planAuthorization(route, request));
  if (call.authorization.decision !== 'Allow') return call.fail(s3Errors.accessDenied());
  const result = runOperation({
    deps,
    route,
    ...(bucket === undefined ? {} : { bucket }),
    ...(session === undefined ? {} : { accountId: session.accountId }),
    body,
    contentType: request.headers.get('content-type'),
    ids,
    authorize,
  });
  if (result.ok) return call.succeed(result.response, result.bytesOut);
  if (result.listBucketCheck) call.listBucketCheck = result.listBucketCheck;
  return call.fail(result.error);
}
