/**
 * botocore's default resolver in its order (docs/reference.md#botocore-and-boto3): env,
 * assume-role, assume-role-with-web-identity, sso, shared-credentials-file,
 * login, process, config-file, ec2-credentials-file, boto-config,
 * container-role, iam-role. Web identity comes before the shared files here,
 * after them in JS v3. Nothing found ends in NoCredentialsError.
 */
import type { ProviderLink } from '../lib/probe.js';
import {
  assumeRole,
  assumeRoleWithWebIdentityLink,
  botoConfig,
  configFile,
  ec2CredentialsFile,
  env,
  login,
  processLink,
  sharedCredentialsFile,
  sso,
} from './local-links.js';
import { containerRole, iamRole } from './remote-links.js';

/** botocore's NoCredentialsError message. */
export const BOTOCORE_NO_CREDENTIALS = 'Unable to locate credentials';

/** The providers of `create_credential_resolver`, in order. */
export const BOTOCORE_LINKS: readonly ProviderLink[] = [
  env,
  assumeRole,
  assumeRoleWithWebIdentityLink,
  sso,
  sharedCredentialsFile,
  login,
  processLink,
  configFile,
  ec2CredentialsFile,
  botoConfig,
  containerRole,
  iamRole,
];
