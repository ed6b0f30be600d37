/**
 * ARN shapes of IAM, STS and S3 entities: roles, instance profiles, OIDC
 * providers, assumed-role sessions, buckets and objects, and a parser for the
 * generic `arn:partition:service:region:account:resource`. Every ARN the
 * simulation builds is built here.
 */

/** The parts of an ARN. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

/** Split an ARN into its parts; undefined if it is not `arn:` followed by five `:`-separated parts. */
export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, accountId] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (!partition || !service || resource === '') return undefined;
  return { partition, service, region, accountId, resource };
}

/** `arn:aws:iam::<acct>:role<path><name>` (path `/` gives `role/<name>`). */
export function roleArn(accountId: string, path: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role${path}${roleName}`;
}

/** The account and role name of a role ARN, or undefined if `arn` is not an IAM role ARN. */
export function parseRoleArn(arn: string): { accountId: string; path: string; roleName: string } | undefined {
  const p = parseArn(arn);
  if (p?.service !== 'iam' || p.region !== '' || !/^\d{12}$/.test(p.accountId)) return undefined;
  if (!p.resource.startsWith('role/')) return undefined;
  const rest = p.resource.slice('role'.length);
  const cut = rest.lastIndexOf('/');
  const roleName = rest.slice(cut + 1);
  if (roleName === '') return undefined;
  return { accountId: p.accountId, path: rest.slice(0, cut + 1), roleName };
}

/** The issuer without its scheme, as IAM keeps it: `oidc.eks.<region>.amazonaws.com/id/<ID>`. */
export function issuerHostPath(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, '');
}

/** `arn:aws:iam::<acct>:oidc-provider/<issuer without https://>`. */
export function oidcProviderArn(accountId: string, issuerUrl: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${issuerHostPath(issuerUrl)}`;
}

/** `arn:aws:iam::<acct>:instance-profile/<name>` (no path). */
export function instanceProfileArn(accountId: string, instanceProfileName: string): string {
  return `arn:aws:iam::${accountId}:instance-profile/${instanceProfileName}`;
}

/** `arn:aws:sts::<acct>:assumed-role/<RoleName>/<RoleSessionName>` (the role's path is not part of it). */
export function assumedRoleArn(accountId: string, roleName: string, roleSessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${roleSessionName}`;
}

/** `arn:aws:s3:::<bucket>` (S3 ARNs carry neither region nor account). `*` gives every bucket. */
export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

/** `arn:aws:s3:::<bucket>/<key>` */
export function objectArn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}
