/**
 * The env a real client needs to act as one Pod: the AWS_* variables the
 * Pod's containers have (the pod identity webhook's, and any the Pod sets
 * itself), with the token file replaced by a real file, both region
 * variables (AWS CLI v1 and botocore read only AWS_DEFAULT_REGION), the
 * loopback endpoints of STS, S3 and the Pod's own IMDS listener (and, for
 * an EKS Pod Identity Pod, its own listener for the agent as
 * AWS_CONTAINER_CREDENTIALS_FULL_URI, with its token in a real file), and the
 * isolation a container has for free: config and credentials files with
 * nothing in them (not the user's ~/.aws), and for IRSA Pods a session name
 * that is new at each call (the AWS CLI v1 caches web-identity credentials
 * in ~/.aws/cli/cache under a key made of the role ARN and, when one is set,
 * the session name: without it, credentials from an earlier serve, or from
 * before a POST /clock/advance, would be reused).
 */
import {
  AWS_DEFAULT_REGION,
  AWS_EC2_METADATA_SERVICE_ENDPOINT,
  AWS_REGION,
  AWS_ROLE_SESSION_NAME,
  AWS_WEB_IDENTITY_TOKEN_FILE,
} from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';

/** Where the loopback services are. */
export interface PodEnvInput {
  readonly namespace: string;
  readonly pod: string;
  readonly endpoints: {
    readonly sts: string;
    readonly s3: string;
    readonly imds: Readonly<Record<string, string>>;
    readonly podIdentityAgent?: Readonly<Record<string, string>>;
  };
  /** Writes (or refreshes) the Pod's token file and says where it is. */
  tokenFile(): string;
  /** The same for its EKS Pod Identity token. */
  podIdentityTokenFile(): string;
  /** The empty AWS config file and shared credentials file serve owns. */
  readonly configFile: string;
  readonly credentialsFile: string;
}

/** The prefix of the session names serve gives IRSA Pods; simulated epoch seconds follow. */
export const SESSION_NAME_PREFIX = 'irsa-lab-';

/**
 * The env of `<namespace>/<pod>`'s first container, keys sorted. The session
 * name is the simulated time in seconds: each call after a move of the clock
 * gives a new one.
 * @throws SimError K8S_NOT_FOUND when the Pod does not run on any node.
 */
export function podEnvFor(world: World, input: PodEnvInput): Readonly<Record<string, string>> {
  const { namespace, pod, endpoints } = input;
  const view = world.nodeOf(namespace, pod).podView(namespace, pod);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(view.env())) if (name.startsWith('AWS_')) env[name] = value;
  if (env[AWS_WEB_IDENTITY_TOKEN_FILE] !== undefined) {
    env[AWS_WEB_IDENTITY_TOKEN_FILE] = input.tokenFile();
    env[AWS_ROLE_SESSION_NAME] ??= `${SESSION_NAME_PREFIX}${Math.floor(world.clock.nowMs() / 1000)}`;
  }
  const agent = endpoints.podIdentityAgent?.[`${namespace}/${pod}`];
  if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI !== undefined && agent !== undefined) {
    // the Pod's view of the agent, on the loopback (an allowed host for the SDKs' FULL_URI); the path stays
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${agent}${new URL(env.AWS_CONTAINER_CREDENTIALS_FULL_URI).pathname}`;
  }
  if (env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE !== undefined) {
    env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE = input.podIdentityTokenFile();
  }
  env.AWS_CONFIG_FILE = input.configFile;
  env.AWS_SHARED_CREDENTIALS_FILE = input.credentialsFile;
  env[AWS_REGION] ??= world.region;
  env[AWS_DEFAULT_REGION] ??= env[AWS_REGION];
  env.AWS_ENDPOINT_URL_STS = endpoints.sts;
  env.AWS_ENDPOINT_URL_S3 = endpoints.s3;
  const imds = endpoints.imds[`${namespace}/${pod}`];
  if (imds !== undefined) env[AWS_EC2_METADATA_SERVICE_ENDPOINT] = imds;
  return Object.fromEntries(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1)));
}
