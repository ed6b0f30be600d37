/**
 * Found by the isolation property (shrunk counterexample: one pod, one
 * rotation, the clock moved to exactly exp + 300 s): the issuer removes a
 * retired key from the JWKS at exp + 300 s to the millisecond, while STS
 * rejects a token only when exp + 300 < now, i.e. it still accepts it for
 * that whole second. A token STS calls unexpired then fails with
 * "Couldn't retrieve verification key" when STS fetches the JWKS afresh.
 * properties.test.ts pins it as an expected failure until the
 * simulation is fixed (oidc-issuer's retention or STS's leeway).
 */
import { createIrsaRole, createWorld, moveTime, registerOidcProvider } from '@irsa-lab/world';

/**
 * A one-hour token, its key rotated out at once, the clock moved to `msAfterLastSecond`
 * after (exp + 300) s, then presented to a cold STS: `issued`, or the error and why.
 */
export async function exchangeAroundRetentionEdge(msAfterLastSecond: number): Promise<string> {
  const world = await createWorld({ seed: 1 });
  registerOidcProvider(world);
  const roleArn = createIrsaRole(world, { roleName: 'app', namespace: 'payments', serviceAccount: 'app' });
  await world.api.apply(
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: payments\n',
    'app.yaml',
  );
  const { token, claims } = await world.api.createToken('payments', 'app', {
    audiences: ['sts.amazonaws.com'],
    expirationSeconds: 3600,
  });
  world.issuer.rotate();
  await moveTime(world, (claims.exp + 300) * 1000 + msAfterLastSecond);
  const answer = await world.sts.assumeRoleWithWebIdentity({
    RoleArn: roleArn,
    RoleSessionName: 'edge',
    WebIdentityToken: token,
  });
  return answer.ok ? 'issued' : `${answer.error.code}: ${answer.trace.at(-1)?.detail}`;
}
