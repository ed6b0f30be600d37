/**
 * IAM wildcard matching: `*` matches any run of characters (including `:` and
 * `/`), `?` exactly one. A linear two-pointer matcher, not a RegExp, so a
 * policy full of stars cannot make matching blow up. ARNs are also split into
 * their six parts here for the segment-wise Arn* operators.
 */

/** True when `text` matches the IAM wildcard `pattern` (case-sensitive). */
export function globMatch(pattern: string, text: string): boolean {
  const p = Array.from(pattern);
  const t = Array.from(text);
  let pi = 0;
  let ti = 0;
  let starAt = -1;
  let starText = 0;
  while (ti < t.length) {
    const pc = p[pi];
    if (pc === '*') {
      starAt = pi++;
      starText = ti;
    } else if (pc !== undefined && (pc === '?' || pc === t[ti])) {
      pi++;
      ti++;
    } else if (starAt !== -1) {
      pi = starAt + 1;
      ti = ++starText;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** True when `text` matches `pattern` ignoring case (actions compare case-insensitively). */
export function globMatchIgnoreCase(pattern: string, text: string): boolean {
  return globMatch(pattern.toLowerCase(), text.toLowerCase());
}

/** The six parts of an ARN (`arn`, partition, service, region, account, resource), or undefined. */
export function splitArn(arn: string): readonly string[] | undefined {
  const parts: string[] = [];
  let rest = arn;
  for (let i = 0; i < 5; i++) {
    const colon = rest.indexOf(':');
    if (colon === -1) return undefined;
    parts.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  parts.push(rest);
  return parts[0] === 'arn' ? parts : undefined;
}

/**
 * ArnEquals / ArnLike: each of the six parts is matched separately with
 * wildcards, so `*` in the region part cannot swallow the account part.
 */
export function arnMatch(pattern: string, arn: string): boolean {
  const want = splitArn(pattern);
  const have = splitArn(arn);
  if (!want || !have) return false;
  return want.every((part, i) => globMatch(part, have[i] as string));
}
