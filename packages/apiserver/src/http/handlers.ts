/**
 * The apiserver on the simulated network (msw handlers): the TokenRequest
 * subresource and reads of ServiceAccounts and Pods, speaking Kubernetes
 * JSON and answering every error with a Status object.
 */

import { isoSeconds } from '@irsa-lab/core';
import { http, readTextLimited } from '@irsa-lab/net';
import { type HttpHandler, HttpResponse } from 'msw';
import type { ApiServer } from '../api-server.js';
import { isPlainObject } from '../lib/json.js';
import { invalid, invalidValue } from '../lib/k8s-errors.js';
import type { BoundObjectReference, TokenRequestSpec } from '../token/create-token.js';
import { failureStatus, type KubernetesStatus, statusFromError } from './status.js';

/** Where the handlers answer. */
export interface ApiServerHandlerOptions {
  /** The cluster endpoint, e.g. `https://0123ABCD.gr7.us-west-2.eks.amazonaws.com`. */
  readonly baseUrl: string;
  /** Largest request body accepted. Default 64 KiB. */
  readonly maxBodyBytes?: number;
}

/** Default request body limit. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

function statusResponse(status: KubernetesStatus): Response {
  return HttpResponse.json(status, { status: status.code });
}

function param(value: string | readonly string[] | undefined): string {
  return typeof value === 'string' ? value : '';
}

const CANNOT_HANDLE = 'TokenRequest in version "v1" cannot be handled as a TokenRequest';

function cannotHandle(detail: string): KubernetesStatus {
  return failureStatus(400, 'BadRequest', `${CANNOT_HANDLE}: ${detail}`);
}

/** Decode a TokenRequest body into a spec, or the Status to answer with. */
function decodeTokenRequest(body: unknown, ns: string, name: string): TokenRequestSpec | KubernetesStatus {
  if (!isPlainObject(body)) return cannotHandle('the body is not a JSON object');
  if (
    (body.kind ?? 'TokenRequest') !== 'TokenRequest' ||
    (body.apiVersion ?? 'authentication.k8s.io/v1') !== 'authentication.k8s.io/v1'
  ) {
    return cannotHandle(`unexpected kind ${JSON.stringify(body.kind)} in ${JSON.stringify(body.apiVersion)}`);
  }
  const meta = isPlainObject(body.metadata) ? body.metadata : {};
  if (typeof meta.name === 'string' && meta.name !== '' && meta.name !== name) {
    return statusFromError(
      invalid('TokenRequest.authentication.k8s.io', name, [
        invalidValue('metadata.name', meta.name, 'must match the service account name if specified'),
      ]),
    );
  }
  if (typeof meta.namespace === 'string' && meta.namespace !== '' && meta.namespace !== ns) {
    return statusFromError(
      invalid('TokenRequest.authentication.k8s.io', name, [
        invalidValue('metadata.namespace', meta.namespace, 'must match the service account namespace if specified'),
      ]),
    );
  }
  const spec = body.spec ?? {};
  if (!isPlainObject(spec)) return cannotHandle('json: cannot unmarshal spec: expected an object');
  const { audiences, expirationSeconds, boundObjectRef } = spec;
  if (audiences != null && !(Array.isArray(audiences) && audiences.every((a) => typeof a === 'string'))) {
    return cannotHandle('json: cannot unmarshal spec.audiences: expected an array of strings');
  }
  if (expirationSeconds != null && !Number.isSafeInteger(expirationSeconds)) {
    return cannotHandle('json: cannot unmarshal spec.expirationSeconds: expected an int64');
  }
  let ref: BoundObjectReference | undefined;
  if (boundObjectRef != null) {
    const ok =
      isPlainObject(boundObjectRef) &&
      ['kind', 'name', 'uid', 'apiVersion'].every(
        (k) => boundObjectRef[k] === undefined || typeof boundObjectRef[k] === 'string',
      );
    if (!ok) return cannotHandle('json: cannot unmarshal spec.boundObjectRef: expected an object of strings');
    ref = boundObjectRef as unknown as BoundObjectReference;
  }
  return {
    ...(audiences != null ? { audiences: audiences as string[] } : {}),
    ...(expirationSeconds != null ? { expirationSeconds: expirationSeconds as number } : {}),
    ...(ref ? { boundObjectRef: { ...ref, kind: ref.kind ?? '', name: ref.name ?? '' } } : {}),
  };
}

async function tokenRequest(
  api: ApiServer,
  request: Request,
  ns: string,
  name: string,
  limit: number,
): Promise<Response> {
  const text = await readTextLimited(request, limit);
  if (text === undefined)
    return statusResponse(failureStatus(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`));
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch (err) {
    return statusResponse(
      failureStatus(400, 'BadRequest', `couldn't get version/kind; json parse error: ${(err as Error).message}`),
    );
  }
  const spec = decodeTokenRequest(body, ns, name);
  if ('kind' in spec) return statusResponse(spec);
  const result = await api.createToken(ns, name, spec);
  const createdMs = result.expiresAtMs - result.expirationSeconds * 1000;
  const headers = new Headers();
  for (const w of result.warnings) headers.append('Warning', `299 - ${JSON.stringify(w)}`);
  return HttpResponse.json(
    {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace: ns, creationTimestamp: isoSeconds(createdMs) },
      spec: {
        audiences: result.audiences,
        expirationSeconds: result.expirationSeconds,
        boundObjectRef: result.boundObjectRef ?? null,
      },
      status: { token: result.token, expirationTimestamp: result.expirationTimestamp },
    },
    { status: 201, headers },
  );
}

/** Run a resolver, turning anything thrown into a Status response. */
async function answering(run: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    return statusResponse(statusFromError(err));
  }
}

/**
 * msw handlers for the apiserver at `baseUrl`:
 * `POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token`,
 * `GET /api/v1/namespaces/{ns}/serviceaccounts/{name}` and
 * `GET /api/v1/namespaces/{ns}/pods/{name}`.
 */
export function apiserverHandlers(api: ApiServer, options: ApiServerHandlerOptions): HttpHandler[] {
  const base = options.baseUrl.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(base)) throw new TypeError(`baseUrl must be an http(s) URL: ${options.baseUrl}`);
  const limit = options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
  const nsPath = `${base}/api/v1/namespaces/:namespace`;
  return [
    http.post(`${nsPath}/serviceaccounts/:name/token`, ({ request, params }) =>
      answering(() => tokenRequest(api, request, param(params.namespace), param(params.name), limit)),
    ),
    http.get(`${nsPath}/serviceaccounts/:name`, ({ params }) =>
      answering(() => HttpResponse.json(api.get('ServiceAccount', param(params.namespace), param(params.name)))),
    ),
    http.get(`${nsPath}/pods/:name`, ({ params }) =>
      answering(() => HttpResponse.json(api.get('Pod', param(params.namespace), param(params.name)))),
    ),
  ];
}
