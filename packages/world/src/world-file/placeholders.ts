/**
 * Placeholders a world file may use where it cannot know a value in advance:
 * the cluster's OIDC issuer gets a fresh id in every world, so a trust
 * policy names it as `${OIDC_PROVIDER}` (the EKS user guide's `$oidc_provider`)
 * or `${OIDC_PROVIDER_ARN}`. Only these upper-case names are replaced, so
 * IAM policy variables such as `${aws:username}` pass through untouched.
 */
import type { World } from '../create-world.js';

/** The placeholders and what each stands for. */
export const PLACEHOLDERS = {
  ACCOUNT_ID: 'the cluster account, e.g. 111122223333',
  REGION: 'the cluster region, e.g. us-west-2',
  CLUSTER_NAME: 'the cluster name, e.g. demo',
  OIDC_ISSUER_URL: 'the issuer URL, https://oidc.eks.<region>.amazonaws.com/id/<ID>',
  OIDC_PROVIDER: 'the issuer without https://, the prefix of the trust-policy condition keys',
  OIDC_PROVIDER_ARN: 'the ARN of the IAM OIDC provider for the issuer in the cluster account',
} as const;

/** The value of every placeholder in `world`. */
export function placeholderValues(world: World): Readonly<Record<keyof typeof PLACEHOLDERS, string>> {
  return {
    ACCOUNT_ID: world.accountId,
    REGION: world.region,
    CLUSTER_NAME: world.clusterName,
    OIDC_ISSUER_URL: world.issuer.issuerUrl,
    OIDC_PROVIDER: world.issuerHostPath,
    OIDC_PROVIDER_ARN: world.providerArn,
  };
}

/** `text` with every known `${NAME}` replaced (none of the values holds a newline, so lines stay where they were). */
export function substitutePlaceholders(text: string, world: World): string {
  const values: Readonly<Record<string, string>> = placeholderValues(world);
  return text.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
}
