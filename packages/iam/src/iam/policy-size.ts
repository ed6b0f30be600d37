/**
 * Policy size as IAM counts it for quotas: white space outside JSON strings
 * does not count ("IAM doesn't count white space when calculating the size
 * of a policy against these limits").
 */

/** Number of characters of `text` that count against a policy size quota. */
export function policySize(text: string): number {
  let size = 0;
  let inString = false;
  let escaped = false;
  for (const ch of text) {
    if (inString) {
      size++;
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      size++;
    } else if (!/\s/.test(ch)) {
      size++;
    }
  }
  return size;
}
