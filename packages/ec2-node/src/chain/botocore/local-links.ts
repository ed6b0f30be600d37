/**
 * botocore's providers that read the environment and the shared files
 * (docs/reference.md#botocore-and-boto3, `create_credential_resolver`): env, assume-role,
 * assume-role-with-web-identity, sso, shared-credentials-file, login,
 * process, config-file, ec2-credentials-file, boto-config. A provider that
 * finds nothing returns None and the resolver moves on; one that finds half
 * a configuration raises (PartialCredentialsError, InvalidConfigError), and
 * so does a failing web-identity call.
 */
import { AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME, AWS_WEB_IDENTITY_TOKEN_FILE } from '@irsa-lab/core';
import { type IniProfiles, loadSharedFiles, parseIni, selectedProfile, sharedFilePaths } from '../lib/ini.js';
import { type Probe, type ProviderLink, type ProviderStep, parseTimestampMs } from '../lib/probe.js';
import { botocoreStsEndpoint } from '../lib/sts-endpoint.js';
import { assumeRoleWithWebIdentity } from '../lib/web-identity.js';

const notSimulated = (what: string) => `${what} is not simulated; a profile without it is passed over`;

/** Static keys of one mapping (env or profile); a key without a secret raises, as botocore does. */
function staticKeys(
  p: Probe,
  keys: { readonly id: string; readonly secret?: string; readonly token?: string },
  where: string,
  secretName: string,
): ProviderStep {
  if (!keys.secret) {
    return p.stop('PartialCredentialsError', `Partial credentials found in ${where}, missing: ${secretName}`);
  }
  return p.resolved(`static keys ${keys.id} from ${where}`, {
    accessKeyId: keys.id,
    secretAccessKey: keys.secret,
    ...(keys.token ? { sessionToken: keys.token } : {}),
  });
}

/** env: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (AWS_PROFILE does not turn it off in botocore). */
export const env: ProviderLink = {
  name: 'env',
  async run(p) {
    const id = p.env('AWS_ACCESS_KEY_ID');
    if (!id) return p.next('AWS_ACCESS_KEY_ID not set');
    const secret = p.env('AWS_SECRET_ACCESS_KEY');
    const token = p.env('AWS_SECURITY_TOKEN') ?? p.env('AWS_SESSION_TOKEN');
    const step = staticKeys(p, { id, secret, token }, 'env', 'AWS_SECRET_ACCESS_KEY');
    const expirationMs = parseTimestampMs(p.env('AWS_CREDENTIAL_EXPIRATION'));
    if (!step.credentials || expirationMs === undefined) return step;
    return { ...step, credentials: { ...step.credentials, expirationMs } };
  },
};

/** assume-role: a profile with role_arn and source_profile / credential_source (not simulated). */
export const assumeRole: ProviderLink = {
  name: 'assume-role',
  async run(p) {
    const name = selectedProfile(p, 'botocore');
    const profile = loadSharedFiles(p).merged[name];
    if (
      profile?.role_arn &&
      !profile.web_identity_token_file &&
      (profile.source_profile || profile.credential_source)
    ) {
      return p.skip(`profile [${name}] assumes ${profile.role_arn} through a source: ${notSimulated('AssumeRole')}`);
    }
    return p.next(`profile [${name}] has no role_arn with source_profile / credential_source`);
  },
};

function webIdentityConfig(p: Probe, profiles: IniProfiles, name: string) {
  const read = (key: string, envName: string) => p.env(envName) ?? profiles[name]?.[key];
  return {
    tokenFile: read('web_identity_token_file', AWS_WEB_IDENTITY_TOKEN_FILE),
    roleArn: read('role_arn', AWS_ROLE_ARN),
    roleSessionName: read('role_session_name', AWS_ROLE_SESSION_NAME),
  };
}

/** assume-role-with-web-identity: IRSA, from the env or the profile; deferred until first use (a resolve is a use). */
export const assumeRoleWithWebIdentityLink: ProviderLink = {
  name: 'assume-role-with-web-identity',
  async run(p) {
    const name = selectedProfile(p, 'botocore');
    const profiles = loadSharedFiles(p).merged;
    const config = webIdentityConfig(p, profiles, name);
    if (!config.tokenFile) return p.next('no AWS_WEB_IDENTITY_TOKEN_FILE nor web_identity_token_file');
    if (!config.roleArn) {
      return p.stop(
        'InvalidConfigError',
        'The provided profile or the current environment is configured to assume role with web identity but has no role ARN configured. Ensure that the profile has the role_arnconfiguration set or the AWS_ROLE_ARN env var is set.',
      );
    }
    const nowSeconds = Math.floor(p.ctx.clock.nowMs() / 1000);
    return assumeRoleWithWebIdentity(p, {
      tokenFile: config.tokenFile,
      roleArn: config.roleArn,
      roleSessionName: config.roleSessionName || `botocore-session-${nowSeconds}`,
      endpoint: botocoreStsEndpoint(p, () => profiles[name]?.region),
      requireExpiration: true,
      missingFileMessage: (path) => `[Errno 2] No such file or directory: '${path}'`,
      deniedFileMessage: (path) => `[Errno 13] Permission denied: '${path}'`,
    });
  },
};

/** shared-credentials-file: keys of the profile in ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE). */
export const sharedCredentialsFile: ProviderLink = {
  name: 'shared-credentials-file',
  async run(p) {
    const name = selectedProfile(p, 'botocore');
    const path = sharedFilePaths(p).credentials;
    const profile = parseIni(p.file(path) ?? '', 'credentials')[name];
    const id = profile?.aws_access_key_id;
    if (!id) return p.next(`no aws_access_key_id in [${name}] of ${path}`);
    const token = profile.aws_security_token ?? profile.aws_session_token;
    return staticKeys(
      p,
      { id, secret: profile.aws_secret_access_key, token },
      `${path} [${name}]`,
      'aws_secret_access_key',
    );
  },
};

/** config-file: keys of the profile in ~/.aws/config (AWS_CONFIG_FILE). */
export const configFile: ProviderLink = {
  name: 'config-file',
  async run(p) {
    const name = selectedProfile(p, 'botocore');
    const path = sharedFilePaths(p).config;
    const profile = parseIni(p.file(path) ?? '', 'config')[name];
    const id = profile?.aws_access_key_id;
    if (!id) return p.next(`no aws_access_key_id in profile ${name} of ${path}`);
    const token = profile.aws_security_token ?? profile.aws_session_token;
    const where = `${path} [profile ${name}]`;
    return staticKeys(p, { id, secret: profile.aws_secret_access_key, token }, where, 'aws_secret_access_key');
  },
};

function notSimulatedLink(name: ProviderLink['name'], what: string): ProviderLink {
  return {
    name,
    async run(p) {
      return p.skip(notSimulated(what));
    },
  };
}

export const sso = notSimulatedLink('sso', 'SSO (sso_session / sso_role_name)');
export const login = notSimulatedLink('login', 'login_session');
export const processLink = notSimulatedLink('process', 'credential_process');
export const ec2CredentialsFile = notSimulatedLink('ec2-credentials-file', 'AWS_CREDENTIAL_FILE (boto2)');
export const botoConfig = notSimulatedLink('boto-config', 'BOTO_CONFIG / ~/.boto');
