/**
 * `kubectl apply -f` and `kubectl create -f`: every document is parsed and
 * checked before anything is stored; then each object is created or merged
 * in file order, carrying on past API errors as kubectl does and reporting
 * them all at the end.
 */
import { isSimError, SimError } from '@irsa-lab/core';
import type { ServerContext } from '../lib/context.js';
import { checkManifest, type ParsedManifest, parseManifests } from '../manifest/parse-manifest.js';
import type { ApplyResult } from './applied.js';
import { createObject } from './create-object.js';
import { normalizeManifest } from './normalize.js';
import { updateObject } from './update-object.js';

/** Options of an apply, as kubectl flags. */
export interface ApplyOptions {
  /** `-n`: the namespace for objects that name none. Default `default`. */
  readonly namespace?: string;
}

async function applyOne(ctx: ServerContext, parsed: ParsedManifest, namespace: string): Promise<ApplyResult> {
  const m = normalizeManifest(parsed.kind, parsed.manifest, namespace);
  const origin = { file: parsed.file, line: parsed.line };
  const entry = ctx.store.get(m.kind, m.namespace, m.name);
  return entry ? updateObject(ctx, entry, m, origin) : createObject(ctx, m, origin, m.manifest);
}

/** One SimError for the failures of a run, keeping each failure and what did get applied. */
function aggregate(failures: { error: SimError; parsed: ParsedManifest }[], applied: ApplyResult[]): SimError {
  const [first] = failures as [{ error: SimError; parsed: ParsedManifest }];
  const errors = failures.map(({ error, parsed }) => ({
    code: error.code,
    message: error.message,
    kind: parsed.kind,
    file: parsed.file,
    line: parsed.line,
  }));
  return new SimError(
    first.error.code,
    failures.map((f) => f.error.message).join('\n'),
    {
      ...first.error.detail,
      file: first.parsed.file,
      line: first.parsed.line,
      errors,
      applied: applied.map((r) => r.summary),
    },
    { cause: first.error },
  );
}

async function run(
  ctx: ServerContext,
  parsed: ParsedManifest[],
  namespace: string,
  create: boolean,
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  const failures: { error: SimError; parsed: ParsedManifest }[] = [];
  for (const p of parsed) {
    try {
      if (create) {
        const m = normalizeManifest(p.kind, p.manifest, namespace);
        results.push(await createObject(ctx, m, { file: p.file, line: p.line }));
      } else {
        results.push(await applyOne(ctx, p, namespace));
      }
    } catch (err) {
      if (!isSimError(err)) throw err;
      failures.push({ error: err, parsed: p });
    }
  }
  if (failures.length > 0) throw aggregate(failures, results);
  return results;
}

/**
 * Apply a manifest (one or more YAML documents). Bad YAML or an unknown or
 * mistyped field throws INPUT_YAML / INPUT_SCHEMA naming file, line and
 * field, and nothing is applied. API errors (missing namespace or
 * ServiceAccount, invalid pod) are collected: the other objects are still
 * applied, then one SimError reports every failure.
 */
export async function applyManifests(
  ctx: ServerContext,
  text: string,
  file: string,
  options: ApplyOptions = {},
): Promise<ApplyResult[]> {
  return run(ctx, parseManifests(text, file), options.namespace ?? 'default', false);
}

/** Create one object given as a plain value (`kubectl create` of one object): same checks, no merge. */
export async function createFromValue(
  ctx: ServerContext,
  value: unknown,
  options: ApplyOptions & { readonly file?: string } = {},
): Promise<ApplyResult> {
  const file = options.file ?? '<object>';
  const parsed = checkManifest(value, file, () => ({ line: 0, column: 0 }));
  const [result] = (await run(ctx, [parsed], options.namespace ?? 'default', true)) as [ApplyResult];
  return result;
}
