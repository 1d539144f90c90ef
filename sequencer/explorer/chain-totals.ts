/**
 * Totals the store does not keep as counters, rebuilt once at start-up by walking the batch
 * records newest first in pages (one pass over the batches bucket, never the transactions):
 * total transactions and the latest committed / finalized batch.
 */
import type { StoreReader } from "../store/store-reader.ts";
import type { ChainTotals } from "./chain-activity.ts";

const PAGE = 1_000;

export function scanChainTotals(reader: StoreReader): ChainTotals {
  const latest = reader.latestSealed();
  const totals: ChainTotals = { transactions: 0 };
  if (latest === undefined) return totals;
  let before = latest + 1;
  for (;;) {
    const page = reader.batchesBefore(before, PAGE);
    for (const record of page) {
      totals.transactions += record.txCount;
      if (totals.latestCommitted === undefined && record.status !== "sealed") totals.latestCommitted = record.number;
      if (totals.latestFinalized === undefined && record.status === "finalized") totals.latestFinalized = record.number;
    }
    if (page.length < PAGE) return totals;
    before = page[page.length - 1]!.number;
  }
}
