/**
 * explainReachability agrees with the handlers: for each caller distance,
 * http-tokens, hop limit and endpoint state, do what an SDK does through the
 * simulated network (token PUT, whose response the network drops past its IP
 * TTL; then a GET with the token, or without one) and compare what happened
 * with what the truth table predicts.
 */

import { explainReachability, type MetadataOptions } from '@irsa-lab/imds';
import type { Caller } from '@irsa-lab/net';
import { describe, expect, it } from 'vitest';
import { HOST_POD, makeInstance, POD, ROLE_NAME } from './fixture.js';

const CREDS_PATH = `/latest/meta-data/iam/security-credentials/${ROLE_NAME}`;

const cases = [HOST_POD, POD].flatMap((caller) =>
  (['optional', 'required'] as const).flatMap((httpTokens) =>
    [1, 2].flatMap((httpPutResponseHopLimit) =>
      (['enabled', 'disabled'] as const).map((httpEndpoint) => ({
        caller,
        options: { httpTokens, httpPutResponseHopLimit, httpEndpoint } satisfies MetadataOptions,
      })),
    ),
  ),
);

type Fetch = ReturnType<typeof makeInstance>['fetch'];

/** The token PUT through the network, or 'dropped' when the network let its response's IP TTL run out. */
async function putToken(fetch: Fetch, caller: Caller): Promise<Response | 'dropped'> {
  const init = { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' } };
  try {
    return await fetch('/latest/api/token', init, caller);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'NET_TIMEOUT') return 'dropped';
    throw err;
  }
}

async function observe(options: MetadataOptions, caller: Caller) {
  const { fetch } = makeInstance({ metadataOptions: options });
  const put = await putToken(fetch, caller);
  if (put !== 'dropped' && put.status !== 200 && put.status !== 403) {
    throw new Error(`unexpected token PUT status ${put.status}`);
  }
  const v2Token = put === 'dropped' ? 'dropped' : put.status === 403 ? 'refused' : 'ok';
  const v1Response = await fetch(CREDS_PATH, {}, caller);
  const v1 = v1Response.status === 200 ? 'ok' : 'refused';
  let credentials = v1 === 'ok';
  if (put !== 'dropped' && v2Token === 'ok') {
    const withToken = await fetch(CREDS_PATH, { headers: { 'X-aws-ec2-metadata-token': await put.text() } }, caller);
    credentials ||= withToken.status === 200;
  }
  return { v2Token, v1, credentials, v1Status: v1Response.status };
}

describe('explainReachability agrees with the handlers', () => {
  it('covers 16 combinations', () => {
    expect(cases).toHaveLength(16);
  });

  it.each(cases)('$caller.id with $options', async ({ caller, options }) => {
    const hostNetwork = caller.hostNetwork ?? false;
    const predicted = explainReachability(options, { hops: caller.hops, hostNetwork });
    const { v1Status, ...observed } = await observe(options, caller);
    expect(observed).toEqual({ v2Token: predicted.v2Token, v1: predicted.v1, credentials: predicted.credentials });
    // refusals use the status the reference gives: 403 when IMDS is off, 401 when v1 is refused
    if (predicted.v1 === 'refused') expect(v1Status).toBe(options.httpEndpoint === 'disabled' ? 403 : 401);
  });
});
