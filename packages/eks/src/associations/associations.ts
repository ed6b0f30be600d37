/**
 * Pod identity associations of one cluster: Create (checked as EKS checks
 * it: one role per service account per cluster, the role in the cluster's
 * account and trusting pods.eks.amazonaws.com, the target role any
 * account's), Describe, List (filters, paging) and Delete. Nothing in the
 * cluster's Kubernetes objects records an association (EKS user guide,
 * pod-id-association); the webhook asks this store.
 */
import type { Clock, EventLog, Rng } from '@irsa-lab/core';
import { eksErrors } from '../errors.js';
import type {
  CreatePodIdentityAssociationInput,
  EksCluster,
  EksError,
  EksIamView,
  EksOutcome,
  ListPodIdentityAssociationsInput,
  PodIdentityAssociation,
  PodIdentityAssociationSummary,
} from '../types.js';
import { createViolation } from './validate.js';

/** Associations per cluster (EKS user guide, pod-identities.html "Limits"; not adjustable). */
export const MAX_ASSOCIATIONS_PER_CLUSTER = 5000;
/** Most idempotency tokens remembered. */
const MAX_REQUEST_TOKENS = 10_000;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The service account already has an association: the refusal, about the serviceAccount member. */
function inUse(associationId: string): EksError {
  return { ...eksErrors.associationExists(associationId), path: ['serviceAccount'] };
}

/** What the store works with. */
export interface AssociationDeps {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly log: EventLog;
  readonly region: string;
  readonly accountId: string;
  readonly cluster: EksCluster;
  readonly iam: EksIamView;
  readonly propagationDelayMs: number;
}

interface Entry {
  readonly association: PodIdentityAssociation;
  readonly createdAtMs: number;
}

/** The associations of the world's cluster. */
export class AssociationStore {
  readonly #deps: AssociationDeps;
  readonly #byId = new Map<string, Entry>();
  readonly #byToken = new Map<string, string>();

  constructor(deps: AssociationDeps) {
    this.#deps = deps;
  }

