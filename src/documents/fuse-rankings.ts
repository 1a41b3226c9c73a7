/** Standard constant of reciprocal rank fusion (Cormack et al. 2009). */
const RRF_K = 60;

/**
 * Reciprocal rank fusion: each id scores Σ 1/(60 + rank) over the lists it appears in. It needs
 * no score calibration between BM25 and cosine similarity, which live on unrelated scales.
 */
export function fuseRankings(lists: Array<Array<{ id: string }>>): Array<{ id: string; score: number; ranks: number[] }> {
  const fused = new Map<string, { id: string; score: number; ranks: number[] }>();
  lists.forEach((list, listIndex) => {
    list.forEach((item, position) => {
      const entry = fused.get(item.id) ?? { id: item.id, score: 0, ranks: new Array<number>(lists.length).fill(0) };
      entry.score += 1 / (RRF_K + position + 1);
      entry.ranks[listIndex] = position + 1;
      fused.set(item.id, entry);
    });
  });
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
