/**
 * Pod identity associations as the EKS API keeps them: shapes (EKS-MODEL),
 * one role per service account per cluster (409 ResourceInUseException
 * "Association already exists: <id>", eksctl#7753), the role in the
 * cluster's account, a trust policy that trusts pods.eks.amazonaws.com
 * ("Trust policy of the role provided is invalid", terraform-provider-aws#41483),
 * listing with filters and pages, idempotency, and the propagation delay.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, CLUSTER, createHarness, generateKeys, ROLE_ARN, TARGET_ARN } from './harness.js';

beforeAll(generateKeys);

const BASE = { clusterName: CLUSTER, namespace: 'payments', serviceAccount: 'billing', roleArn: ROLE_ARN };

describe('CreatePodIdentityAssociation', () => {
  it('creates an association with the API shape: a-<17> id, its ARN, epoch-second times', () => {
    const { eks } = createHarness();
    const out = eks.createPodIdentityAssociation(BASE);
    if (!out.ok) throw new Error(out.error.message);
    const a = out.value;
    expect(a.associationId).toMatch(/^a-[a-z0-9]{17}$/);
    expect(a).toMatchObject({
      clusterName: CLUSTER,
      namespace: 'payments',
      serviceAccount: 'billing',
      roleArn: ROLE_ARN,
      associationArn: `arn:aws:eks:us-west-2:${ACCOUNT}:podidentityassociation/${CLUSTER}/${a.associationId}`,
      disableSessionTags: false,
      tags: {},
      createdAt: Date.UTC(2026, 0, 5, 9) / 1000,
    });
    expect(a.targetRoleArn).toBeUndefined();
    expect(a.externalId).toBeUndefined();
  });

  it('refuses a second association for the same service account with 409 ResourceInUseException', () => {
    const { eks } = createHarness();
    const first = eks.createPodIdentityAssociation(BASE);
    if (!first.ok) throw new Error(first.error.message);
    expect(eks.createPodIdentityAssociation(BASE)).toEqual({
      ok: false,
      error: {
        code: 'ResourceInUseException',
        status: 409,
        message: `Association already exists: ${first.value.associationId}`,
        path: ['serviceAccount'],
      },
    });
    // another service account of the namespace is fine
    expect(eks.createPodIdentityAssociation({ ...BASE, serviceAccount: 'other' }).ok).toBe(true);
  });

  it.each([
    ['a role in another account', { roleArn: TARGET_ARN }, 'InvalidParameterException'],
    ['a malformed role ARN', { roleArn: 'arn:aws:iam::1234:role/x' }, 'InvalidParameterException'],
    ['not a role', { roleArn: `arn:aws:iam::${ACCOUNT}:user/alice` }, 'InvalidParameterException'],
    ['no role ARN', { roleArn: '' }, 'InvalidParameterException'],
    ['a bad namespace name', { namespace: 'Payments' }, 'InvalidParameterException'],
    ['a malformed target role ARN', { targetRoleArn: 'target' }, 'InvalidParameterException'],
    ['a session policy with session tags on', { policy: '{}' }, 'InvalidParameterException'],
    ['a role that does not exist', { roleArn: `arn:aws:iam::${ACCOUNT}:role/missing` }, 'InvalidParameterException'],
    ['another cluster', { clusterName: 'prod' }, 'ResourceNotFoundException'],
  ])('refuses %s', (_title, change, code) => {
    const { eks } = createHarness();
    expect(eks.createPodIdentityAssociation({ ...BASE, ...change })).toMatchObject({ ok: false, error: { code } });
    expect(eks.associations()).toEqual([]);
  });

  it('refuses a role whose trust policy does not trust pods.eks.amazonaws.com, with the message EKS sends', () => {
    const h = createHarness();
    h.roles.set(ROLE_ARN, { exists: true, trustsPodIdentity: false });
    expect(h.eks.createPodIdentityAssociation(BASE)).toMatchObject({
      ok: false,
      error: {
        code: 'InvalidParameterException',
        status: 400,
        message: 'Trust policy of the role provided is invalid',
      },
    });
  });

  it('accepts a target role in any account and gives the association an external id', () => {
    const { eks } = createHarness();
    const out = eks.createPodIdentityAssociation({ ...BASE, targetRoleArn: TARGET_ARN, disableSessionTags: true });
    expect(out).toMatchObject({
      ok: true,
      value: {
        targetRoleArn: TARGET_ARN,
        disableSessionTags: true,
        externalId: `us-west-2/${ACCOUNT}/${CLUSTER}/payments/billing`,
      },
    });
  });

  it('returns the same association for the same clientRequestToken', () => {
    const { eks } = createHarness();
    const a = eks.createPodIdentityAssociation({ ...BASE, clientRequestToken: 't-1' });
    const b = eks.createPodIdentityAssociation({ ...BASE, clientRequestToken: 't-1' });
    expect(a).toEqual(b);
    expect(eks.associations()).toHaveLength(1);
  });
});

describe('Describe, List and Delete', () => {
  it('lists summaries only, filtered and in pages', () => {
    const { eks } = createHarness();
    for (const sa of ['a', 'b', 'c']) eks.createPodIdentityAssociation({ ...BASE, serviceAccount: sa });
    eks.createPodIdentityAssociation({ ...BASE, namespace: 'web', serviceAccount: 'a' });
    const page1 = eks.listPodIdentityAssociations({ clusterName: CLUSTER, namespace: 'payments', maxResults: 2 });
    if (!page1.ok) throw new Error(page1.error.message);
    expect(page1.value.associations.map((a) => a.serviceAccount)).toEqual(['a', 'b']);
    expect(Object.keys(page1.value.associations[0] ?? {}).sort()).toEqual(
      ['associationArn', 'associationId', 'clusterName', 'namespace', 'serviceAccount'].sort(),
    );
    const page2 = eks.listPodIdentityAssociations({
      clusterName: CLUSTER,
      namespace: 'payments',
      maxResults: 2,
      ...(page1.value.nextToken ? { nextToken: page1.value.nextToken } : {}),
    });
    expect(page2).toMatchObject({ ok: true, value: { associations: [{ serviceAccount: 'c' }] } });
    expect(page2.ok && page2.value.nextToken).toBeFalsy();
    expect(eks.listPodIdentityAssociations({ clusterName: CLUSTER, maxResults: 0 })).toMatchObject({
      ok: false,
      error: { code: 'InvalidParameterException' },
    });
  });

  it('describes and deletes by id; a deleted one is gone, and the service account is free again', () => {
    const { eks } = createHarness();
    const created = eks.createPodIdentityAssociation(BASE);
    if (!created.ok) throw new Error('create');
    const id = created.value.associationId;
    expect(eks.describePodIdentityAssociation(CLUSTER, id)).toEqual(created);
    expect(eks.deletePodIdentityAssociation(CLUSTER, id)).toEqual(created);
    expect(eks.describePodIdentityAssociation(CLUSTER, id)).toMatchObject({
      ok: false,
      error: { code: 'ResourceNotFoundException', status: 404 },
    });
    expect(eks.associationFor('payments', 'billing')).toBeUndefined();
    expect(eks.createPodIdentityAssociation(BASE).ok).toBe(true);
  });

  it('lets an association take effect only after the propagation delay', () => {
    const h = createHarness({ propagationDelayMs: 5000 });
    h.eks.createPodIdentityAssociation(BASE);
    expect(h.eks.associationFor('payments', 'billing')).toBeUndefined();
    h.clock.advanceBy(5000);
    expect(h.eks.associationFor('payments', 'billing')?.roleArn).toBe(ROLE_ARN);
  });
});
