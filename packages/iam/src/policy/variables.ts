/**
 * IAM policy variables (IAM user guide, "IAM policy elements: Variables and
 * tags"): in a policy of Version 2012-10-17, `${aws:PrincipalTag/team}` in
 * a Resource or a condition value is replaced by the request's value of
 * that key before matching, which is what lets one ABAC policy give each
 * team (or each Kubernetes namespace, through the EKS Pod Identity session
 * tags) its own prefix. `${key, 'default'}` supplies a value for an absent
 * key; without one, an element naming an absent key matches nothing.
 * `${*}`, `${?}` and `${$}` stand for those characters. A multi-valued key
 * cannot be a variable, so it counts as absent. Version 2008-10-17 policies
 * keep the text as it is.
 * Simplification: the substituted text takes part in wildcard matching as
 * written (a `*` in a tag value, or from `${*}`, acts as a wildcard); IAM
 * treats `${*}` as a literal asterisk.
 */
import type { LowerContext } from './evaluate-condition.js';

/** `${key}` or `${key, 'default'}` (the default in single quotes). */
const VARIABLE = /\$\{([^}',]+?)\s*(?:,\s*'([^']*)'\s*)?\}/g;
const SPECIAL: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };

/** Whether `text` names any policy variable. */
export function hasVariables(text: string): boolean {
  return text.includes('${');
}

/**
 * `text` with every policy variable replaced from `context`, or undefined
 * when one names a key the request does not carry (and gives no default).
 * @example substituteVariables('arn:aws:s3:::b/${aws:PrincipalTag/team}/*', ctx) // 'arn:aws:s3:::b/payments/*'
 */
export function substituteVariables(text: string, context: LowerContext): string | undefined {
  if (!hasVariables(text)) return text;
  let missing = false;
  const out = text.replace(VARIABLE, (_whole, rawKey: string, fallback: string | undefined) => {
    const key = rawKey.trim();
    const special = SPECIAL[key];
    if (special !== undefined) return special;
    const value = context.get(key.toLowerCase());
    if (typeof value === 'string') return value;
    if (fallback !== undefined) return fallback;
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}
