/**
 * The composed protocol constants spelled out: the values the webhook, the
 * SDKs and AWS use, written as literals so a slip in how a constant is built
 * shows here.
 */

import {
  EKS_ANNOTATION_PREFIX,
  eksIssuerHost,
  IMDS_ENDPOINT,
  IMDS_IPV6_ENDPOINT,
  IRSA_TOKEN_PATH,
  POD_IDENTITY_CREDENTIALS_URI,
  POD_IDENTITY_TOKEN_PATH,
  ROLE_ARN_ANNOTATION,
  SKIP_WEBHOOK_LABEL,
  s3RegionalHost,
  stsRegionalHost,
} from '@irsa-lab/core';
import { describe, expect, it } from 'vitest';

describe('protocol constants', () => {
  it('IRSA: the token file the webhook points AWS_WEB_IDENTITY_TOKEN_FILE at, and its annotations', () => {
    // title: https://github.com/aws/amazon-eks-pod-identity-webhook#readme
    expect(IRSA_TOKEN_PATH).toBe('/var/run/secrets/eks.amazonaws.com/serviceaccount/token');
    expect(ROLE_ARN_ANNOTATION.startsWith(`${EKS_ANNOTATION_PREFIX}/`)).toBe(true);
    expect(SKIP_WEBHOOK_LABEL.startsWith(`${EKS_ANNOTATION_PREFIX}/`)).toBe(true);
  });

  it('EKS Pod Identity: the credentials URI and token file the webhook injects', () => {
    // title: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
    expect(POD_IDENTITY_CREDENTIALS_URI).toBe('http://169.254.170.23/v1/credentials');
    expect(POD_IDENTITY_TOKEN_PATH).toBe(
      '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token',
    );
  });

  it('IMDS endpoints and regional host names', () => {
    expect(IMDS_ENDPOINT).toBe('http://169.254.169.254');
    expect(IMDS_IPV6_ENDPOINT).toBe('http://[fd00:ec2::254]');
    expect(stsRegionalHost('us-west-2')).toBe('sts.us-west-2.amazonaws.com');
    expect(s3RegionalHost('eu-west-1')).toBe('s3.eu-west-1.amazonaws.com');
    expect(eksIssuerHost('us-west-2')).toBe('oidc.eks.us-west-2.amazonaws.com');
  });
});
