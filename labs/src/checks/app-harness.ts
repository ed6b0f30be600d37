/**
 * The container around the learner's app (lab 8): its environment and files
 * as the pod sees them, and STS AssumeRoleWithWebIdentity sent from the pod
 * over the simulated network (unsigned Query POST, XML back), with a record
 * of each call and the token it carried.
 */
import { stsRegionalHost } from '@irsa-lab/core';
import type { PodView } from '@irsa-lab/ec2-node';
import type { World } from '@irsa-lab/world';
import { decodeJwt } from 'jose';

/** What the learner's app is handed (the contract in app.ts). */
export interface AppEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): string;
  assumeRoleWithWebIdentity(input: { RoleArn: string; RoleSessionName: string; WebIdentityToken: string }): Promise<{
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
    expirationMs: number;
  }>;
  now(): number;
}

/** One call the app made to STS. */
export interface StsCallRecord {
  readonly atMs: number;
  readonly token: string;
  readonly status: number;
  readonly code?: string;
  readonly message?: string;
}

/** An STS error as the SDK raises it: `name` is the error code. */
class StsServiceError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

const tag = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>([^<]*)</${name}>`)
    .exec(xml)?.[1]
    ?.replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The app's environment inside `view`, recording every STS call in `calls`. */
export function appEnvironment(world: World, view: PodView, calls: StsCallRecord[]): AppEnvironment {
  return {
    env: { ...view.env() },
    readFile(path) {
      const text = view.readFile(String(path));
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
    async assumeRoleWithWebIdentity(input) {
      const body = new URLSearchParams({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: String(input.RoleArn),
        RoleSessionName: String(input.RoleSessionName),
        WebIdentityToken: String(input.WebIdentityToken),
      });
      const response = await view.fetch(
        new Request(`https://${stsRegionalHost(world.region)}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: body.toString(),
        }),
      );
      const xml = await response.text();
      const atMs = world.clock.nowMs();
      if (response.status !== 200) {
        const code = tag(xml, 'Code') ?? `HTTP${response.status}`;
        const message = tag(xml, 'Message') ?? '';
        calls.push({ atMs, token: String(input.WebIdentityToken), status: response.status, code, message });
        throw new StsServiceError(code, message);
      }
      calls.push({ atMs, token: String(input.WebIdentityToken), status: 200 });
      return {
        accessKeyId: tag(xml, 'AccessKeyId') ?? '',
        secretAccessKey: tag(xml, 'SecretAccessKey') ?? '',
        sessionToken: tag(xml, 'SessionToken') ?? '',
        expirationMs: Date.parse(tag(xml, 'Expiration') ?? ''),
      };
    },
    now: () => world.clock.nowMs(),
  };
}

/** iat and exp of a token, in epoch ms (undefined when it cannot be decoded). */
export function tokenTimes(token: string): { iatMs: number; expMs: number } | undefined {
  try {
    const c = decodeJwt(token);
    return typeof c.iat === 'number' && typeof c.exp === 'number'
      ? { iatMs: c.iat * 1000, expMs: c.exp * 1000 }
      : undefined;
  } catch {
    return undefined;
  }
}
