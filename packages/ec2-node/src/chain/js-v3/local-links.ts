/**
 * The first five providers of the JavaScript SDK v3 default chain
 * (docs/reference.md#javascript-sdk-v3, `@aws-sdk/credential-provider-node` `defaultProvider`):
 * fromEnv, fromSSO, fromIni, fromProcess, fromTokenFile. Each fails with
 * `tryNextLink` ("not configured here") so the chain moves on, except
 * fromTokenFile once it is configured: a missing token file or an STS error
 * propagates and ends the chain.
 */
import { AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME, AWS_WEB_IDENTITY_TOKEN_FILE } from '@irsa-lab/core';
import { loadSharedFiles, selectedProfile } from '../lib/ini.js';
import { type Probe, type ProviderLink, type ProviderStep, parseTimestampMs } from '../lib/probe.js';
import { jsV3StsEndpoint } from '../lib/sts-endpoint.js';
import { assumeRoleWithWebIdentity } from '../lib/web-identity.js';

const enoent = (path: string) => `ENOENT: no such file or directory, open '${path}'`;
const eacces = (path: string) => `EACCES: permission denied, open '${path}'`;
const sessionName = (probe: Probe) => `aws-sdk-js-session-${probe.ctx.clock.nowMs()}`;

/** fromEnv: static keys from the environment; passed over when AWS_PROFILE is set. */
export const fromEnv: ProviderLink = {
  name: 'fromEnv',
  async run(p) {
    const profile = p.env('AWS_PROFILE');
    if (profile) {
      const both = p.env('AWS_ACCESS_KEY_ID') && p.env('AWS_SECRET_ACCESS_KEY');
      const warning = both ? ' The SDK warns: Multiple credential sources detected.' : '';
      return p.skip(`AWS_PROFILE is set (${profile}), skipping fromEnv provider.${warning}`);
    }
    const accessKeyId = p.env('AWS_ACCESS_KEY_ID');
    const secretAccessKey = p.env('AWS_SECRET_ACCESS_KEY');
    const sessionToken = p.env('AWS_SESSION_TOKEN');
    const expirationMs = parseTimestampMs(p.env('AWS_CREDENTIAL_EXPIRATION') || undefined);
    if (!accessKeyId || !secretAccessKey) return p.next('Unable to find environment variable credentials.');
    return p.resolved(`static keys ${accessKeyId} from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY`, {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expirationMs === undefined ? {} : { expirationMs }),
    });
  },
};

/** fromSSO: only tried when SSO fields are passed in code, which a Pod's workload does not do here. */
export const fromSSO: ProviderLink = {
  name: 'fromSSO',
  async run(p) {
    return p.skip('Skipping SSO provider in default chain (inputs do not include SSO fields).');
  },
};

/** fromIni: the selected profile of the shared files: static keys or a web-identity profile. */
export const fromIni: ProviderLink = {
  name: 'fromIni',
  async run(p) {
    const { merged } = loadSharedFiles(p);
    const name = selectedProfile(p, 'js-v3');
    const data = merged[name];
    const notFound = `Could not resolve credentials using profile: [${name}] in configuration/credentials file(s).`;
    if (!data) return p.next(notFound);
    if (data.role_arn && (data.source_profile || data.credential_source)) {
      return p.next(`profile [${name}] assumes a role through source_profile/credential_source: not simulated`);
    }
    if (data.aws_access_key_id && data.aws_secret_access_key) {
      const sessionToken = data.aws_session_token;
      return p.resolved(`static keys ${data.aws_access_key_id} of profile [${name}]`, {
        accessKeyId: data.aws_access_key_id,
        secretAccessKey: data.aws_secret_access_key,
        ...(sessionToken ? { sessionToken } : {}),
      });
    }
    if (data.web_identity_token_file && data.role_arn) {
      return assumeRoleWithWebIdentity(p, {
        tokenFile: data.web_identity_token_file,
        roleArn: data.role_arn,
        roleSessionName: data.role_session_name || sessionName(p),
        endpoint: jsV3StsEndpoint(p, () => data.region, false),
        requireExpiration: false,
        missingFileMessage: enoent,
        deniedFileMessage: eacces,
      });
    }
    if (data.credential_process || data.sso_session || data.sso_start_url) {
      return p.next(`profile [${name}] uses credential_process or SSO: not simulated`);
    }
    return p.next(notFound);
  },
};

/** fromProcess: `credential_process` is not simulated; without one the real provider passes too. */
export const fromProcess: ProviderLink = {
  name: 'fromProcess',
  async run(p) {
    return p.skip('credential_process is not simulated; a profile without one is passed over');
  },
};

/** fromTokenFile: IRSA. Needs AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN; reads the file on every run. */
export const fromTokenFile: ProviderLink = {
  name: 'fromTokenFile',
  async run(p): Promise<ProviderStep> {
    const tokenFile = p.env(AWS_WEB_IDENTITY_TOKEN_FILE);
    const roleArn = p.env(AWS_ROLE_ARN);
    const roleSessionName = p.env(AWS_ROLE_SESSION_NAME);
    if (!tokenFile || !roleArn) return p.next('Web identity configuration not specified');
    const profileRegion = () => loadSharedFiles(p).merged[selectedProfile(p, 'js-v3')]?.region;
    return assumeRoleWithWebIdentity(p, {
      tokenFile,
      roleArn,
      roleSessionName: roleSessionName || sessionName(p),
      endpoint: jsV3StsEndpoint(p, profileRegion, true),
      requireExpiration: false,
      missingFileMessage: enoent,
      deniedFileMessage: eacces,
    });
  },
};
