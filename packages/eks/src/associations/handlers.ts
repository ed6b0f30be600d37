/**
 * The EKS control plane's pod identity association operations on the
 * network, REST-JSON at their real paths (EKS-MODEL):
 * POST/GET `/clusters/{name}/pod-identity-associations`, GET and DELETE
 * `/clusters/{name}/pod-identity-associations/{associationId}`. Every call
 * is SigV4-signed (service `eks`) and authorized by IAM for
 * `eks:<Operation>` on the cluster. Simplification: iam:PassRole, which
 * CreatePodIdentityAssociation also needs, is not checked.
 */
import { http, readTextLimited } from '@irsa-lab/net';
import { HttpResponse, type RequestHandler } from 'msw';
import { errorResponse, jsonResponse } from '../errors.js';
import { authorizationError } from '../lib/auth.js';
import type { CreatePodIdentityAssociationInput, Eks, EksIamView, EksOutcome } from '../types.js';

/** Largest request body accepted. */
export const MAX_EKS_BODY_BYTES = 64 * 1024;

/** What the handlers need besides the Eks itself. */
export interface EksHandlerDeps {
  readonly iam: EksIamView;
  readonly nextRequestId: () => string;
}

const PATH = '/clusters/:name/pod-identity-associations';

function outcome<T>(out: EksOutcome<T>, wrap: (v: T) => unknown, requestId: string): Response {
  return out.ok ? jsonResponse(wrap(out.value), requestId) : errorResponse(out.error, requestId);
}

function createInput(name: string, body: unknown): CreatePodIdentityAssociationInput | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const str = (k: string) => (typeof b[k] === 'string' ? { [k]: b[k] as string } : {});
  return {
    clusterName: name,
    ...str('namespace'),
    ...str('serviceAccount'),
    ...str('roleArn'),
    ...str('targetRoleArn'),
    ...str('policy'),
    ...str('clientRequestToken'),
    ...(typeof b.disableSessionTags === 'boolean' ? { disableSessionTags: b.disableSessionTags } : {}),
    ...(typeof b.tags === 'object' && b.tags !== null ? { tags: b.tags as Record<string, string> } : {}),
  };
}

/**
 * msw handlers for the association operations at `https://eks.<region>.amazonaws.com` (or `origin`).
 * @example network.addHost('eks.us-west-2.amazonaws.com', eksHandlers(eks, { iam, nextRequestId }))
 */
export function eksHandlers(
  eks: Eks,
  deps: EksHandlerDeps,
  origin = `https://eks.${eks.region}.amazonaws.com`,
): RequestHandler[] {
  const signed = async (request: Request, operation: string, run: (body: string, requestId: string) => Response) => {
    const requestId = deps.nextRequestId();
    const body = await readTextLimited(request, MAX_EKS_BODY_BYTES);
    if (body === undefined) {
      return errorResponse(
        { code: 'InvalidRequestException', status: 413, message: 'The request body is too large.' },
        requestId,
      );
    }
    const action = `eks:${operation}`;
    const auth = await deps.iam.authorize(request, body, { service: 'eks', action, resource: eks.clusterArn });
    if (!auth.ok) return errorResponse(authorizationError(auth, action, eks.clusterArn, 403), requestId);
    return run(body, requestId);
  };
  return [
    http.post(`${origin}${PATH}`, ({ request, params }) =>
      signed(request, 'CreatePodIdentityAssociation', (body, requestId) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body || '{}');
        } catch {
          parsed = undefined;
        }
        const input = createInput(String(params.name), parsed);
        if (!input) {
          const error = {
            code: 'InvalidRequestException',
            status: 400,
            message: 'The request body is not a JSON object.',
          };
          return errorResponse(error, requestId);
        }
        return outcome(eks.createPodIdentityAssociation(input), (association) => ({ association }), requestId);
      }),
    ),
    http.get(`${origin}${PATH}`, ({ request, params }) =>
      signed(request, 'ListPodIdentityAssociations', (_body, requestId) => {
        const q = new URL(request.url).searchParams;
        const pick = (k: string) => (q.get(k) === null ? {} : { [k]: q.get(k) as string });
        const maxResults = q.get('maxResults');
        const out = eks.listPodIdentityAssociations({
          clusterName: String(params.name),
          ...pick('namespace'),
          ...pick('serviceAccount'),
          ...pick('nextToken'),
          ...(maxResults === null ? {} : { maxResults: Number(maxResults) }),
        });
        return outcome(out, (page) => page, requestId);
      }),
    ),
    http.get(`${origin}${PATH}/:id`, ({ request, params }) =>
      signed(request, 'DescribePodIdentityAssociation', (_body, requestId) =>
        outcome(
          eks.describePodIdentityAssociation(String(params.name), String(params.id)),
          (association) => ({ association }),
          requestId,
        ),
      ),
    ),
    http.delete(`${origin}${PATH}/:id`, ({ request, params }) =>
      signed(request, 'DeletePodIdentityAssociation', (_body, requestId) =>
        outcome(
          eks.deletePodIdentityAssociation(String(params.name), String(params.id)),
          (association) => ({ association }),
          requestId,
        ),
      ),
    ),
    http.all(`${origin}/*`, ({ request }) =>
      HttpResponse.json(
        { message: `No operation at ${request.method} ${new URL(request.url).pathname} in this simulation.` },
        { status: 404, headers: { 'x-amzn-ErrorType': 'UnknownOperationException' } },
      ),
    ),
  ];
}
