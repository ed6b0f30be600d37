/**
 * assumeRoleContext (assume-role-steps.ts): a request without session tags
 * has no aws:TagKeys, and one without transitive keys no
 * sts:TransitiveTagKeys (IAM user guide, "AWS global condition context
 * keys": aws:TagKeys is present only when the request passes tags). An
 * empty list would be decided alike by most operators, but the trust
 * policy's trace would then speak of an empty list instead of an absent key.
 */
import { describe, expect, it } from 'vitest';
import { assumeRoleContext } from './assume-role-steps.js';

const SERVICE = { kind: 'service', service: 'pods.eks.amazonaws.com' } as const;
const NOW = Date.UTC(2026, 0, 5, 9, 0, 0);
const PARAMS = { RoleArn: 'arn:aws:iam::111122223333:role/pod-role', RoleSessionName: 'eks-1' };

describe('assumeRoleContext', () => {
  it('has neither aws:TagKeys nor sts:TransitiveTagKeys without tags', () => {
    const context = assumeRoleContext(NOW, SERVICE, PARAMS, {
      tags: [],
      transitiveTagKeys: [],
      requested: [],
      inherited: [],
    });
    expect(context).not.toHaveProperty(['aws:TagKeys']);
    expect(context).not.toHaveProperty(['sts:TransitiveTagKeys']);
  });

  it('has aws:TagKeys but no sts:TransitiveTagKeys for tags that do not pass on', () => {
    const tags = [{ Key: 'team', Value: 'a' }];
    const context = assumeRoleContext(NOW, SERVICE, PARAMS, {
      tags,
      transitiveTagKeys: [],
      requested: tags,
      inherited: [],
    });
    expect(context['aws:TagKeys']).toEqual(['team']);
    expect(context).not.toHaveProperty(['sts:TransitiveTagKeys']);
  });
});
