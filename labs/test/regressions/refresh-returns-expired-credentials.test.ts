/**
 * Lab 8: an app that keeps returning its credentials for a while after they
 * expire (here up to 14 minutes) must fail, naming the time it was asked and
 * the expiry of what it returned; an app that renews exactly at expiry passes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWith, failures, LABS_ROOT, lab, text } from '../helpers.js';

const solution = readFileSync(join(LABS_ROOT, 'solutions', lab(8).folder, 'app.ts'), 'utf8');
const REUSE = 'if (cached && app.now() < cached.expirationMs - REFRESH_BEFORE_EXPIRY_MS) return cached;';

describe('lab 8: credentials are never returned expired', () => {
  it('an app with a 14-minute grace after expiry fails at the first expiry, naming the time and the expiry', async () => {
    expect(solution).toContain(REUSE);
    const app = solution.replace(
      REUSE,
      'if (cached && app.now() < cached.expirationMs + 14 * 60 * 1000) return cached;',
    );
    const report = await checkWith(8, { 'app.ts': app });
    expect(report.pass).toBe(false);
    const failed = report.steps.filter((s) => !s.ok);
    expect(failed).toHaveLength(1);
    const f = failures(report);
    // asked at 10:00, one hour after the 09:00 start, when the credentials issued at start-up expire
    expect(failed[0]?.title).toContain('60 minutes later');
    expect(f).toContain('2026-01-05T10:00:00Z');
    expect(f).toMatch(/expire[sd]? 2026-01-05T10:00:00Z/);
  });

  it('an app that renews exactly at expiry passes', async () => {
    const app = solution.replace(REUSE, 'if (cached && app.now() < cached.expirationMs) return cached;');
    const report = await checkWith(8, { 'app.ts': app });
    expect(report.pass, text(report)).toBe(true);
  });
});
