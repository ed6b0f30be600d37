/**
 * GetCallerIdentity: who signed this request? The SigV4 signature is
 * verified against the shared credential store; the answer is the
 * assumed-role session's account, ARN and `AROA...:session` user id.
 */
import type { SessionCredentials } from '../iam/types.js';
import { sessionSecrets, verifySigV4 } from '../sigv4/verify-sigv4.js';
import { recordGetCallerIdentity } from './cloudtrail.js';
import { stsErrors } from './messages.js';
import { Run, regionOfHost, requestMeta, type StsDeps, signingRegionOfHost } from './run.js';
import type { GetCallerIdentityResult, StsOutcome } from './types.js';

/** Verify the request's signature and say whose session signed it. */
export async function getCallerIdentity(
  deps: StsDeps,
  request: Request,
  bodyText?: string,
): Promise<StsOutcome<GetCallerIdentityResult>> {
  const run = new Run(deps);
  const body = bodyText ?? (await request.clone().text());
  const meta = requestMeta(request);
  const signingRegion = signingRegionOfHost(meta.host);
  const verified = await verifySigV4(
    request,
    body,
    sessionSecrets((id) => deps.iam.lookupAccessKey(id)),
    {
      service: 'sts',
      nowMs: run.nowMs,
      requestNowMs: deps.requestClock.nowMs(),
      ...(signingRegion === undefined ? {} : { region: signingRegion }),
    },
  );
  const facts = {
    requestId: run.requestId,
    eventId: deps.ids.uuid(),
    nowMs: run.nowMs,
    region: regionOfHost(meta, deps.region),
    meta,
    ...(verified.ok || verified.accessKeyId === undefined ? {} : { accessKeyId: verified.accessKeyId }),
  };
  const base = { requestId: run.requestId, trace: run.trace };
  const keyId = verified.ok ? verified.accessKeyId : verified.accessKeyId;
  const s: SessionCredentials | undefined = keyId === undefined ? undefined : deps.iam.lookupAccessKey(keyId);
  if (!verified.ok || !s) {
    const error = verified.ok ? stsErrors.invalidClientTokenId() : verified.error;
    const why = verified.ok ? 'the session vanished' : verified.reason;
    run.push({ step: 'verify-signature', ok: false, detail: `${why}: ${error.message}` });
    recordGetCallerIdentity(deps.log, facts, s, error);
    return { ok: false, error, ...base };
  }
  run.push({ step: 'verify-signature', ok: true, detail: `signed by ${s.AccessKeyId} of ${s.assumedRoleArn}` });
  recordGetCallerIdentity(deps.log, facts, s, undefined);
  return { ok: true, result: { UserId: s.assumedRoleId, Account: s.accountId, Arn: s.assumedRoleArn }, ...base };
}
