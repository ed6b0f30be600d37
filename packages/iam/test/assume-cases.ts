/**
 * Shared pieces of the AssumeRoleWithWebIdentity tests: request parameters,
 * the expected wire messages (docs/reference.md#sts-errors), and a runner
 * for error-path tables that asserts code, status, message and failing step.
 */

import type { AssumeRoleWithWebIdentityParams } from '@irsa-lab/iam';
import { expect, it } from 'vitest';
import { createHarness, type Harness, ROLE_ARN, START_MS } from './harness.js';

export const NOW = Math.floor(START_MS / 1000);
export const INVALID =
  'The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.';
export const NO_KEY =
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
export const DENIED = 'Not authorized to perform sts:AssumeRoleWithWebIdentity';

export function params(
  token: string,
  extra: Partial<AssumeRoleWithWebIdentityParams> = {},
): AssumeRoleWithWebIdentityParams {
  return { RoleArn: ROLE_ARN, RoleSessionName: 'app', WebIdentityToken: token, ...extra };
}

export interface ErrorCase {
  readonly title: string;
  /** The trace step that must fail. */
  readonly step: string;
  readonly request: (h: Harness) => Promise<AssumeRoleWithWebIdentityParams>;
  readonly arrange?: (h: Harness) => void;
  /** `message` is left out where the wire text AWS sends is not known (only code, status and step are pinned). */
  readonly expected: { readonly code: string; readonly status: number; readonly message?: string };
}

/** One test per case: a fresh harness, the call, then the wire error (exact where known) and the failing step. */
export function runErrorCases(cases: readonly ErrorCase[]): void {
  it.each(cases)('$title', async ({ request, arrange, step, expected }) => {
    const h = createHarness();
    arrange?.(h);
    const out = await h.sts.assumeRoleWithWebIdentity(await request(h));
    const message = expected.message ?? expect.any(String);
    expect(out.ok ? undefined : out.error).toEqual({ ...expected, message, type: 'Sender' });
    expect(out.trace.at(-1)).toMatchObject({ step, ok: false });
  });
}
