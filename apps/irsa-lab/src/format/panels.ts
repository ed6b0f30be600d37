/**
 * Panels as display lines: the decoded token, the issuer's keys with the
 * signing kid marked, trust and chain traces, the hop path to IMDS,
 * credentials (masked), CloudTrail records and the timeline. Pure, so the
 * Ink view and the plain transcript print exactly the same thing.
 */
import type { Panel } from '../scenario-api.js';
import { maskSecret, redactRecord } from './secrets.js';
import { type DisplayLine, line, padEnd } from './text.js';
import { describeNumericDate, formatRelative } from './time.js';
import { timelineLines } from './timeline.js';
import { traceLine, traceLines } from './trace.js';

export interface PanelOptions {
  /** The live simulated now (timelines mark it). */
  readonly nowMs: number;
  /** Columns available to the panel. */
  readonly width: number;
}

const TAB_LABELS: Record<Panel['kind'], string> = {
  token: 'token',
  jwks: 'keys',
  'trust-trace': 'trust',
  'hop-path': 'hops',
  credentials: 'creds',
  cloudtrail: 'cloudtrail',
  chain: 'chain',
  timeline: 'timeline',
  text: 'text',
};

const TAB_WIDTH = 24;
const NUMERIC_DATES = new Set(['iat', 'nbf', 'exp', 'auth_time']);

/**
 * The short name of a panel on the tab strip, for what it holds: a text panel by its title (`pods.yaml`,
 * `MetadataOptions`, `env: web/frontend`), the others by their kind (`token`, `keys`, `trust`).
 */
export function panelTabLabel(panel: Panel): string {
  if (panel.kind !== 'text') return TAB_LABELS[panel.kind];
  if (panel.title.trim() === '') return 'text';
  const title = panel.title
    .replace(/^Environment of /, 'env: ')
    .replace(/^(\S+) of i-[0-9a-f]+$/, '$1')
    .replace(/^curl from /, 'curl: ');
  return [...title].length <= TAB_WIDTH ? title : `${[...title].slice(0, TAB_WIDTH - 1).join('')}…`;
}

/** A JWT's claims as the token holds them: nested objects indented under their key (`kubernetes.io` → `pod` → `name`). */
export function nestedFields(record: Readonly<Record<string, unknown>>, indent = '  ', depth = 0): DisplayLine[] {
  return Object.entries(record).flatMap(([key, value]) => {
    if (value === undefined) return [];
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 4) {
      return [line(`${indent}${key}:`), ...nestedFields(value as Record<string, unknown>, `${indent}  `, depth + 1)];
    }
    const shown =
      depth === 0 && NUMERIC_DATES.has(key) && typeof value === 'number'
        ? describeNumericDate(value)
        : typeof value === 'string'
          ? value
          : JSON.stringify(value);
    return [line(`${indent}${key}: ${shown}`)];
  });
}

/** Flatten a record into `path: value` pairs (nested objects dotted, arrays of primitives as JSON). */
export function flattenRecord(record: unknown, prefix = '', depth = 0): [string, string][] {
  if (record === null || typeof record !== 'object' || depth > 4) {
    return [[prefix || 'value', typeof record === 'string' ? record : (JSON.stringify(record) ?? 'undefined')]];
  }
  const entries = Array.isArray(record) ? record.map((v, i) => [String(i), v] as const) : Object.entries(record);
  if (Array.isArray(record) && record.every((v) => v === null || typeof v !== 'object')) {
    return [[prefix || 'value', JSON.stringify(record)]];
  }
  if (entries.length === 0) return [[prefix || 'value', Array.isArray(record) ? '[]' : '{}']];
  return entries.flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value === undefined) return [];
    if (value !== null && typeof value === 'object') return flattenRecord(value, path, depth + 1);
    if (depth === 0 && NUMERIC_DATES.has(key) && typeof value === 'number') {
      return [[path, describeNumericDate(value)] as [string, string]];
    }
    return [[path, typeof value === 'string' ? value : JSON.stringify(value)] as [string, string]];
  });
}

function fields(record: unknown, indent = '  '): DisplayLine[] {
  return flattenRecord(redactRecord(record)).map(([k, v]) => line(`${indent}${k}: ${v}`));
}

