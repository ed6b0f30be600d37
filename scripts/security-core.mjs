/**
 * The security core that `npm run mutation` measures (docs/mutation.md): per
 * package, the files StrykerJS mutates, as globs relative to the package.
 * Each package's mutants are tested by that package's own suite.
 */

/** The security core: per package, the files mutated (globs relative to the package). */
export const SECURITY_CORE = {
  iam: [
    // the policy engine: parsing and evaluation
    'src/policy/**/*.ts',
    '!src/policy/**/*.test.ts',
    '!src/policy/index.ts',
    '!src/policy/types.ts',
    // STS: the web identity token's validation, the issuer's keys, trust evaluation, the session checks
    'src/sts/assume-role-with-web-identity.ts',
    'src/sts/web-identity-token.ts',
    'src/sts/web-identity-steps.ts',
    'src/sts/jwks-cache.ts',
    // S3: who is calling (SigV4) and may they
    'src/s3/authenticate.ts',
    'src/s3/authorize.ts',
    'src/sigv4/sigv4.ts',
    'src/sigv4/verify-sigv4.ts',
  ],
  imds: ['src/**/*.ts', '!src/**/*.test.ts', '!src/index.ts'],
  apiserver: [
    // the pod identity webhook
    'src/admission/pod-identity-webhook.ts',
    'src/admission/service-account-cache.ts',
    'src/admission/webhook-types.ts',
    // TokenReview
    'src/token/review-token.ts',
  ],
  'ec2-node': ['src/kubelet/refresh-rule.ts'],
  // the issuer's key ring: rotation, and how long a retired key stays in the JWKS
  'oidc-issuer': ['src/issuer.ts', 'src/lib/key-record.ts'],
};
