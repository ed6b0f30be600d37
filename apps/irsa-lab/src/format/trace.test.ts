/** Unit tests of decision traces as text. */
import { describe, expect, it } from 'vitest';
import { traceLines } from './trace.js';

describe('traceLines', () => {
  it('puts the verdict first and marks each condition ✓, ✗ or ·, indented by depth', () => {
    const lines = traceLines({
      title: 'trust policy of role r',
      allowed: false,
      lines: [
        { depth: 0, text: 'Statement 1', ok: false },
        { depth: 1, text: 'aud = sts.amazonaws.com', ok: true },
        { depth: 1, text: 'sub = ns:billing, token sub = ns:attacker', ok: false },
        { depth: 2, text: 'StringEquals is exact' },
      ],
    });
    expect(lines).toEqual([
      { text: '✗ DENIED: trust policy of role r', tone: 'bad' },
      { text: '✗ Statement 1', tone: 'bad' },
      { text: '  ✓ aud = sts.amazonaws.com', tone: 'ok' },
      { text: '  ✗ sub = ns:billing, token sub = ns:attacker', tone: 'bad' },
      { text: '    · StringEquals is exact' },
    ]);
  });

  it("uses the trace's own verdict word where ALLOWED / DENIED would misdescribe it", () => {
    const lines = traceLines({
      title: 'pod identity webhook on CREATE of payments/billing-api',
      allowed: false,
      verdict: 'NOT MUTATED (admitted as written)',
      lines: [{ depth: 0, text: 'skip: no eks.amazonaws.com/role-arn annotation', ok: false }],
    });
    expect(lines[0]).toEqual({
      text: '✗ NOT MUTATED (admitted as written): pod identity webhook on CREATE of payments/billing-api',
      tone: 'bad',
    });
  });
});
