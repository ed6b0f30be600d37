/**
 * Policy JSON with positions. Text is parsed strictly by jsonc-parser (no
 * comments, no trailing commas, as IAM), and every grammar error points at a
 * node of its tree by line and column. Values parsed elsewhere are turned
 * into a tree of the same shape without positions, so one grammar serves both.
 */
import { SimError } from '@irsa-lab/core';
import { getLocation, type JSONPath, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';

/** A path into a policy as segments: `['Statement', 0, 'Condition', 'StringEquals', 'oidc.eks…/id/X:sub']`. */
export type FieldPath = readonly (string | number)[];

/** Deepest nesting accepted from an object (a policy is at most 5 levels deep). */
const MAX_DEPTH = 32;

/** Format a JSON path the way the errors name fields: `Statement[0].Condition.StringEquals`. */
export function fieldName(path: FieldPath): string {
  let out = '';
  for (const segment of path)
    out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out === '' ? '(document)' : out;
}

/** Where a policy came from, and how to report an error in it. */
export class PolicySource {
  readonly #text: string | undefined;
  readonly #file: string | undefined;
  readonly #name: string;
  #lineStarts: number[] | undefined;

  constructor(name: string, text: string | undefined, file: string | undefined) {
    this.#name = name;
    this.#text = text;
    this.#file = file;
  }

  /** 1-based line and column of a text offset, or undefined when there is no text. */
  position(offset: number): { line: number; column: number } | undefined {
    if (this.#text === undefined || offset < 0) return undefined;
    const starts = this.#lineStarts ?? this.#computeLineStarts(this.#text);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  }

  #computeLineStarts(text: string): number[] {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
    }
    this.#lineStarts = starts;
    return starts;
  }

  /**
   * Throw POLICY_MALFORMED naming the field and, when known, the file, line and column (the wire text);
   * the detail carries the field as text (`field`) and as segments (`path`), and the message without
   * the place (`reason`), for callers that say where in their own words.
   */
  fail(message: string, node: Node | undefined, path: FieldPath, extra: Record<string, unknown> = {}): never {
    const at = node ? this.position(node.offset) : undefined;
    const field = fieldName(path);
    const where = [
      this.#file ?? `policy ${JSON.stringify(this.#name)}`,
      at ? `line ${at.line}, column ${at.column}` : undefined,
      `field ${field}`,
    ].filter((part) => part !== undefined);
    throw new SimError('POLICY_MALFORMED', `${message} (${where.join(', ')})`, {
      ...(this.#file === undefined ? {} : { file: this.#file }),
      ...(at ?? {}),
      field,
      path: [...path],
      reason: message,
      ...extra,
    });
  }

  /** Parse the text into a tree, or fail with "Syntax errors in policy." at the first JSON error. */
  readTree(): Node {
    const text = this.#text ?? '';
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    if (first || !root) {
      const offset = first?.offset ?? 0;
      const syntax = first ? printParseErrorCode(first.error) : 'ValueExpected';
      const at = { type: 'null', offset, length: 0 } as Node;
      // where a property name was expected (a trailing comma), jsonc-parser's path ends with an empty name: the
      // field is the object that lacks it ("Statement[0]", not "Statement[0].")
      const path = getLocation(text, offset).path;
      const field = path.at(-1) === '' ? path.slice(0, -1) : path;
      this.fail(`Syntax errors in policy: ${describeSyntax(syntax)}.`, at, field, { syntax });
    }
    return root;
  }
}

function describeSyntax(code: string): string {
  // "CommaExpected" -> "comma expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

interface TreeNode {
  type: Node['type'];
  value?: unknown;
  offset: number;
  length: number;
  parent?: TreeNode;
  children?: TreeNode[];
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Build a position-less tree from an already-parsed JSON value, failing on
 * anything JSON cannot hold (undefined, functions, NaN, class instances, cycles).
 */
export function valueToTree(value: unknown, source: PolicySource, path: JSONPath = [], parent?: TreeNode): Node {
  if (path.length > MAX_DEPTH)
    source.fail('Syntax errors in policy: the document is nested too deeply.', undefined, path, {
      limit: `nesting depth ${MAX_DEPTH}`,
    });
  const base = { offset: -1, length: 0, ...(parent ? { parent } : {}) };
  if (value === null) return { ...base, type: 'null', value: null } as Node;
  if (typeof value === 'string' || typeof value === 'boolean') return { ...base, type: typeof value, value } as Node;
  if (typeof value === 'number' && Number.isFinite(value)) return { ...base, type: 'number', value } as Node;
  if (Array.isArray(value)) {
    const node: TreeNode = { ...base, type: 'array', children: [] };
    value.forEach((item, i) => {
      node.children?.push(valueToTree(item, source, [...path, i], node) as TreeNode);
    });
    return node as Node;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    const node: TreeNode = { ...base, type: 'object', children: [] };
    for (const [key, item] of Object.entries(value)) {
      const property: TreeNode = { offset: -1, length: 0, type: 'property', parent: node, children: [] };
      property.children?.push({ offset: -1, length: 0, type: 'string', value: key, parent: property });
      property.children?.push(valueToTree(item, source, [...path, key], property) as TreeNode);
      node.children?.push(property);
    }
    return node as Node;
  }
  return source.fail(`Syntax errors in policy: ${typeof value} is not a JSON value.`, undefined, path);
}

/** The properties of an object node, in source order. */
export function propertiesOf(node: Node): { key: string; keyNode: Node; valueNode: Node }[] {
  return (node.children ?? []).map((property) => {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) throw new TypeError('propertiesOf: malformed property node');
    return { key: String(keyNode.value), keyNode, valueNode };
  });
}
