/**
 * Protocol constants shared across the simulation: names, paths, addresses
 * and host names that real EKS, IAM, STS, S3, IMDS and the SDKs use, defined
 * once so no package spells them by hand. Each names its source: a section
 * of docs/reference.md (`#what-the-webhook-injects`) or a public URL. Only
 * what is part of the protocol and used in more than one place lives here;
 * ARNs are built by the helpers in @irsa-lab/iam, not here.
 */

// ── IRSA: the pod identity webhook (docs/reference.md#pod-identity-webhook) ──

/** The webhook's default `--annotation-prefix`; every annotation below starts with it (#webhook-annotations-and-defaults). */
export const EKS_ANNOTATION_PREFIX = 'eks.amazonaws.com';
/** ServiceAccount annotation naming the role; it turns mutation on (#webhook-annotations-and-defaults). */
export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
/** ServiceAccount annotation setting the projected token's audience (#webhook-annotations-and-defaults). */
export const AUDIENCE_ANNOTATION = 'eks.amazonaws.com/audience';
/** ServiceAccount or Pod annotation setting the token's expirationSeconds (#token-lifetimes). */
export const TOKEN_EXPIRATION_ANNOTATION = 'eks.amazonaws.com/token-expiration';
/** ServiceAccount annotation turning AWS_STS_REGIONAL_ENDPOINTS=regional on or off (#what-the-webhook-injects). */
export const STS_REGIONAL_ENDPOINTS_ANNOTATION = 'eks.amazonaws.com/sts-regional-endpoints';
/** Pod annotation: CSV of container names the webhook leaves alone (webhook README, https://github.com/aws/amazon-eks-pod-identity-webhook#readme). */
export const SKIP_CONTAINERS_ANNOTATION = 'eks.amazonaws.com/skip-containers';
/** Pod label that keeps the webhook from being called: its deploy manifest's objectSelector (#when-the-webhook-runs). */
export const SKIP_WEBHOOK_LABEL = 'eks.amazonaws.com/skip-pod-identity-webhook';

/** The audience the webhook requests by default (`--token-audience`) and the IAM OIDC provider's client id (#iam-oidc-provider). */
export const IRSA_AUDIENCE = 'sts.amazonaws.com';
/** The projected token volume the webhook adds (#what-the-webhook-injects). */
export const IRSA_VOLUME_NAME = 'aws-iam-token';
/** Where the webhook mounts that volume, no trailing slash (#what-the-webhook-injects). */
export const IRSA_MOUNT_PATH = '/var/run/secrets/eks.amazonaws.com/serviceaccount';
/** The token's file name inside the volume (the projection's `path`) (#what-the-webhook-injects). */
export const IRSA_TOKEN_FILE = 'token';
/** The token file a Linux container reads: AWS_WEB_IDENTITY_TOKEN_FILE's value (#what-the-webhook-injects). */
export const IRSA_TOKEN_PATH = `${IRSA_MOUNT_PATH}/${IRSA_TOKEN_FILE}`;

// ── Environment variables the webhooks inject and the SDKs read (#what-the-webhook-injects, #sdk-credential-chains) ──

/** The role to assume with the web identity token. */
export const AWS_ROLE_ARN = 'AWS_ROLE_ARN';
/** The path of the web identity token file. */
export const AWS_WEB_IDENTITY_TOKEN_FILE = 'AWS_WEB_IDENTITY_TOKEN_FILE';
/** The session name for AssumeRoleWithWebIdentity; not injected, the SDK makes one up without it (#javascript-sdk-v3). */
export const AWS_ROLE_SESSION_NAME = 'AWS_ROLE_SESSION_NAME';
/** The region the JavaScript SDK v3 reads (botocore does not). */
export const AWS_REGION = 'AWS_REGION';
/** The region botocore and the AWS CLI read. */
export const AWS_DEFAULT_REGION = 'AWS_DEFAULT_REGION';
/** `regional` or `legacy`: which STS endpoint the SDKs call (https://docs.aws.amazon.com/sdkref/latest/guide/feature-sts-regionalized-endpoints.html). */
export const AWS_STS_REGIONAL_ENDPOINTS = 'AWS_STS_REGIONAL_ENDPOINTS';
/** The container credential provider's full URL; EKS Pod Identity sets it (https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html). */
export const AWS_CONTAINER_CREDENTIALS_FULL_URI = 'AWS_CONTAINER_CREDENTIALS_FULL_URI';
/** The container credential provider's path on 169.254.170.2 (ECS task roles; same page). */
export const AWS_CONTAINER_CREDENTIALS_RELATIVE_URI = 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI';
/** A file whose content is the Authorization header for the container provider; EKS Pod Identity sets it (same page). */
export const AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE = 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE';
/** The Authorization header for the container provider, given inline (same page). */
export const AWS_CONTAINER_AUTHORIZATION_TOKEN = 'AWS_CONTAINER_AUTHORIZATION_TOKEN';
/** Overrides the IMDS endpoint the SDKs call (https://docs.aws.amazon.com/sdkref/latest/guide/feature-imds-client.html). */
export const AWS_EC2_METADATA_SERVICE_ENDPOINT = 'AWS_EC2_METADATA_SERVICE_ENDPOINT';
/** `true` turns the SDKs' IMDS credential provider off (same page). */
export const AWS_EC2_METADATA_DISABLED = 'AWS_EC2_METADATA_DISABLED';

