/** Shared set-up for the serve-mode tests: a served default world, closed after each test. */
import { readFileSync } from 'node:fs';
import type { Clock } from '@irsa-lab/core';
import { serveWorld, type WorldServer } from '@irsa-lab/serve';
import { onTestFinished } from 'vitest';

/**
 * Serve the default world, closed when the test ends (its listeners and its token files' directory). Not with
 * an `afterEach` of this module: a worker keeps the module from one test file to the next, so such a hook ran
 * in the first file only, and every later file's servers stayed open.
 */
export async function served(options: { wall?: Clock; worldText?: string } = {}): Promise<WorldServer> {
  const server = await serveWorld({ seed: 42, ...options });
  onTestFinished(() => server.close());
  return server;
}

/** A wall clock the test moves by hand. */
export function fakeWall(startMs = Date.UTC(2026, 0, 5, 9)): Clock & { advance(ms: number): void } {
  let now = startMs;
  return {
    nowMs: () => now,
    advance(ms) {
      now += ms;
    },
  };
}

/** The form body of AssumeRoleWithWebIdentity for `roleArn` with `token`. */
export function assumeBody(roleArn: string, token: string, session = 'test-session'): string {
  return new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: session,
    WebIdentityToken: token,
  }).toString();
}

/** POST a form to STS. */
export async function postSts(server: WorldServer, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.endpoints().sts}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  return { status: res.status, text: await res.text() };
}

/** The XML element's text, e.g. `Code` of an ErrorResponse. */
export function xmlText(xml: string, element: string): string | undefined {
  return new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml)?.[1];
}

/** payments/billing-api's env and the token its file holds now. */
export async function billing(server: WorldServer): Promise<{ env: Record<string, string>; token: string }> {
  const env = (await (await fetch(`${server.endpoints().control}/pods/payments/billing-api/env`)).json()) as Record<
    string,
    string
  >;
  return { env, token: readFileSync(env.AWS_WEB_IDENTITY_TOKEN_FILE as string, 'utf8') };
}

/** The `kid` in a JWT's header. */
export function kidOf(jwt: string): string {
  return JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString()).kid;
}