  #cluster(name: string): EksOutcome<void> {
    return name === this.#deps.cluster.name
      ? { ok: true, value: undefined }
      : { ok: false, error: eksErrors.clusterNotFound(name) };
  }

  create(input: CreatePodIdentityAssociationInput): EksOutcome<PodIdentityAssociation> {
    const cluster = this.#cluster(input.clusterName);
    if (!cluster.ok) return cluster;
    const earlier = input.clientRequestToken === undefined ? undefined : this.#byToken.get(input.clientRequestToken);
    const again = earlier === undefined ? undefined : this.#byId.get(earlier);
    if (again) return { ok: true, value: again.association };
    const violation = createViolation(input, this.#deps);
    if (violation) return { ok: false, error: violation };
    const existing = this.find(input.namespace as string, input.serviceAccount as string);
    if (existing) return { ok: false, error: inUse(existing.association.associationId) };
    if (this.#byId.size >= MAX_ASSOCIATIONS_PER_CLUSTER) {
      return { ok: false, error: eksErrors.limitExceeded(MAX_ASSOCIATIONS_PER_CLUSTER) };
    }
    const association = this.#build(input);
    this.#byId.set(association.associationId, { association, createdAtMs: this.#deps.clock.nowMs() });
    if (input.clientRequestToken !== undefined && this.#byToken.size < MAX_REQUEST_TOKENS) {
      this.#byToken.set(input.clientRequestToken, association.associationId);
    }
    const target = association.targetRoleArn ? `, then ${association.targetRoleArn}` : '';
    this.#deps.log.append(
      'eks.association-created',
      'eks',
      `pod identity association ${association.associationId} created: ${association.namespace}/${association.serviceAccount} → ${association.roleArn}${target}`,
      { action: 'CreatePodIdentityAssociation', association },
    );
    return { ok: true, value: association };
  }

  /** What create would refuse `input` with (cluster, input, duplicate), or undefined. */
  check(input: CreatePodIdentityAssociationInput, role?: EksIamView['role']): EksError | undefined {
    const cluster = this.#cluster(input.clusterName);
    if (!cluster.ok) return cluster.error;
    const iam = role ? { ...this.#deps.iam, role } : this.#deps.iam;
    const violation = createViolation(input, { accountId: this.#deps.accountId, iam });
    if (violation) return violation;
    const existing = this.find(input.namespace as string, input.serviceAccount as string);
    return existing ? inUse(existing.association.associationId) : undefined;
  }

  #build(input: CreatePodIdentityAssociationInput): PodIdentityAssociation {
    const { region, accountId, cluster, rng, clock } = this.#deps;
    const associationId = `a-${rng.chars(ID_ALPHABET, 17)}`;
    // epoch seconds with milliseconds, as the EKS API answers (the user guide's `"createdAt": 1700862734.922`)
    const now = clock.nowMs() / 1000;
    const namespace = input.namespace as string;
    const serviceAccount = input.serviceAccount as string;
    return Object.freeze({
      clusterName: cluster.name,
      namespace,
      serviceAccount,
      roleArn: input.roleArn as string,
      associationArn: `arn:aws:eks:${region}:${accountId}:podidentityassociation/${cluster.name}/${associationId}`,
      associationId,
      tags: Object.freeze({ ...input.tags }),
      createdAt: now,
      modifiedAt: now,
      disableSessionTags: input.disableSessionTags ?? false,
      ...(input.targetRoleArn === undefined
        ? {}
        : {
            targetRoleArn: input.targetRoleArn,
            // [not found] whether the API's externalId is this string: the user guide's sts:ExternalId value
            externalId: `${region}/${accountId}/${cluster.name}/${namespace}/${serviceAccount}`,
          }),
      ...(input.policy === undefined ? {} : { policy: input.policy }),
    });
  }

  describe(clusterName: string, associationId: string): EksOutcome<PodIdentityAssociation> {
    const cluster = this.#cluster(clusterName);
    if (!cluster.ok) return cluster;
    const entry = this.#byId.get(associationId);
    return entry
      ? { ok: true, value: entry.association }
      : { ok: false, error: eksErrors.associationNotFound(associationId) };
  }

  delete(clusterName: string, associationId: string): EksOutcome<PodIdentityAssociation> {
    const found = this.describe(clusterName, associationId);
    if (!found.ok) return found;
    this.#byId.delete(associationId);
    const a = found.value;
    this.#deps.log.append(
      'eks.association-deleted',
      'eks',
      `pod identity association ${a.associationId} deleted (${a.namespace}/${a.serviceAccount})`,
      {
        action: 'DeletePodIdentityAssociation',
        association: a,
      },
    );
    return found;
  }

  list(
    input: ListPodIdentityAssociationsInput,
  ): EksOutcome<{ associations: PodIdentityAssociationSummary[]; nextToken?: string }> {
    const cluster = this.#cluster(input.clusterName);
    if (!cluster.ok) return cluster;
    const max = input.maxResults ?? 100;
    if (!Number.isInteger(max) || max < 1 || max > 100) {
      return { ok: false, error: eksErrors.invalidParameter('maxResults must be between 1 and 100.') };
    }
    const matching = [...this.#byId.values()]
      .map((e) => e.association)
      .filter(
        (a) =>
          (input.namespace === undefined || a.namespace === input.namespace) &&
          (input.serviceAccount === undefined || a.serviceAccount === input.serviceAccount),
      );
    const from = input.nextToken === undefined ? undefined : decodeToken(input.nextToken);
    const start = input.nextToken === undefined ? 0 : matching.findIndex((a) => a.associationId === from);
    if (start < 0) return { ok: false, error: eksErrors.invalidParameter('The nextToken is not valid.') };
    const page = matching.slice(start, start + max);
    const next = matching[start + max];
    const associations = page.map(({ clusterName, namespace, serviceAccount, associationArn, associationId }) => ({
      clusterName,
      namespace,
      serviceAccount,
      associationArn,
      associationId,
    }));
    return { ok: true, value: next ? { associations, nextToken: encodeToken(next.associationId) } : { associations } };
  }

  /** The association of (namespace, service account), whatever its age. */
  find(namespace: string, serviceAccount: string): Entry | undefined {
    for (const entry of this.#byId.values()) {
      if (entry.association.namespace === namespace && entry.association.serviceAccount === serviceAccount)
        return entry;
    }
    return undefined;
  }

  /** The association in effect at `nowMs`: created at least the propagation delay before. */
  effective(namespace: string, serviceAccount: string, nowMs: number): PodIdentityAssociation | undefined {
    const entry = this.find(namespace, serviceAccount);
    return entry && entry.createdAtMs + this.#deps.propagationDelayMs <= nowMs ? entry.association : undefined;
  }

  all(): readonly PodIdentityAssociation[] {
    return [...this.#byId.values()].map((e) => e.association);
  }
}

function encodeToken(associationId: string): string {
  return Buffer.from(JSON.stringify({ from: associationId })).toString('base64url');
}

function decodeToken(token: string): string | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { from?: unknown };
    return typeof value.from === 'string' ? value.from : undefined;
  } catch {
    return undefined;
  }
}
