// A misspelt name + the names that exist → the nearest one, for a "did you mean" hint (Damerau–Levenshtein distance).

/** Edit distance with transpositions (optimal string alignment), by code point, stopping early past `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[t.length]!;
}

/**
 * The candidate closest to `word`, when it is close enough to be a slip: at most a third of the word's length
 * in edits (at least one), compared without case. Ties go to the first in sorted order, so the answer is stable.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.floor([...word].length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of [...new Set(candidates)].sort()) {
    if (c === word) continue;
    const d = editDistance(w, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
