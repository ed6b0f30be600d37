/**
 * Public types of the simulated EKS: pod identity associations as the EKS
 * API shapes them (EKS-MODEL `PodIdentityAssociation` and its summary),
 * their inputs, the wire errors of EKS and EKS Auth, what EKS needs from
 * the rest of the world (IAM's view of a role, request authorization: both
 * wired in by the assembly, never imported), and the Eks interface.
 */
import type { Clock, EventLog, Rng } from '@irsa-lab/core';

/** A pod identity association, member for member (`createdAt`/`modifiedAt` in epoch seconds on the wire). */
export interface PodIdentityAssociation {
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
  readonly associationArn: string;
  /** `a-` and 17 lower-case letters and digits. */
  readonly associationId: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly modifiedAt: number;
  readonly disableSessionTags: boolean;
  readonly targetRoleArn?: string;
  /** Given for target-role associations: what the target's trust policy can test as sts:ExternalId. */
  readonly externalId?: string;
  /** A session policy (JSON text), allowed only with disableSessionTags. */
  readonly policy?: string;
}

/** ListPodIdentityAssociations' summary: only these members. */
export interface PodIdentityAssociationSummary {
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly associationArn: string;
  readonly associationId: string;
}

/** CreatePodIdentityAssociation's request (the cluster name is in the path). */
export interface CreatePodIdentityAssociationInput {
  readonly clusterName: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly roleArn?: string;
  readonly targetRoleArn?: string;
  readonly disableSessionTags?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
  readonly policy?: string;
  /** Idempotency token: the same token again returns the association it made. */
  readonly clientRequestToken?: string;
}

/** ListPodIdentityAssociations' filters and paging. */
export interface ListPodIdentityAssociationsInput {
  readonly clusterName: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  /** 1-100. */
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** A REST-JSON wire error: the code (`x-amzn-ErrorType`), its HTTP status and the message. */
export interface EksError {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  /** The request member at fault as path segments (`['serviceAccount']`), when one is (not sent on the wire; world files point at it). */
  readonly path?: readonly (string | number)[];
}

/** An outcome of an EKS operation: a result or a wire error. */
export type EksOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: EksError };

/** The session that signed a request, as IAM found it (structural: EKS never imports IAM). */
export interface CallerSession {
  readonly accessKeyId: string;
  readonly assumedRoleArn: string;
  readonly assumedRoleId: string;
  readonly accountId: string;
  readonly roleArn: string;
  readonly roleId: string;
  readonly roleName: string;
  readonly issuedAtMs: number;
  readonly kind: string;
}

/** IAM's verdict on a signed request: who signed it, or why it is refused. */
export type Authorization =
  | { readonly ok: true; readonly session: CallerSession; readonly reason: string }
  | {
      readonly ok: false;
      /** `unauthenticated`: the signature failed (`reason` says how); `denied`: no policy allows the action. */
      readonly failure: 'unauthenticated' | 'denied';
      readonly reason: string;
      /** The SigV4 failure: `missing-auth`, `unknown-key`, `expired`, `signature-mismatch`, ... */
      readonly sigv4?: string;
      readonly message: string;
      readonly session?: CallerSession;
    };

/** What EKS asks of IAM: whether a role exists and trusts Pod Identity, and who may call. */
export interface EksIamView {
  /** Whether `roleArn` exists, and whether its trust policy has an Allow for the service pods.eks.amazonaws.com. */
  role(roleArn: string): { readonly exists: boolean; readonly trustsPodIdentity: boolean };
  /** Verify `request`'s SigV4 signature for `service` and authorize `action` on `resource`. */
  authorize(
    request: Request,
    body: string,
    check: { readonly service: string; readonly action: string; readonly resource: string },
  ): Promise<Authorization>;
}

/** The cluster EKS serves. */
export interface EksCluster {
  readonly name: string;
  /** `https://oidc.eks.<region>.amazonaws.com/id/<ID>`: the `iss` of its service account tokens. */
  readonly issuerUrl: string;
}