function jwksLines(panel: Extract<Panel, { kind: 'jwks' }>): DisplayLine[] {
  const kidWidth = Math.min(24, Math.max(3, ...panel.keys.map((k) => k.kid.length)));
  const out = panel.keys.map((k) => {
    const marked = panel.markedKid === k.kid;
    const role = k.signing ? 'signing' : 'verify only';
    const text = `${marked ? '▶' : ' '} ${padEnd(k.kid, kidWidth)}  ${padEnd(role, 11)}  ${k.note}${marked ? '  ◀ token kid' : ''}`;
    return line(text, marked ? 'mark' : undefined);
  });
  if (panel.keys.length === 0) out.push(line('(no keys published)', 'warn'));
  if (panel.markedKid && !panel.keys.some((k) => k.kid === panel.markedKid)) {
    out.push(line(`✗ the token's kid ${panel.markedKid} is not in this key set`, 'bad'));
  }
  return out;
}

/**
 * The credentials a step obtained. The panel is what the step saw; the clock may have moved since (h, d, w,
 * n), so an expiration already past says so.
 */
function credentialLines(panel: Extract<Panel, { kind: 'credentials' }>, nowMs: number): DisplayLine[] {
  const expiresMs = panel.expiration ? Date.parse(panel.expiration) : Number.NaN;
  const expired = Number.isFinite(expiresMs) && expiresMs <= nowMs;
  return [
    line(`source:          ${panel.source}`),
    line(`AccessKeyId:     ${panel.accessKeyId}`),
    line(`SecretAccessKey: ${maskSecret(panel.secretAccessKey)}`),
    ...(panel.expiration
      ? [
          expired
            ? line(`Expiration:      ${panel.expiration}  (expired ${formatRelative(expiresMs, nowMs)})`, 'warn')
            : line(`Expiration:      ${panel.expiration}`),
        ]
      : []),
    ...(panel.identity ? [line(`identity:        ${panel.identity}`)] : []),
  ];
}

/** The CloudTrail fields that answer "who did what, as whom, and why was it refused", shown first. */
const CLOUDTRAIL_FIRST = [
  'errorCode',
  'errorMessage',
  'userIdentity.principalId',
  'userIdentity.userName',
  'requestParameters.roleArn',
  'requestParameters.roleSessionName',
  'responseElements.assumedRoleUser.arn',
  'responseElements.credentials.accessKeyId',
  'sourceIPAddress',
  'irsaLab.tokenJti',
];

function cloudtrailFields(record: Record<string, unknown>): DisplayLine[] {
  const rank = (k: string) => {
    const i = CLOUDTRAIL_FIRST.indexOf(k);
    return i < 0 ? CLOUDTRAIL_FIRST.length : i;
  };
  const skip = new Set(['eventTime', 'eventName', 'userIdentity.type']);
  return flattenRecord(redactRecord(record))
    .filter(([k]) => !skip.has(k))
    .map(([k, v], i) => ({ k, v, i }))
    .sort((a, b) => rank(a.k) - rank(b.k) || a.i - b.i)
    .map(({ k, v }) => line(`    ${k}: ${v}`, rank(k) < CLOUDTRAIL_FIRST.length ? undefined : 'dim'));
}

function cloudtrailLines(panel: Extract<Panel, { kind: 'cloudtrail' }>): DisplayLine[] {
  if (panel.records.length === 0) return [line('(no records)', 'dim')];
  return panel.records.flatMap((record) => {
    const r = record as Record<string, unknown>;
    const identity = (r.userIdentity ?? {}) as Record<string, unknown>;
    const error = typeof r.errorCode === 'string' ? r.errorCode : undefined;
    const head = [r.eventTime, r.eventName, identity.type, error ? `✗ ${error}` : '✓']
      .filter((v) => v !== undefined)
      .join('  ');
    return [line(String(head), error ? 'bad' : 'ok'), ...cloudtrailFields(r)];
  });
}

/** Every line of one panel (not yet cut to a height). */
export function panelLines(panel: Panel, options: PanelOptions): DisplayLine[] {
  switch (panel.kind) {
    case 'token':
      return [
        line('header', 'title'),
        ...nestedFields(panel.header),
        line('claims', 'title'),
        ...nestedFields(panel.claims),
      ];
    case 'jwks':
      return jwksLines(panel);
    case 'trust-trace':
    case 'chain':
      return traceLines(panel.trace);
    case 'hop-path':
      return [...panel.hops.map(traceLine), line(`→ ${panel.verdict}`, 'title')];
    case 'credentials':
      return credentialLines(panel, options.nowMs);
    case 'cloudtrail':
      return cloudtrailLines(panel);
    case 'timeline':
      return [
        ...(panel.changes && panel.changes.length > 0
          ? [
              line('what changed', 'title'),
              ...panel.changes.map((c) => line(`  • ${c}`)),
              line('lifetimes now', 'title'),
            ]
          : []),
        ...timelineLines(panel.lanes, options),
      ];
    case 'text':
      return panel.lines.map((t) => line(t));
    default:
      // a panel kind newer than this app: show its fields rather than nothing
      return fields(panel);
  }
}
