/**
 * The shared config and credentials files (`~/.aws/config`,
 * `~/.aws/credentials`) as the SDKs find and merge them. No INI parser is
 * installed as a public module (smithy's `parseIni` is internal), so this is
 * a tiny line parser: `[section]` headers, `key = value` lines, `#`/`;`
 * comment lines; indented sub-keys (the `services` blocks) are ignored.
 */
import type { Probe } from './probe.js';

/** Profiles by name, each a map of its keys. */
export type IniProfiles = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Lines past this many are not read: a limit on everything. */
export const MAX_INI_LINES = 10_000;

/** The home directory when the container sets no HOME (a root container image). */
export const DEFAULT_HOME = '/root';

const SECTION = /^\[\s*([^[\]]+?)\s*\](?:\s*[#;].*)?$/;
const KEY_VALUE = /^([^=\s][^=]*?)\s*=\s*(.*)$/;

/**
 * Parse one file. In the config file `[profile x]` is profile `x` and
 * `[default]` is `default`; other sections (`sso-session`, `services`) are
 * dropped. In the credentials file every section is a profile.
 */
export function parseIni(text: string, kind: 'config' | 'credentials'): IniProfiles {
  const profiles: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/).slice(0, MAX_INI_LINES)) {
    if (/^\s/.test(raw)) continue; // an indented sub-key or a blank line
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = SECTION.exec(line);
    if (section) {
      const name = profileOfSection(section[1] as string, kind);
      if (name !== undefined) profiles[name] ??= {};
      current = name === undefined ? undefined : profiles[name];
      continue;
    }
    const pair = KEY_VALUE.exec(line);
    if (pair && current) current[(pair[1] as string).trim()] = (pair[2] as string).trim();
  }
  return profiles;
}

function profileOfSection(header: string, kind: 'config' | 'credentials'): string | undefined {
  if (kind === 'credentials') return header;
  if (header === 'default') return 'default';
  const match = /^profile\s+(.+)$/.exec(header);
  return match ? (match[1] as string).trim() : undefined;
}

/** Where the two files are: AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else under `$HOME/.aws`. */
export function sharedFilePaths(probe: Probe): { readonly credentials: string; readonly config: string } {
  const home = probe.env('HOME') || DEFAULT_HOME;
  const expand = (path: string) => (path.startsWith('~/') ? `${home}/${path.slice(2)}` : path);
  return {
    credentials: expand(probe.env('AWS_SHARED_CREDENTIALS_FILE') || `${home}/.aws/credentials`),
    config: expand(probe.env('AWS_CONFIG_FILE') || `${home}/.aws/config`),
  };
}

/** Both files read and parsed (a missing file is an empty one), and the merge the SDKs use: credentials keys win. */
export function loadSharedFiles(probe: Probe): {
  readonly config: IniProfiles;
  readonly credentials: IniProfiles;
  readonly merged: IniProfiles;
} {
  const paths = sharedFilePaths(probe);
  const config = parseIni(probe.file(paths.config) ?? '', 'config');
  const credentials = parseIni(probe.file(paths.credentials) ?? '', 'credentials');
  const merged: Record<string, Record<string, string>> = {};
  for (const [name, keys] of Object.entries(config)) merged[name] = { ...keys };
  for (const [name, keys] of Object.entries(credentials)) merged[name] = { ...merged[name], ...keys };
  return { config, credentials, merged };
}

/** The profile a chain uses: JS v3 reads AWS_PROFILE; botocore AWS_DEFAULT_PROFILE, then AWS_PROFILE. */
export function selectedProfile(probe: Probe, sdk: 'js-v3' | 'botocore'): string {
  if (sdk === 'botocore') return probe.env('AWS_DEFAULT_PROFILE') || probe.env('AWS_PROFILE') || 'default';
  return probe.env('AWS_PROFILE') || 'default';
}
