/**
 * token-refresh: the kubelet rewrites the projected token at 80% of its
 * TTL; role credentials last an hour and the SDK refreshes them 5 minutes
 * early, re-reading the token file each time; an app that read the token
 * once at start-up gets ExpiredTokenException from STS a day later.
 */

import { IRSA_TOKEN_PATH, MINUTE_MS } from '@irsa-lab/core';
import {
  type ChainCredentials,
  type ChainResult,
  type CredentialChain,
  createCredentialChain,
} from '@irsa-lab/ec2-node';
import type { World } from '@irsa-lab/world';
import { moveTime } from '@irsa-lab/world';
import type { Panel, ScenarioDef } from '../../engine/types.js';
import { check, tokenPanel } from '../../panels/panels.js';
import { billingReaderArn, billingReaderWorld, startBillingApi } from '../kit/billing.js';
import { resolveChain } from '../kit/chain.js';
import { webIdentityRecords } from '../kit/cloudtrail.js';
import { credentialsLane, durationText, keptTokenLane, tokenLane } from '../kit/lanes.js';
import { APP_CODE, assumeRoleWithWebIdentity } from '../kit/sts.js';
import { inspect, irsaTokenEntry, readToken } from '../kit/tokens.js';
import { IMDS_OPEN, podView } from '../kit/worlds.js';

const NS = 'payments';
const POD = 'billing-api';
const POD_KEY = `${NS}/${POD}`;

interface Held {
  chain: CredentialChain;
  /** The token string the hand-written start-up code kept. */
  appToken: string;
  /** Issue and expiry of the credentials the SDK holds. */
  credsIssuedAtMs: number;
  credsExpireAtMs: number;
}

const tokenEntry = (world: World) => irsaTokenEntry(world, NS, POD);

/** Note the credentials a refresh produced (not cached ones), for the timeline; returns the chain's credentials. */
function noteCredentials(world: World, h: Held, result: ChainResult): ChainCredentials | undefined {
  const credentials = result.ok ? result.credentials : undefined;
  if (result.ok && !result.fromCache && credentials?.expirationMs)
    Object.assign(h, { credsIssuedAtMs: world.clock.nowMs(), credsExpireAtMs: credentials.expirationMs });
  return credentials;
}

/** The token (kubelet), the SDK's credentials and the app's kept token against the clock. */
function timeline(world: World, h?: Held): Panel {
  const lanes = [tokenLane(world, 'token file (kubelet)', NS, POD)];
  if (h) {
    lanes.push(credentialsLane('credentials (SDK)', h.credsIssuedAtMs, h.credsExpireAtMs));
    lanes.push(keptTokenLane('token kept by the app', h.appToken));
  }
  return {
    kind: 'timeline',
    title: 'Lifetimes',
    nowMs: world.clock.nowMs(),
    lanes: lanes.flatMap((l) => (l ? [l] : [])),
  };
}

/** What the steps share: the token the app kept, the SDK chain with its credentials' lifetime, the first access key, and the jti of the kubelet's second token. */
type State = { appToken: string; held: Held; firstKey?: string; secondJti: string };

