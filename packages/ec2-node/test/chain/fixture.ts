/**
 * A small world for credential-chain tests: a SimNetwork with a fake STS
 * (real Query/XML wire format, credentials for any token, InvalidIdentityToken
 * for the token `bad`), the real IMDS of one node, a fake EKS Pod Identity
 * agent, and fake Pods (an env map, a files map, fetch as the Pod).
 */

import { DEFAULT_START_MS, EventLog, HOUR_MS, IdMaker, isoSeconds, Rng, SimClock } from '@irsa-lab/core';
import type { PodView } from '@irsa-lab/ec2-node';
import { createImds, type Imds, imdsHandlers, type MetadataOptions } from '@irsa-lab/imds';
import { type Caller, SimNetwork } from '@irsa-lab/net';
import { HttpResponse, http } from 'msw';

export const NODE_NAME = 'ip-10-0-1-23.us-west-2.compute.internal';
export const ACCOUNT = '111122223333';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app-reader`;
export const TOKEN_PATH = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';
export const POD_IDENTITY_TOKEN_PATH = '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token';
export const POD_IDENTITY_URI = 'http://169.254.170.23/v1/credentials';
export const NODE_ROLE_KEY = 'ASIANODEROLE00000001';
export const POD_IDENTITY_KEY = 'ASIAPODIDENTITY00001';
/** Wall-clock-future start for tests that run the real SDK (it compares expirations with Date.now()). */
export const FUTURE_START_MS = Date.UTC(2099, 0, 5, 9, 0, 0);

/** A Pod in its own network namespace: 2 hops from IMDS. */
export const POD_CALLER: Caller = {
  kind: 'pod',
  id: 'default/app-5d8f9',
  node: NODE_NAME,
  hostNetwork: false,
  hops: 2,
  vantage: 'vpc',
  sourceIp: '10.0.1.57',
};
/** A hostNetwork Pod: 1 hop from IMDS. */
export const HOST_POD_CALLER: Caller = { ...POD_CALLER, id: 'default/host-agent', hostNetwork: true, hops: 1 };

/** What the EKS webhook injects for IRSA (docs/reference.md#what-the-webhook-injects). */
export const IRSA_ENV: Readonly<Record<string, string>> = {
  AWS_STS_REGIONAL_ENDPOINTS: 'regional',
  AWS_DEFAULT_REGION: 'us-west-2',
  AWS_REGION: 'us-west-2',
  AWS_ROLE_ARN: ROLE_ARN,
  AWS_WEB_IDENTITY_TOKEN_FILE: TOKEN_PATH,
};

/** One AssumeRoleWithWebIdentity call as the fake STS saw it. */
export interface StsCall {
  readonly host: string;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly token: string;
  readonly accessKeyId?: string;
}

export interface FakePod extends PodView {
  readonly files: Map<string, string>;
}

export interface TestWorld {
  readonly clock: SimClock;
  readonly log: EventLog;
  readonly net: SimNetwork;
  readonly imds: Imds;
  readonly stsCalls: StsCall[];
  /** Authorization headers the Pod Identity agent saw. */
  readonly agentAuth: string[];
  pod(env: Readonly<Record<string, string>>, files?: Readonly<Record<string, string>>, caller?: Caller): FakePod;
}

const xml = (body: string) => new HttpResponse(body, { status: 200, headers: { 'Content-Type': 'text/xml' } });

function stsHandlers(host: string, clock: SimClock, calls: StsCall[]) {
  const arns = new Map<string, string>();
  return [
    http.post(`https://${host}/`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      if (form.get('Action') === 'GetCallerIdentity') {
        const key = /Credential=([^/]+)\//.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
        const arn = arns.get(key) ?? `arn:aws:sts::${ACCOUNT}:assumed-role/unknown/${key}`;
        return xml(
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AROAEXAMPLE:x</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
      }
      const call = {
        host,
        roleArn: form.get('RoleArn') ?? '',
        roleSessionName: form.get('RoleSessionName') ?? '',
        token: form.get('WebIdentityToken') ?? '',
      };
      if (call.token === 'bad') {
        calls.push(call);
        return new HttpResponse(
          '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>Incorrect token audience</Message></Error><RequestId>r-1</RequestId></ErrorResponse>',
          { status: 400, headers: { 'Content-Type': 'text/xml' } },
        );
      }
      const accessKeyId = `ASIASTSWEBID${String(calls.length + 1).padStart(8, '0')}`;
      calls.push({ ...call, accessKeyId });
      const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/app-reader/${call.roleSessionName}`;
      arns.set(accessKeyId, arn);
      return xml(
        `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>secret/${accessKeyId}</SecretAccessKey><SessionToken>session-${accessKeyId}</SessionToken><Expiration>${isoSeconds(clock.nowMs() + HOUR_MS)}</Expiration></Credentials><SubjectFromWebIdentityToken>system:serviceaccount:default:app</SubjectFromWebIdentityToken><AssumedRoleUser><Arn>${arn}</Arn><AssumedRoleId>AROAEXAMPLE:${call.roleSessionName}</AssumedRoleId></AssumedRoleUser><Audience>sts.amazonaws.com</Audience></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r-0</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`,
      );
    }),
  ];
}

function agentHandlers(clock: SimClock, seen: string[]) {
  return [
    http.get(POD_IDENTITY_URI, ({ request }) => {
      const auth = request.headers.get('authorization') ?? '';
      seen.push(auth);
      if (!auth.startsWith('pod-identity-')) return HttpResponse.json({ Message: 'invalid token' }, { status: 401 });
      return HttpResponse.json({
        AccessKeyId: POD_IDENTITY_KEY,
        SecretAccessKey: 'pod-identity-secret',
        Token: 'pod-identity-session',
        AccountId: ACCOUNT,
        Expiration: isoSeconds(clock.nowMs() + 6 * HOUR_MS),
      });
    }),
  ];
}

/** A fresh world; `metadataOptions` set the node's IMDS options. */
export function makeWorld(options: { startMs?: number; metadataOptions?: Partial<MetadataOptions> } = {}): TestWorld {
  const clock = new SimClock({ startMs: options.startMs ?? DEFAULT_START_MS });
  const log = new EventLog(clock);
  const net = new SimNetwork({ log });
  const imds = createImds({
    clock,
    ids: new IdMaker(new Rng(7)),
    log,
    instanceId: 'i-0abc123def4567890',
    nodeName: NODE_NAME,
    region: 'us-west-2',
    accountId: ACCOUNT,
    instanceProfile: {
      name: 'eks-node-profile',
      arn: `arn:aws:iam::${ACCOUNT}:instance-profile/eks-node-profile`,
      id: 'AIPAQX5EXAMPLEPROFILE',
      roleName: 'eks-node-role',
    },
    getRoleCredentials: () => ({
      AccessKeyId: NODE_ROLE_KEY,
      SecretAccessKey: 'node-role-secret',
      Token: 'node-role-session',
      ExpirationMs: clock.nowMs() + 6 * HOUR_MS,
      LastUpdatedMs: clock.nowMs(),
    }),
    ...(options.metadataOptions ? { metadataOptions: options.metadataOptions } : {}),
  });
  const stsCalls: StsCall[] = [];
  const agentAuth: string[] = [];
  net.addHost('169.254.169.254', imdsHandlers(imds), { node: NODE_NAME });
  net.addHost('169.254.170.23', agentHandlers(clock, agentAuth), { node: NODE_NAME });
  for (const host of ['sts.us-west-2.amazonaws.com', 'sts.amazonaws.com']) {
    net.addHost(host, stsHandlers(host, clock, stsCalls));
  }
  return {
    clock,
    log,
    net,
    imds,
    stsCalls,
    agentAuth,
    pod(env, files = {}, caller = POD_CALLER) {
      const fileMap = new Map(Object.entries(files));
      return {
        podKey: caller.id,
        container: 'app',
        caller,
        files: fileMap,
        env: () => env,
        readFile: (path) => fileMap.get(path),
        fetch: (request) => net.fetch(request, caller),
      };
    },
  };
}

/** The `imds.request` events so far, as `METHOD path vN status`. */
export function imdsRequests(log: EventLog): string[] {
  return log.all('imds.request').map(({ data: d }) => `${d.method} ${d.path} ${d.version} ${d.status}`);
}