export interface EksOptions {
  readonly clock: Clock;
  /** Association ids and request ids (a fork of the world's Rng). */
  readonly rng: Rng;
  readonly log: EventLog;
  readonly region: string;
  readonly accountId: string;
  readonly cluster: EksCluster;
  readonly iam: EksIamView;
  /** How EKS Auth reaches the issuer's keys and STS: the simulated network, as pods.eks.amazonaws.com. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** The clock X-Amz-Date is checked against (serve mode). Default `clock`. */
  readonly requestClock?: Clock;
  /**
   * How long a new association takes to reach the pod identity webhook, ms
   * (EKS-MODEL: "may take several seconds"). Default 0.
   */
  readonly propagationDelayMs?: number;
}

/** The simulated EKS of a world: associations and EKS Auth. */
export interface Eks {
  readonly region: string;
  readonly cluster: EksCluster;
  /** `arn:aws:eks:<region>:<account>:cluster/<name>`. */
  readonly clusterArn: string;
  createPodIdentityAssociation(input: CreatePodIdentityAssociationInput): EksOutcome<PodIdentityAssociation>;
  describePodIdentityAssociation(clusterName: string, associationId: string): EksOutcome<PodIdentityAssociation>;
  listPodIdentityAssociations(
    input: ListPodIdentityAssociationsInput,
  ): EksOutcome<{ associations: PodIdentityAssociationSummary[]; nextToken?: string }>;
  deletePodIdentityAssociation(clusterName: string, associationId: string): EksOutcome<PodIdentityAssociation>;
  /**
   * What CreatePodIdentityAssociation would refuse `input` with, without
   * creating anything (undefined: it would create it). `role` stands in for
   * IAM's view of roles that do not exist yet (a world file's own roles).
   */
  checkPodIdentityAssociation(
    input: CreatePodIdentityAssociationInput,
    role?: EksIamView['role'],
  ): EksError | undefined;
  /** The association of (namespace, service account) in effect at `nowMs` (after the propagation delay). */
  associationFor(namespace: string, serviceAccount: string, nowMs?: number): PodIdentityAssociation | undefined;
  /** A fresh request id (a UUID, as EKS answers in x-amzn-RequestId). */
  nextRequestId(): string;
  /** Every association, oldest first. */
  associations(): readonly PodIdentityAssociation[];
  /** EKS Auth's AssumeRoleForPodIdentity of a signed request (`bodyText` if already read). */
  assumeRoleForPodIdentity(request: Request, clusterName: string, bodyText?: string): Promise<EksAuthOutcome>;
  /**
   * The steps of a recent AssumeRoleForPodIdentity call (the last 1,000), by the request id its answer and its
   * CloudTrail record carry; undefined once forgotten or for an id EKS Auth never gave.
   */
  traceOf(requestId: string): readonly EksAuthStep[] | undefined;
}

/** AssumeRoleForPodIdentity's response, member for member (`expiration` in epoch seconds). */
export interface AssumeRoleForPodIdentityResponse {
  readonly subject: { readonly namespace: string; readonly serviceAccount: string };
  readonly audience: string;
  readonly podIdentityAssociation: { readonly associationArn: string; readonly associationId: string };
  readonly assumedRoleUser: { readonly arn: string; readonly assumeRoleId: string };
  readonly credentials: {
    readonly sessionToken: string;
    readonly secretAccessKey: string;
    readonly accessKeyId: string;
    readonly expiration: number;
  };
}

/** One step of EKS Auth's work, for the app and tests. */
export interface EksAuthStep {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** An AssumeRoleForPodIdentity outcome with its request id and trace. */
export type EksAuthOutcome = EksOutcome<AssumeRoleForPodIdentityResponse> & {
  readonly requestId: string;
  readonly trace: readonly EksAuthStep[];
};
