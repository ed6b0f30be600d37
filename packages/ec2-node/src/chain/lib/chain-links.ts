/**
 * Which links a workload's chain really has: an SDK older than the first
 * version with the web-identity provider has no such link (the EKS user
 * guide's "Use IRSA with the AWS SDK" lists those versions), and an app may
 * build its own, narrower chain from a few providers instead of the default
 * one. Simplification: below the minimum only the env/file web-identity
 * provider is gone (a profile's web_identity_token_file too, for JS v3's
 * fromIni, is not modelled as missing); every other provider is today's.
 */
import type { ProviderName, SdkFlavor } from '../types.js';
import type { ProviderLink } from './probe.js';

/** The first versions whose default chain reads AWS_WEB_IDENTITY_TOKEN_FILE (EKS user guide, IRSA minimum SDK versions). */
export const MIN_WEB_IDENTITY_VERSION: Readonly<Record<SdkFlavor, string>> = {
  'js-v3': '3.27.0',
  botocore: '1.12.200',
};

/** The web-identity provider of each chain. */
export const WEB_IDENTITY_PROVIDER: Readonly<Record<SdkFlavor, ProviderName>> = {
  'js-v3': 'fromTokenFile',
  botocore: 'assume-role-with-web-identity',
};

const SDK_PACKAGE: Readonly<Record<SdkFlavor, string>> = {
  'js-v3': '@aws-sdk/credential-provider-node',
  botocore: 'botocore',
};

const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

/** Compare two `major.minor.patch` versions: negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = VERSION.exec(a);
  const pb = VERSION.exec(b);
  if (!pa || !pb) throw new TypeError(`versions must be major.minor.patch, got ${a} and ${b}`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether `version` of `sdk` (undefined: a current one) has the web-identity provider in its default chain. */
export function hasWebIdentity(sdk: SdkFlavor, version: string | undefined): boolean {
  return version === undefined || compareVersions(version, MIN_WEB_IDENTITY_VERSION[sdk]) >= 0;
}

/** A provider this SDK version does not have: it reads nothing and passes. */
function absent(name: ProviderName, sdk: SdkFlavor, version: string): ProviderLink {
  const why = `not in ${SDK_PACKAGE[sdk]} ${version}: the web identity provider joined the default chain in ${MIN_WEB_IDENTITY_VERSION[sdk]}`;
  return {
    name,
    async run(p) {
      return p.skip(why);
    },
  };
}

/** What shapes a chain: the SDK's version, and the providers an app chose for its own chain. */
export interface ChainShape {
  readonly sdkVersion?: string;
  /** An app's own chain (JS `chain(fromEnv(), fromInstanceMetadata())`): these providers, in this order. */
  readonly providers?: readonly ProviderName[];
}

/** The links of `sdk`'s chain for this shape; TypeError for a bad version or a provider the SDK does not have. */
export function shapeLinks(links: readonly ProviderLink[], sdk: SdkFlavor, shape: ChainShape): ProviderLink[] {
  const { sdkVersion, providers } = shape;
  if (sdkVersion !== undefined && !VERSION.test(sdkVersion)) {
    throw new TypeError(`sdkVersion must be major.minor.patch, got ${sdkVersion}`);
  }
  const versioned = links.map((link) =>
    link.name === WEB_IDENTITY_PROVIDER[sdk] && !hasWebIdentity(sdk, sdkVersion)
      ? absent(link.name, sdk, sdkVersion as string)
      : link,
  );
  if (providers === undefined) return versioned;
  if (providers.length === 0) throw new TypeError('a chain needs at least one provider');
  return providers.map((name) => {
    const link = versioned.find((l) => l.name === name);
    if (!link) throw new TypeError(`${sdk} has no provider ${name}`);
    return link;
  });
}
