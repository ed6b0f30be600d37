/**
 * EKS Auth on the network: `POST /clusters/{clusterName}/assume-role-for-pod-identity`
 * at `https://eks-auth.<region>.api.aws` (EKSAUTH-MODEL endpoint rules),
 * REST-JSON in and out; errors carry their code in `x-amzn-ErrorType`.
 */
import { http, readTextLimited } from '@irsa-lab/net';
import { HttpResponse, type RequestHandler } from 'msw';
import { errorResponse, jsonResponse } from '../errors.js';
import type { Eks } from '../types.js';

/** Largest request body accepted (a token and its JSON). */
export const MAX_EKS_AUTH_BODY_BYTES = 64 * 1024;

/** The EKS Auth endpoint of a region. */
export function eksAuthHost(region: string): string {
  return `eks-auth.${region}.api.aws`;
}

/**
 * msw handlers for EKS Auth at `https://eks-auth.<region>.api.aws` (or `origin`).
 * @example network.addHost('eks-auth.us-west-2.api.aws', eksAuthHandlers(eks))
 */
export function eksAuthHandlers(eks: Eks, origin = `https://${eksAuthHost(eks.region)}`): RequestHandler[] {
  return [
    http.post(`${origin}/clusters/:clusterName/assume-role-for-pod-identity`, async ({ request, params }) => {
      const body = await readTextLimited(request, MAX_EKS_AUTH_BODY_BYTES);
      if (body === undefined) {
        const error = { code: 'InvalidRequestException', status: 413, message: 'The request body is too large.' };
        return errorResponse(error, 'none');
      }
      const out = await eks.assumeRoleForPodIdentity(request, String(params.clusterName), body);
      return out.ok ? jsonResponse(out.value, out.requestId) : errorResponse(out.error, out.requestId);
    }),
    http.all(`${origin}/*`, ({ request }) =>
      HttpResponse.json(
        { message: `No operation at ${request.method} ${new URL(request.url).pathname}.` },
        { status: 404, headers: { 'x-amzn-ErrorType': 'UnknownOperationException' } },
      ),
    ),
  ];
}
