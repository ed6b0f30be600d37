/**
 * "Did you mean": the known ids closest to what was typed, by edit distance
 * (Levenshtein), with ids containing the typed text ranked first.
 */

/** Edit distance between `a` and `b` (insertions, deletions, substitutions). */
export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/** Up to `max` ids close enough to `input` to be a likely typo or a partial name, closest first. */
export function closestIds(input: string, ids: readonly string[], max = 3): string[] {
  const needle = input.toLowerCase();
  const limit = Math.max(2, Math.floor(needle.length / 2));
  const scored = ids.map((id) => {
    const contains = needle.length >= 3 && (id.includes(needle) || needle.includes(id));
    return { id, score: contains ? 0 : levenshtein(needle, id.toLowerCase()) };
  });
  // keep only those nearly as close as the best: one clear match is better than a list of loose ones
  const best = Math.min(...scored.map((c) => c.score));
  return scored
    .filter((c) => c.score <= limit && c.score <= best + 2)
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, max)
    .map((c) => c.id);
}
