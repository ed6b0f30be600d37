/**
 * The token serve writes for a real client carries the claims a scenario's
 * token carries, `kubernetes.io.node` (name and uid) included: the default
 * world's Pods name no node, and the scheduler binds them to the only one
 * (pods/binding), as a cluster does before the kubelet asks for a token.
 */
import { readFileSync } from 'node:fs';
import { findScenario, ScenarioSession } from '@irsa-lab/scenarios';
import { serveWorld, type WorldServer } from '@irsa-lab/serve';
import type { World } from '@irsa-lab/world';
import { decodeJwt, type JWTPayload } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';

let server: WorldServer | undefined;
afterAll(async () => server?.close());

/** payments/billing-api's token file as serve writes it, found through the control API's pod env. */
async function servedToken(s: WorldServer): Promise<string> {
  const env = (await (await fetch(`${s.endpoints().control}/pods/payments/billing-api/env`)).json()) as Record<
    string,
    string
  >;
  return readFileSync(env.AWS_WEB_IDENTITY_TOKEN_FILE as string, 'utf8');
}

const TOKEN_PATH = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';

/** Every claim's path (`kubernetes.io.node.uid`), sorted; arrays are values. */
function claimPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value)
    .flatMap(([key, inner]) => claimPaths(inner, prefix === '' ? key : `${prefix}.${key}`))
    .sort();
}

/** payments/billing-api's IRSA token in the happy-path scenario, after its last step. */
async function scenarioClaims(): Promise<JWTPayload> {
  const scenario = findScenario('happy-path');
  if (!scenario) throw new Error('no happy-path scenario');
  const session = await ScenarioSession.start(scenario, 42);
  await session.runAll();
  const world = session.world as World;
  const token = world.nodeOf('payments', 'billing-api').podView('payments', 'billing-api').readFile(TOKEN_PATH);
  if (token === undefined) throw new Error(`happy-path's billing-api has no ${TOKEN_PATH}`);
  return decodeJwt(token);
}

describe('serve-mode tokens', () => {
  it("carry the same claims as a scenario's token, the node's name and uid included", async () => {
    server = await serveWorld({ seed: 42 });
    const claims = decodeJwt(await servedToken(server));
    expect(claimPaths(claims)).toEqual(claimPaths(await scenarioClaims()));
    const node = (claims['kubernetes.io'] as { node?: { name: string; uid: string } }).node;
    expect(node).toEqual({
      name: 'ip-10-0-1-10.us-west-2.compute.internal',
      uid: server.world.api.get('Node', undefined, 'ip-10-0-1-10.us-west-2.compute.internal').metadata.uid,
    });
  });
});
