/**
 * ABAC with session tags: a session's tags are its `aws:PrincipalTag/<key>`
 * values in S3's authorization, so one role serves many namespaces, each
 * limited to its own prefix (EKS user guide, pod-id-abac).
 */
/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not JS templates */
import { describe, expect, it } from 'vitest';
import { ACCOUNT, BUCKET, pathUrl, policy, ROLE_ARN, ROLE_NAME, s3World, send } from './s3-world.js';

function taggedSession(w: ReturnType<typeof s3World>, namespace: string) {
  return w.iam.issueSessionCredentials({
    kind: 'assume-role',
    roleArn: ROLE_ARN,
    roleSessionName: `eks-demo-${namespace}`,
    durationSeconds: 3600,
    sessionTags: [
      { Key: 'kubernetes-namespace', Value: namespace },
      { Key: 'eks-cluster-name', Value: 'demo' },
    ],
    transitiveTagKeys: ['kubernetes-namespace', 'eks-cluster-name'],
  });
}

describe('aws:PrincipalTag from session tags in S3 authorization', () => {
  it('lets each namespace read only its own prefix with one role', async () => {
    const w = s3World();
    w.iam.putRolePolicy(
      ACCOUNT,
      ROLE_NAME,
      'per-namespace',
      policy({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${BUCKET}/\${aws:PrincipalTag/kubernetes-namespace}/*`,
      }),
    );
    for (const key of ['payments/a.csv', 'web/a.csv']) w.s3.putObjectDirect(BUCKET, key, key);
    const payments = taggedSession(w, 'payments');
    expect((await send(w, payments, pathUrl(BUCKET, 'payments/a.csv'))).status).toBe(200);
    expect((await send(w, payments, pathUrl(BUCKET, 'web/a.csv'))).status).toBe(403);
    expect(w.s3.lastDecision()?.context).toMatchObject({ 'aws:PrincipalTag/kubernetes-namespace': 'payments' });
    expect((await send(w, taggedSession(w, 'web'), pathUrl(BUCKET, 'web/a.csv'))).status).toBe(200);
    // a session without tags (IRSA) gets neither
    expect((await send(w, w.session(), pathUrl(BUCKET, 'web/a.csv'))).status).toBe(403);
  });

  it('evaluates aws:PrincipalTag conditions of a bucket policy', async () => {
    const w = s3World({
      bucketPolicy: policy({
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${BUCKET}/*`,
        Condition: { StringEquals: { 'aws:PrincipalTag/eks-cluster-name': 'demo' } },
      }),
    });
    w.s3.putObjectDirect(BUCKET, 'shared.txt', 'hi');
    expect((await send(w, taggedSession(w, 'payments'), pathUrl(BUCKET, 'shared.txt'))).status).toBe(200);
    expect((await send(w, w.session(), pathUrl(BUCKET, 'shared.txt'))).status).toBe(403);
  });
});
