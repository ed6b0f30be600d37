/**
 * What the manifest checker needs beyond core/document's problems: the
 * field path in Kubernetes notation (`spec.containers[0].env[1].value`,
 * `metadata.annotations[eks.amazonaws.com/role-arn]`: map keys in brackets,
 * known from the schema), and the checked object with its keys in the order
 * they were written (zod gives its shape's order).
 */
import type { DocumentPath } from '@irsa-lab/core/document';
import { isPlainObject } from '../lib/json.js';

/** The parts of a zod schema's definition the notation walks through. */
interface Def {
  readonly type?: string;
  readonly innerType?: unknown;
  readonly out?: unknown;
  readonly shape?: Readonly<Record<string, unknown>>;
  readonly valueType?: unknown;
  readonly element?: unknown;
}

function defOf(schema: unknown): Def {
  return ((schema as { def?: Def } | undefined)?.def ?? {}) as Def;
}

/** Past optional and preprocessing wrappers to the schema that holds the value. */
function unwrap(schema: unknown): Def {
  let def = defOf(schema);
  for (let i = 0; i < 8 && (def.type === 'optional' || def.type === 'pipe'); i++) {
    def = defOf(def.type === 'optional' ? def.innerType : def.out);
  }
  return def;
}

/**
 * `path` as Kubernetes writes a field: object fields after dots, map keys and
 * list indexes in brackets.
 * @example kubeFieldText(podSchema, ['metadata', 'annotations', 'a/b']) // 'metadata.annotations[a/b]'
 */
export function kubeFieldText(schema: unknown, path: DocumentPath): string {
  let def: Def | undefined = unwrap(schema);
  let out = '';
  for (const segment of path) {
    const isMapKey = def?.type === 'record';
    if (typeof segment === 'number' || isMapKey) out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
    const next: unknown =
      def?.type === 'array'
        ? def.element
        : isMapKey
          ? def?.valueType
          : def?.type === 'object'
            ? def.shape?.[String(segment)]
            : undefined;
    def = next === undefined ? undefined : unwrap(next);
  }
  return out;
}

/** `output` (what zod made of `input`) with every mapping's keys in `input`'s order. */
export function inInputOrder(output: unknown, input: unknown): unknown {
  if (Array.isArray(output) && Array.isArray(input)) return output.map((item, i) => inInputOrder(item, input[i]));
  if (!isPlainObject(output) || !isPlainObject(input)) return output;
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (Object.hasOwn(output, key)) ordered[key] = inInputOrder(output[key], input[key]);
  }
  return ordered;
}
