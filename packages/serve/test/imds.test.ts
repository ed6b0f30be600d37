/**
 * Each Pod's IMDS listener answers as IMDS would for that Pod from where it
 * sits: with hop limit 1 the token PUT's response never reaches a Pod in its
 * own network namespace (the listener never answers; the client's own
 * timeout fires) but does reach a hostNetwork Pod; node rules apply too.
 */
import { describe, expect, it } from 'vitest';
import { served } from './helpers.js';

const TOKEN_PUT = { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' } };

/**
 * How long a request that is answered may take: long, as a busy machine may
 * be slow. A dropped one is never answered, so waiting for it only needs to
 * be long enough to see that (it is the client's own timeout firing).
 */
const ANSWERED_MS = 120_000;
const DROPPED_MS = 400;

async function outcome(url: string, init: RequestInit, waitMs = ANSWERED_MS): Promise<string> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(waitMs) });
    return `${res.status}`;
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return cause ?? (err as Error).name;
  }
}

async function apply(control: string, body: string): Promise<void> {
  const res = await fetch(`${control}/apply`, { method: 'POST', body });
  if (res.status !== 200) throw new Error(await res.text());
}

const NODE =
  'apiVersion: irsa-lab.dev/v1\nkind: Node\nmetadata:\n  name: ip-10-0-1-10.us-west-2.compute.internal\nspec:\n  instanceRole: demo-node-role\n';

describe('per-Pod IMDS listeners', () => {
  it('gives every Pod the node role with hop limit 2, and drops the token response to pod-network Pods with hop limit 1', async () => {
    const server = await served();
    const { imds, control } = server.endpoints();
    const frontend = imds['web/frontend'] as string;
    const agent = imds['kube-system/node-agent'] as string;
    expect(await outcome(`${frontend}/latest/api/token`, TOKEN_PUT)).toBe('200');
    const role = await (await fetch(`${frontend}/latest/meta-data/iam/security-credentials/`)).text();
    expect(role).toBe('demo-node-role');

    await apply(control, `${NODE}  imds:\n    httpPutResponseHopLimit: 1\n`);
    expect(await outcome(`${frontend}/latest/api/token`, TOKEN_PUT, DROPPED_MS)).toBe('TimeoutError');
    expect(await outcome(`${agent}/latest/api/token`, TOKEN_PUT)).toBe('200');
    // IMDSv1 is not limited by the hop limit while tokens are optional
    expect(await outcome(`${frontend}/latest/meta-data/iam/security-credentials/`, {})).toBe('200');
  });

  it('applies node rules: a REJECT rule resets pod-network Pods, hostNetwork Pods are not filtered', async () => {
    const server = await served();
    const { imds, control } = server.endpoints();
    await apply(control, `${NODE}  rules:\n    - kind: block-imds-from-pods\n      action: REJECT\n`);
    expect(await outcome(`${imds['web/frontend']}/latest/meta-data/`, {})).toBe('ECONNRESET');
    expect(await outcome(`${imds['kube-system/node-agent']}/latest/meta-data/`, {})).toBe('200');
  });
});
