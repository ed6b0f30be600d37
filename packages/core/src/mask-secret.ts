/**
 * maskSecret: the one rule for showing a secret (a secret access key, a
 * password) anywhere a learner reads it: panels, transcripts, CloudTrail
 * records. The simulation makes the secrets (ids.ts), so the rule lives
 * beside them, below every package that shows one.
 */

/** The shortest secret whose last 4 characters are shown: at that length 4 is a quarter, and never more. */
export const MASK_SHOWS_TAIL_FROM_LENGTH = 16;

const MASK = '****';
const TAIL = 4;

/**
 * `****` plus the last 4 characters of a secret at least 16 characters long
 * (as AWS consoles show the tail of a long key, enough to tell two apart),
 * just `****` for anything shorter, so no more than a quarter of a secret is
 * ever shown. Counts code points. Idempotent: a value already in masked form
 * (`****`, or `****` and 4 characters) comes back unchanged, so a panel
 * masked where it was built can be masked again where it is printed.
 * @example maskSecret('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY') // '****EKEY'
 * @example maskSecret('hunter2') // '****'
 */
export function maskSecret(secret: string): string {
  const chars = [...secret];
  const masked = secret.startsWith(MASK) && (chars.length === MASK.length || chars.length === MASK.length + TAIL);
  if (masked) return secret;
  return chars.length >= MASK_SHOWS_TAIL_FROM_LENGTH ? `${MASK}${chars.slice(-TAIL).join('')}` : MASK;
}
