/**
 * The security core that `npm run mutation` measures (docs/mutation.md): per
 * package, the files StrykerJS mutates, as globs relative to the package, or
 * only some functions of a file (as Stryker's `file:firstLine-lastLine`
 * ranges, found here by the functions' names, so that edits elsewhere in the
 * file do not shift them). Each package's mutants are tested by that
 * package's own suite.
 */
import { readFileSync } from 'node:fs';

/**
 * The line ranges of the named functions or methods of `file` in `pkg`: from
 * the line that declares one to the first later line closing it at the same
 * indentation. A name that is not found is an error, so a rename cannot
 * silently take code out of the measure.
 */
function functionsOf(pkg, file, names) {
  const lines = readFileSync(new URL(`../packages/${pkg}/${file}`, import.meta.url), 'utf8').split('\n');
  return names.map((name) => {
    const escaped = name.replace(/[#$]/g, '\\$&');
    const declares = new RegExp(`^(\\s*)(?:export )?(?:async )?(?:function )?${escaped}\\(`);
    // a declaration with a body, not an interface's signature
    const start = lines.findIndex((line) => declares.test(line) && !line.trimEnd().endsWith(';'));
    if (start === -1) throw new Error(`scripts/security-core.mjs: packages/${pkg}/${file} has no function ${name}`);
    const close = `${/^\s*/.exec(lines[start])[0]}}`;
    const end = lines.findIndex((line, i) => i > start && line === close);
    if (end === -1) throw new Error(`scripts/security-core.mjs: cannot find where ${name} ends in ${file}`);
    return `${file}:${start + 1}-${end + 1}`;
  });
}

/** The security core: per package, the files (or functions) mutated, relative to the package. */
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
    // STS AssumeRole (EKS Pod Identity's STS side): the caller, the trust policy's sts:AssumeRole and
    // sts:TagSession, the session tags and what a chained session inherits
    'src/sts/assume-role.ts',
    'src/sts/assume-role-steps.ts',
    'src/sts/session-tags.ts',
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
  // EKS Auth's AssumeRoleForPodIdentity: the token's checks and the steps up to STS
  eks: ['src/eks-auth/token.ts', 'src/eks-auth/assume-role-for-pod-identity.ts'],
  // the issuer's key ring: which key signs, rotation, and how long a retired key stays in the JWKS
  // (not the option checks, nor the faster path to the same signed bytes, which sign-bytes.test.ts pins)
  'oidc-issuer': [
    'src/lib/key-record.ts',
    ...functionsOf('oidc-issuer', 'src/issuer.ts', [
      'sign',
      'rotate',
      'jwks',
      'keys',
      '#published',
      '#addKey',
      '#scheduleRotation',
      '#scheduleRemoval',
      '#remove',
    ]),
  ],
};
