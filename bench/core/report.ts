import type { Measurement } from "./measure.ts";

/** Prints one comparison as a table; the first row is ours and every row shows its ratio to it. */
export function printTable(title: string, rows: Measurement[]): void {
  console.log(`\n${title}`);
  const first = rows[0]!;
  const higherIsBetter = first.unit !== "ms";
  for (const row of rows) {
    const ratio = row.unit === first.unit
      ? higherIsBetter ? first.value / row.value : row.value / first.value
      : NaN;
    const value = row.value >= 1000 ? Math.round(row.value).toLocaleString("en-US") : row.value.toFixed(2);
    const vs = Number.isFinite(ratio) && row !== first ? `  (loft ${ratio.toFixed(2)}×)` : "";
    console.log(`  ${row.name.padEnd(78)} ${value.padStart(14)} ${row.unit}${vs}`);
  }
}
