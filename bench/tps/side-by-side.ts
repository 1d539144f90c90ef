/** Helpers of the side-by-side benches (compare-roots.ts, compare-ordering.ts): `--rounds N` and the median of the rounds. */

/** Takes `--rounds N` (1–10) out of `argv`; `fallback` when absent. */
export function takeRounds(argv: string[], fallback = 2): number {
  const at = argv.indexOf("--rounds");
  const rounds = at >= 0 ? Number(argv.splice(at, 2)[1]) : fallback;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10) throw new Error(`--rounds must be an integer from 1 to 10, got ${rounds}`);
  return rounds;
}

/** The median; of an even number of values, the mean of the middle two. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
