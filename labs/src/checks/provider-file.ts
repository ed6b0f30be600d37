/**
 * The learner's `--cli-input-json` for `aws iam create-open-id-connect-provider`
 * (labs 1 and 9): read with the CLI's parameter names, then registered in
 * the world's IAM; what IAM rejects is reported at the field's line.
 */

import { isSimError } from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';
import { z } from 'zod';
import { LabInputError } from '../learner/input-error.js';
import type { LabFiles } from '../learner/lab-files.js';
import { type ParsedDoc, parseJson } from '../learner/parsed-doc.js';
import { readInput } from '../learner/read-input.js';
import { ISSUER_URL } from '../sim/workshop-world.js';

/** The provider the learner asked for, and where its fields are. */
export interface ProviderInput {
  readonly doc: ParsedDoc;
  readonly Url: string;
  readonly ClientIDList: readonly string[];
  readonly ThumbprintList: readonly string[];
}

const STRINGS = z.array(z.string().min(1)).max(100);
/** CreateOpenIDConnectProvider's parameters as the CLI names them (Tags are passed over). */
const PARAMETERS = z.strictObject({
  Url: z.string().min(1),
  ClientIDList: STRINGS.optional(),
  ThumbprintList: STRINGS.optional(),
  Tags: z.unknown().optional(),
});

/** Read `file` as CreateOpenIDConnectProvider input. */
export function readProviderInput(files: LabFiles, file: string): ProviderInput {
  const doc = parseJson(files.read(file), file);
  const input = readInput(doc, PARAMETERS);
  return { doc, Url: input.Url, ClientIDList: input.ClientIDList ?? [], ThumbprintList: input.ThumbprintList ?? [] };
}

/**
 * `aws iam create-open-id-connect-provider` in `accountId` with the input.
 * @throws LabInputError SCHEMA at the field IAM rejected.
 */
export function createProvider(world: World, accountId: string, input: ProviderInput): string {
  try {
    return world.iam.createOpenIdConnectProvider(accountId, {
      Url: input.Url,
      ClientIDList: input.ClientIDList,
      ThumbprintList: input.ThumbprintList,
    }).Arn;
  } catch (err) {
    if (!isSimError(err)) throw err;
    const field = typeof err.detail.field === 'string' ? err.detail.field : undefined;
    const pos = field ? input.doc.locate([field]) : undefined;
    const code = typeof err.detail.awsCode === 'string' ? err.detail.awsCode : err.code;
    throw new LabInputError(
      'SCHEMA',
      { file: input.doc.file, ...pos },
      `${field ? `${field}: ` : ''}IAM rejected the provider (${code}): ${err.message}`,
    );
  }
}

/** `file:line` of a top-level field of the input. */
export function fieldAt(input: ProviderInput, field: string): string {
  return `${input.doc.file}:${input.doc.locate([field]).line}`;
}

/** How a Url differs from the cluster's issuer, for the ways learners get it almost right. */
function difference(url: string): string {
  if (url.replace(/\/+$/, '') === ISSUER_URL) return ': drop the trailing slash, which the issuer does not have';
  if (url.toLowerCase() === ISSUER_URL.toLowerCase())
    return ': IAM compares URLs case-sensitively, and the ID is upper case';
  return ' (character for character: https://, no trailing slash)';
}

/** `file:line Url is "…"; expected the cluster's issuer, …`, saying how they differ. */
export function urlLine(input: ProviderInput): string {
  return `${fieldAt(input, 'Url')} Url is "${input.Url}"; expected the cluster's issuer, ${ISSUER_URL}${difference(input.Url)}`;
}
