/**
 * Candidates that look like what the user meant, best first: ids that extend what was typed
 * (`en` → `en-us`), then small edit distances (`en-uss` → `en-us`), then ids of the same
 * family (same part before the first `-` or `/`, so `en-uss` also suggests other English voices).
 */
export function closeMatches(input: string, candidates: readonly string[], limit = 5): string[] {
  const wanted = input.toLowerCase();
  const maxDistance = Math.max(2, Math.floor(wanted.length / 3));
  return candidates
    .map((candidate) => ({ candidate, score: score(wanted, candidate.toLowerCase(), maxDistance) }))
    .filter((entry) => entry.score !== undefined)
    .sort((a, b) => a.score! - b.score! || a.candidate.length - b.candidate.length || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

function score(wanted: string, candidate: string, maxDistance: number): number | undefined {
  if (wanted.length > 0 && candidate.startsWith(wanted)) return 0.5;
  const distance = editDistance(wanted, candidate);
  if (distance <= maxDistance) return distance;
  if (family(wanted) !== '' && family(wanted) === family(candidate)) return maxDistance + 1;
  return undefined;
}

function family(id: string): string {
  return id.split(/[-/_]/u)[0] ?? '';
}

/** Levenshtein distance with one rolling row. */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + cost);
    }
    row = next;
  }
  return row[b.length];
}