export const tokenRefresh: ScenarioDef<World, State> = {
  id: 'token-refresh',
  title: 'Token refresh: the kubelet, the SDK, and an app that cached its token',
  group: 'time',
  goal: 'Follow a day of token rewrites and credential refreshes, and an app that read its token only once',
  lesson:
    'The kubelet rewrites the token at 80% of its TTL and role credentials expire after an hour; the SDK refreshes 5 minutes early and re-reads the file. Code that keeps the token it read at start-up fails once the token expires.',
  sources: [
    { label: 'Reference: kubelet token refresh', href: 'docs/reference.md#kubelet-token-refresh' },
    { label: 'Reference: SDK credential refresh windows', href: 'docs/reference.md#credential-refresh-windows' },
    {
      label: 'STS API reference, AssumeRoleWithWebIdentity',
      href: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html',
    },
    {
      label: 'IAM user guide, OIDC federation (5 minutes of clock skew past exp)',
      href: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html',
    },
  ],
  simplifications: [
    'The pod sets automountServiceAccountToken: false so only the IRSA token is on the timeline.',
    'Inside its 5-minute window the real JS SDK refreshes in the background and keeps handing out the old (still valid) credentials until the refresh returns; the model waits for the refresh and returns the new ones.',
    'The "app" is the few lines that read the token file once and call STS with that string; its container is the same as the SDK\'s.',
  ],
  setup: (seed) => billingReaderWorld(seed, { metadataOptions: IMDS_OPEN, instanceRolePolicies: {} }),
  steps: [
    {
      id: 'pod-starts',
      title: 'The pod starts: a 24-hour token, refresh due at 80%',
      narration:
        "The webhook asked for a token of 86400 s. The kubelet writes it and schedules its renewal once 80% of the lifetime has passed (19.2 h, less up to 10 s of jitter). Meanwhile the app's start-up code reads the token file once and keeps the string.",
      async run({ world, state }) {
        const roleArn = billingReaderArn(world);
        await startBillingApi(world, roleArn, { automount: false });
        const token = readToken(world, NS, POD);
        const entry = tokenEntry(world);
        const ttlMs = (entry?.expiresAtMs ?? 0) - (entry?.issuedAtMs ?? 0);
        const dueAfterMs = (entry?.nextRefreshAtMs ?? 0) - (entry?.issuedAtMs ?? 0);
        state.appToken = token;
        // kubelet renews once now > 80% of TTL − jitter (0–9 s): the timer fires 1 ms past that instant
        const inWindow = dueAfterMs <= 0.8 * ttlMs + 1 && dueAfterMs >= 0.8 * ttlMs - 10_000;
        return {
          action:
            'kubectl apply -f billing-api.yaml; const APP_TOKEN = readFileSync(process.env.AWS_WEB_IDENTITY_TOKEN_FILE)   // once, at start-up',
          outcome: 'info',
          summary: `Token valid ${durationText(ttlMs)}; the kubelet will rewrite it after ${durationText(dueAfterMs)}.`,
          panels: [tokenPanel(IRSA_TOKEN_PATH, token), timeline(world)],
          checks: [
            check('token lifetime', '86400 s', `${ttlMs / 1000} s`),
            check('refresh due at 80% of TTL (less jitter)', 'yes', inWindow ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'first-credentials',
      title: 'The SDK exchanges the token for one-hour credentials',
      narration:
        "The app's AWS client uses the SDK default chain: fromTokenFile reads the file and calls AssumeRoleWithWebIdentity without DurationSeconds, so STS returns credentials valid 3600 s. The SDK keeps them and will refresh them 5 minutes before they expire.",
      async run({ world, state }) {
        const chain = createCredentialChain(podView(world, NS, POD), {
          sdk: 'js-v3',
          clock: world.clock,
          log: world.log,
          region: world.region,
        });
        const got = await resolveChain(world, chain, POD_KEY);
        const issuedAtMs = world.clock.nowMs();
        const expMs = got.result.ok ? (got.result.credentials.expirationMs ?? issuedAtMs) : issuedAtMs;
        state.held = { chain, appToken: state.appToken, credsIssuedAtMs: issuedAtMs, credsExpireAtMs: expMs };
        state.firstKey = got.result.ok ? got.result.credentials.accessKeyId : undefined;
        return {
          action: 'new S3Client({}) → SDK default chain (fromTokenFile → sts:AssumeRoleWithWebIdentity)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `Credentials for ${got.roleArn ?? 'no role'}, valid ${durationText(expMs - issuedAtMs)}.`,
          panels: [...got.panels, timeline(world, state.held)],
          decision: got.decision,
          checks: [
            check('role obtained', billingReaderArn(world), got.roleArn),
            check('credential lifetime', '3600 s', `${(expMs - issuedAtMs) / 1000} s`),
          ],
        };
      },
    },
    {
      id: 'sdk-refresh',
      title: 'With under 5 minutes left the SDK refreshes, re-reading the file',
      narration:
        'At 54 minutes the SDK still hands out its cached credentials. Once fewer than 5 minutes are left (here at 56 minutes) it treats them as expired, runs the chain again, re-reads the token file and calls STS again.',
      async run({ world, state }) {
        const h = state.held;
        await moveTime(world, h.credsExpireAtMs - 6 * MINUTE_MS);
        const cached = await h.chain.resolve();
        await moveTime(world, h.credsExpireAtMs - 4 * MINUTE_MS);
        const got = await resolveChain(world, h.chain, POD_KEY);
        const reads = got.result.trace.find((a) => a.provider === 'fromTokenFile')?.reads ?? [];
        const fresh = noteCredentials(world, h, got.result);
        return {
          action: 'await s3.send(...)  # the SDK checks its credentials before every call',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `At 54 min: cached credentials; at 56 min: new credentials ${fresh?.accessKeyId ?? '(none)'}.`,
          panels: [...got.panels, timeline(world, h)],
          decision: got.decision,
          checks: [
            check('at 54 min: from cache', 'yes', cached.ok && cached.fromCache ? 'yes' : 'no'),
            check('at 56 min: refreshed', 'yes', got.result.ok && !got.result.fromCache ? 'yes' : 'no'),
            check('new access key', 'yes', fresh && fresh.accessKeyId !== state.firstKey ? 'yes' : 'no'),
            check('token file re-read', 'yes', reads.includes(IRSA_TOKEN_PATH) ? 'yes' : 'no'),
          ],
        };
      },
    },
    {
      id: 'kubelet-rewrite',
      title: 'At 80% of its lifetime the kubelet writes a new token',
      narration:
        "19.2 hours after the first token, the kubelet requests a new one and rewrites the file in place. The old token is still valid for 4.8 hours; the app's kept copy is now the old one.",
      async run({ world, state }) {
        await moveTime(world, tokenEntry(world)?.nextRefreshAtMs ?? world.clock.nowMs());
        const token = readToken(world, NS, POD);
        const now = inspect(token).claims;
        const kept = inspect(state.held.appToken).claims;
        state.secondJti = now.jti ?? '';
        return {
          action: `cat ${IRSA_TOKEN_PATH}`,
          outcome: 'info',
          summary: `New token ${String(now.jti).slice(0, 8)}… issued ${durationText(world.clock.nowMs() - Number(kept.iat) * 1000)} after the first; the first is valid until ${new Date(Number(kept.exp) * 1000).toISOString()}.`,
          panels: [tokenPanel(`${IRSA_TOKEN_PATH} (rewritten)`, token), timeline(world, state.held)],
          checks: [
            check('file holds a new token', 'yes', now.jti !== kept.jti ? 'yes' : 'no'),
            check('issued now', String(Math.floor(world.clock.nowMs() / 1000)), String(now.iat)),
            check('kubelet writes of this token file', '2', String(tokenEntry(world)?.writes)),
          ],
        };
      },
    },
    {
      id: 'sdk-uses-new-token',
      title: "The SDK's next refresh sends the new token",
      narration:
        'The credentials the SDK holds expired long ago, so the next AWS call runs the chain again. fromTokenFile reads the file as it is now: STS receives the new token (CloudTrail links the call to its jti).',
      async run({ world, state }) {
        const h = state.held;
        const got = await resolveChain(world, h.chain, POD_KEY);
        const fresh = noteCredentials(world, h, got.result);
        return {
          action: 'await s3.send(...)',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: `STS received token ${state.secondJti.slice(0, 8)}… and returned ${fresh?.accessKeyId ?? 'nothing'}.`,
          panels: [...got.panels, timeline(world, h)],
          decision: got.decision,
          checks: [
            check('refreshed', 'yes', got.result.ok && !got.result.fromCache ? 'yes' : 'no'),
            check('token sent (jti)', state.secondJti, webIdentityRecords(world).at(-1)?.irsaLab.tokenJti),
          ],
        };
      },
    },
    {
      id: 'kept-token-expires',
      title: 'A day later the kept token fails: ExpiredTokenException',
      kind: 'break',
      narration:
        "The app's own code calls STS with the token it read at start-up. STS allows 5 minutes of clock skew past exp: 4 minutes after expiry the call still works; 6 minutes after, STS answers ExpiredTokenException. The file had a fresh token all along.",
      async run({ world, state }) {
        const h = state.held;
        const roleArn = billingReaderArn(world);
        const expMs = Number(inspect(h.appToken).claims.exp) * 1000;
        const call = { roleArn, token: h.appToken, sessionName: 'billing-app' };
        await moveTime(world, expMs + 4 * MINUTE_MS);
        const inLeeway = await assumeRoleWithWebIdentity(world, APP_CODE, podView(world, NS, POD), call);
        await moveTime(world, expMs + 6 * MINUTE_MS);
        const late = await assumeRoleWithWebIdentity(world, APP_CODE, podView(world, NS, POD), call);
        // both calls: the one inside the leeway and the refused one
        const records = webIdentityRecords(world).slice(-2);
        const record = records.at(-1);
        return {
          action:
            "await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn, RoleSessionName: 'billing-app', WebIdentityToken: APP_TOKEN }))",
          outcome: late.ok ? 'allowed' : 'denied',
          summary: `exp + 4 min: ${inLeeway.ok ? 'accepted' : inLeeway.code}; exp + 6 min: ${late.code ?? 'accepted'}: ${late.message ?? ''}`,
          panels: [{ kind: 'cloudtrail', title: 'CloudTrail', records }, timeline(world, h)],
          decision: late.decision,
          checks: [
            check('exp + 4 min (within the leeway)', 'accepted', inLeeway.ok ? 'accepted' : inLeeway.code),
            check('exp + 6 min', 'ExpiredTokenException', late.code),
            check('CloudTrail errorCode', 'ExpiredTokenException', record?.errorCode),
          ],
        };
      },
    },
    {
      id: 'sdk-still-fine',
      title: 'Fix: let the SDK chain read the file',
      kind: 'fix',
      narration:
        'At the same moment the SDK chain in the same pod is fine: it never keeps the token, it re-reads the file the kubelet keeps fresh. The fix for the app is to drop its own copy and use the default chain (or re-read the file on every call).',
      async run({ world, state }) {
        const h = state.held;
        const got = await resolveChain(world, h.chain, POD_KEY);
        noteCredentials(world, h, got.result);
        const fileJti = String(inspect(readToken(world, NS, POD)).claims.jti);
        return {
          action: 'new STSClient({}) / new S3Client({})  # default chain, no token of its own',
          outcome: got.result.ok ? 'allowed' : 'denied',
          summary: got.result.ok
            ? `The SDK holds valid credentials for ${got.roleArn}.`
            : `No credentials: ${got.result.error.code}`,
          panels: [...got.panels, timeline(world, h)],
          decision: got.decision,
          checks: [
            check(
              'SDK credentials',
              'valid',
              got.result.ok && (got.result.credentials.expirationMs ?? 0) > world.clock.nowMs() ? 'valid' : 'none',
            ),
            check('last token sent is the file', fileJti, webIdentityRecords(world).at(-1)?.irsaLab.tokenJti),
          ],
        };
      },
    },
  ],
};
