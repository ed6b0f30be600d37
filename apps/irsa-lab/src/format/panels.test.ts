/** Unit tests of panels as text, one per panel kind. */
import { describe, expect, it } from 'vitest';
import { flattenRecord, panelLines, panelTabLabel } from './panels.js';

const OPTS = { nowMs: Date.UTC(2026, 0, 5, 9), width: 80 };
const text = (lines: { text: string }[]) => lines.map((l) => l.text);

describe('panels', () => {
  it('shows the decoded token header and claims, NumericDates with their time, nested claims as the JWT nests them', () => {
    const lines = panelLines(
      {
        kind: 'token',
        title: 't',
        header: { alg: 'RS256', kid: 'k1' },
        claims: {
          sub: 'system:serviceaccount:a:b',
          aud: ['sts.amazonaws.com'],
          exp: 1767690000,
          'kubernetes.io': { namespace: 'a', pod: { name: 'p', uid: 'u' } },
        },
      },
      OPTS,
    );
    expect(text(lines)).toEqual([
      'header',
      '  alg: RS256',
      '  kid: k1',
      'claims',
      '  sub: system:serviceaccount:a:b',
      '  aud: ["sts.amazonaws.com"]',
      '  exp: 1767690000 (2026-01-06 09:00:00Z)',
      '  kubernetes.io:',
      '    namespace: a',
      '    pod:',
      '      name: p',
      '      uid: u',
    ]);
  });

  it("marks the token's kid among the issuer's keys, and says when it is missing", () => {
    const keys = [
      { kid: 'new', signing: true, note: 'current' },
      { kid: 'old', signing: false, note: 'retained' },
    ];
    const marked = panelLines({ kind: 'jwks', title: 'k', keys, markedKid: 'old' }, OPTS);
    expect(marked[1]).toEqual({ text: '▶ old  verify only  retained  ◀ token kid', tone: 'mark' });
    const stale = panelLines({ kind: 'jwks', title: 'k', keys, markedKid: 'gone' }, OPTS);
    expect(stale.at(-1)).toEqual({ text: "✗ the token's kid gone is not in this key set", tone: 'bad' });
  });

  it('never shows more of a secret access key than its last 4 characters', () => {
    const lines = panelLines(
      {
        kind: 'credentials',
        title: 'c',
        source: 'web identity',
        accessKeyId: 'ASIAEXAMPLE000000001',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
      OPTS,
    );
    expect(text(lines)).toContain('AccessKeyId:     ASIAEXAMPLE000000001');
    expect(text(lines)).toContain('SecretAccessKey: ****EKEY');
    expect(text(lines).join('\n')).not.toContain('wJalr');
  });

  it('says credentials have expired once the learner moved the clock past their expiration', () => {
    const panel = {
      kind: 'credentials' as const,
      title: 'c',
      source: 'web identity',
      accessKeyId: 'ASIAEXAMPLE000000001',
      secretAccessKey: 'x',
      expiration: '2026-01-05T10:00:00.000Z',
    };
    const at = (iso: string) => text(panelLines(panel, { ...OPTS, nowMs: Date.parse(iso) }));
    expect(at('2026-01-05T09:30:00Z')).toContain('Expiration:      2026-01-05T10:00:00.000Z');
    expect(at('2026-01-05T10:48:00Z')).toContain('Expiration:      2026-01-05T10:00:00.000Z  (expired 48m ago)');
  });

  it('shows the hop path with the deciding rule, and CloudTrail records with their error code', () => {
    const hops = panelLines(
      { kind: 'hop-path', title: 'h', hops: [{ depth: 0, text: 'hop 2 > limit 1', ok: false }], verdict: 'blocked' },
      OPTS,
    );
    expect(text(hops)).toEqual(['✗ hop 2 > limit 1', '→ blocked']);
    const trail = panelLines(
      {
        kind: 'cloudtrail',
        title: 'ct',
        records: [
          {
            eventTime: 't',
            eventName: 'AssumeRoleWithWebIdentity',
            errorCode: 'AccessDenied',
            userIdentity: { type: 'WebIdentityUser' },
          },
        ],
      },
      OPTS,
    );
    expect(trail[0]).toEqual({ text: 't  AssumeRoleWithWebIdentity  WebIdentityUser  ✗ AccessDenied', tone: 'bad' });
    expect(text(trail)).toContain('    errorCode: AccessDenied');
  });

  it('names every panel kind on the tab strip', () => {
    expect(panelTabLabel({ kind: 'trust-trace', title: '', trace: { title: '', allowed: true, lines: [] } })).toBe(
      'trust',
    );
    // a text panel is named for what it holds, never "notes"
    expect(panelTabLabel({ kind: 'text', title: 'pods.yaml', lines: [] })).toBe('pods.yaml');
    expect(panelTabLabel({ kind: 'text', title: 'MetadataOptions of i-043f9e5cf3d96c7e5', lines: [] })).toBe(
      'MetadataOptions',
    );
    expect(panelTabLabel({ kind: 'text', title: 'Environment of web/frontend', lines: [] })).toBe('env: web/frontend');
    expect(panelTabLabel({ kind: 'text', title: 'aws iam list-open-id-connect-providers', lines: [] })).toBe(
      'aws iam list-open-id-co…',
    );
    expect(panelTabLabel({ kind: 'text', title: '', lines: [] })).toBe('text');
  });

  it('flattens records, keeping arrays of primitives as JSON', () => {
    expect(flattenRecord({ a: { b: [1, 2] }, c: [] })).toEqual([
      ['a.b', '[1,2]'],
      ['c', '[]'],
    ]);
  });
});

describe('panels from a newer scenario package', () => {
  it('shows the fields of a panel kind it does not know', () => {
    const future = { kind: 'sigv4', title: 's', canonicalRequest: 'GET /' } as unknown as Parameters<
      typeof panelLines
    >[0];
    expect(text(panelLines(future, OPTS))).toContain('  canonicalRequest: GET /');
  });
});
