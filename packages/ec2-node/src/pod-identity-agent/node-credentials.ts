/**
 * The node role's credentials as the Pod Identity agent gets them: the AWS
 * SDK for Go v2's default chain on the node ends at IMDS (the agent's
 * DaemonSet sets no other source; aws/eks-pod-identity-agent
 * internal/cloud/eksauth/service.go), so it asks the node's own IMDS over
 * the network, as the node (one hop): an IMDSv2 token, the role name, then
 * its credentials, kept until five minutes before they expire.
 */
import { isSimError } from '@irsa-lab/core';
import type { Caller, SimNetwork } from '@irsa-lab/net';

const IMDS = 'http://169.254.169.254';
const ROLE_PATH = '/latest/meta-data/iam/security-credentials/';
const EARLY_MS = 5 * 60_000;

/** Credentials to sign with. */
export interface NodeCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expirationMs: number;
}

/** The node's credentials, or why there are none (the SDK's error text the agent would answer with). */
export type NodeCredentialsResult = { ok: true; credentials: NodeCredentials } | { ok: false; message: string };

async function get(
  net: SimNetwork,
  caller: Caller,
  url: string,
  init: RequestInit,
): Promise<{ status: number; text: string } | string> {
  try {
    const response = await net.fetch(new Request(url, init), caller);
    return { status: response.status, text: await response.text() };
  } catch (err) {
    return isSimError(err) ? `${err.code}: ${err.message}` : String(err);
  }
}

/** Reads (and keeps) the node role's credentials from the node's IMDS. */
export class NodeCredentialsSource {
  #cached: NodeCredentials | undefined;

  constructor(
    private readonly net: SimNetwork,
    private readonly caller: Caller,
    private readonly nowMs: () => number,
  ) {}

  async get(): Promise<NodeCredentialsResult> {
    if (this.#cached && this.nowMs() < this.#cached.expirationMs - EARLY_MS)
      return { ok: true, credentials: this.#cached };
    const fail = (why: string): NodeCredentialsResult => ({
      ok: false,
      message: `failed to refresh cached credentials, no EC2 IMDS role found, ${why}`,
    });
    const token = await get(this.net, this.caller, `${IMDS}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' },
    });
    if (typeof token === 'string' || token.status !== 200)
      return fail(typeof token === 'string' ? token : `token PUT answered ${token.status}`);
    const headers = { 'x-aws-ec2-metadata-token': token.text };
    const role = await get(this.net, this.caller, `${IMDS}${ROLE_PATH}`, { headers });
    if (typeof role === 'string' || role.status !== 200)
      return fail(typeof role === 'string' ? role : `${ROLE_PATH} answered ${role.status}`);
    const name = role.text.split('\n')[0]?.trim() ?? '';
    const creds = await get(this.net, this.caller, `${IMDS}${ROLE_PATH}${name}`, { headers });
    if (typeof creds === 'string' || creds.status !== 200)
      return fail(typeof creds === 'string' ? creds : `credentials answered ${creds.status}`);
    let json: { AccessKeyId?: string; SecretAccessKey?: string; Token?: string; Expiration?: string };
    try {
      json = JSON.parse(creds.text);
    } catch {
      return fail('the credentials are not JSON');
    }
    const { AccessKeyId, SecretAccessKey, Token, Expiration } = json;
    if (!AccessKeyId || !SecretAccessKey || !Token || !Expiration) return fail('the credentials are incomplete');
    this.#cached = {
      accessKeyId: AccessKeyId,
      secretAccessKey: SecretAccessKey,
      sessionToken: Token,
      expirationMs: Date.parse(Expiration),
    };
    return { ok: true, credentials: this.#cached };
  }
}
