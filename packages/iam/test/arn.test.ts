/**
 * The ARN helpers against ARNs written out as the AWS documentation shows
 * them: every ARN the simulation builds comes from these.
 */

import {
  assumedRoleArn,
  bucketArn,
  instanceProfileArn,
  issuerHostPath,
  objectArn,
  oidcProviderArn,
  parseRoleArn,
  roleArn,
} from '@irsa-lab/iam';
import { describe, expect, it } from 'vitest';

const ACCOUNT = '111122223333';
const ISSUER = 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

const vectors = [
  {
    title: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html',
    input: roleArn(ACCOUNT, '/application_abc/component_xyz/', 'RDSAccess'),
    expected: 'arn:aws:iam::111122223333:role/application_abc/component_xyz/RDSAccess',
  },
  {
    title: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html',
    input: instanceProfileArn(ACCOUNT, 'Webserver'),
    expected: 'arn:aws:iam::111122223333:instance-profile/Webserver',
  },
  {
    title: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html',
    input: assumedRoleArn(ACCOUNT, 'Accounting-Role', 'Mary'),
    expected: 'arn:aws:sts::111122223333:assumed-role/Accounting-Role/Mary',
  },
  {
    title: 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html',
    input: oidcProviderArn(ACCOUNT, ISSUER),
    expected:
      'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
  },
  {
    title: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html',
    input: bucketArn('amzn-s3-demo-bucket'),
    expected: 'arn:aws:s3:::amzn-s3-demo-bucket',
  },
  {
    title: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html',
    input: objectArn('amzn-s3-demo-bucket', 'images/cat.png'),
    expected: 'arn:aws:s3:::amzn-s3-demo-bucket/images/cat.png',
  },
];

describe('ARN helpers', () => {
  it.each(vectors)('$expected', ({ input, expected }) => {
    expect(input).toBe(expected);
  });

  it('the issuer host/path IAM keys condition keys by, and a role ARN read back', () => {
    expect(issuerHostPath(ISSUER)).toBe('oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE');
    expect(parseRoleArn(roleArn(ACCOUNT, '/team/', 'billing'))).toEqual({
      accountId: ACCOUNT,
      path: '/team/',
      roleName: 'billing',
    });
  });
});