// ── EKS Pod Identity (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html) ──

/** The audience of the token the Pod Identity webhook projects; also the trust policy's Service principal. */
export const POD_IDENTITY_AUDIENCE = 'pods.eks.amazonaws.com';
/** The Pod Identity agent's IPv4 address (a hostNetwork DaemonSet on every node). */
export const POD_IDENTITY_AGENT_IPV4 = '169.254.170.23';
/** The Pod Identity agent's IPv6 address (written `[fd00:ec2::23]` in a URL). */
export const POD_IDENTITY_AGENT_IPV6 = 'fd00:ec2::23';
/** AWS_CONTAINER_CREDENTIALS_FULL_URI's value in a Pod Identity pod: the agent's credentials endpoint. */
export const POD_IDENTITY_CREDENTIALS_URI = `http://${POD_IDENTITY_AGENT_IPV4}/v1/credentials`;
/** The projected token volume (and token file name) of a Pod Identity pod. */
export const POD_IDENTITY_VOLUME_NAME = 'eks-pod-identity-token';
/** Where that volume is mounted. */
export const POD_IDENTITY_MOUNT_PATH = '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount';
/** The token file's name inside that volume (the projection's `path`). */
export const POD_IDENTITY_TOKEN_FILE = 'eks-pod-identity-token';
/** AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE's value in a Pod Identity pod. */
export const POD_IDENTITY_TOKEN_PATH = `${POD_IDENTITY_MOUNT_PATH}/${POD_IDENTITY_TOKEN_FILE}`;
/** The ECS container credentials address, which the SDKs also allow for the container provider (#javascript-sdk-v3). */
export const ECS_CREDENTIALS_IPV4 = '169.254.170.2';

// ── IMDS (docs/reference.md#imds; https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html) ──

/** The instance metadata service's link-local IPv4 address. */
export const IMDS_IPV4 = '169.254.169.254';
/** Its IPv6 address (Nitro only, off by default), written `[fd00:ec2::254]` in a URL. */
export const IMDS_IPV6 = 'fd00:ec2::254';
/** The base URL an SDK or curl uses by default. */
export const IMDS_ENDPOINT = `http://${IMDS_IPV4}`;
/** The base URL in IPv6 endpoint mode. */
export const IMDS_IPV6_ENDPOINT = `http://[${IMDS_IPV6}]`;
/** IMDSv2: PUT here for a session token. */
export const IMDS_TOKEN_PATH = '/latest/api/token';
/** IMDSv2: the PUT's requested token lifetime, 1 to 21600 seconds. */
export const IMDS_TOKEN_TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds';
/** IMDSv2: the session token on every GET. */
export const IMDS_TOKEN_HEADER = 'x-aws-ec2-metadata-token';
/** Lists the instance profile's role; `<role>` after it gives the role's credentials. */
export const IMDS_CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials/';
/** What the JavaScript SDK tries before IMDS_CREDENTIALS_PATH, falling back on 404 (smithy credential-provider-imds). */
export const IMDS_EXTENDED_CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials-extended/';

// ── Service host names and CloudTrail event sources ──

/** STS's global endpoint host (signing region us-east-1) (#sts-assumerolewithwebidentity). */
export const STS_GLOBAL_HOST = 'sts.amazonaws.com';
/** STS's regional endpoint host: `sts.<region>.amazonaws.com` (https://docs.aws.amazon.com/general/latest/gr/sts.html). */
export function stsRegionalHost(region: string): string {
  return `sts.${region}.amazonaws.com`;
}
/** S3's global endpoint host (https://docs.aws.amazon.com/general/latest/gr/s3.html). */
export const S3_GLOBAL_HOST = 's3.amazonaws.com';
/** S3's regional endpoint host: `s3.<region>.amazonaws.com` (same page). */
export function s3RegionalHost(region: string): string {
  return `s3.${region}.amazonaws.com`;
}
/** The host of a cluster's OIDC issuer: `oidc.eks.<region>.amazonaws.com` (#issuer-dns-inside-a-vpc). */
export function eksIssuerHost(region: string): string {
  return `oidc.eks.${region}.amazonaws.com`;
}
/** CloudTrail's `eventSource` for STS calls (#cloudtrail). */
export const STS_EVENT_SOURCE = 'sts.amazonaws.com';
/** CloudTrail's `eventSource` for S3 data events (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html). */
export const S3_EVENT_SOURCE = 's3.amazonaws.com';
