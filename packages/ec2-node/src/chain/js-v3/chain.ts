/**
 * The JavaScript SDK v3 default chain in its order (docs/reference.md#javascript-sdk-v3): env,
 * SSO, shared files, process, web-identity token file, then the remote
 * provider (container or IMDS). It ends with "Could not load credentials
 * from any providers" when every link passes.
 */
import type { ProviderLink } from '../lib/probe.js';
import { fromEnv, fromIni, fromProcess, fromSSO, fromTokenFile } from './local-links.js';
import { fromContainerMetadata, fromHttp, fromInstanceMetadata } from './remote-links.js';

/** The JS v3 chain's last error when nothing resolved. */
export const JS_V3_NO_CREDENTIALS = 'Could not load credentials from any providers';

/** The providers of `defaultProvider()`, in order. */
export function jsV3Links(options: { readonly imdsExtendedPath: boolean }): readonly ProviderLink[] {
  return [
    fromEnv,
    fromSSO,
    fromIni,
    fromProcess,
    fromTokenFile,
    fromHttp,
    fromContainerMetadata,
    fromInstanceMetadata(options.imdsExtendedPath),
  ];
}
