/**
 * What the explorer's stats and live chart need that storage does not index: transactions per
 * second over sliding windows, inclusion latency of recent batches, running totals and the latest
 * committed / finalized batch. Fed by the node's seal and L1-status events; memory is bounded
 * (at most `maxSamples` recent batches, nothing older than the longest window is kept).
 */
import type { BatchStatus } from "../store/sealed-batch.ts";

export interface BatchSample {
  number: number;
  /** Wall-clock ms of sealing. */
  at: number;
  txCount: number;
  /** Mean admission → sealed latency of the batch's user transactions, seconds (undefined if none). */
  latencySeconds?: number;
}

export interface ChainTotals {
  transactions: number;
  latestCommitted?: number;
  latestFinalized?: number;
}

const WINDOW_MS = 60_000;

export class ChainActivity {
  private readonly samples: BatchSample[] = [];
  private transactions: number;
  private latestCommitted: number | undefined;
  private latestFinalized: number | undefined;

  constructor(totals: ChainTotals, private readonly now: () => number = Date.now, private readonly maxSamples = 10_000) {
    this.transactions = totals.transactions;
    this.latestCommitted = totals.latestCommitted;
    this.latestFinalized = totals.latestFinalized;
  }

  sealed(sample: BatchSample): void {
    this.transactions += sample.txCount;
    this.samples.push(sample);
    this.prune();
  }

  statusChanged(number: number, status: BatchStatus): void {
    if (status === "committed" || status === "finalized") this.latestCommitted = Math.max(this.latestCommitted ?? 0, number);
    if (status === "finalized") this.latestFinalized = Math.max(this.latestFinalized ?? 0, number);
  }

  get totals(): ChainTotals {
    return { transactions: this.transactions, latestCommitted: this.latestCommitted, latestFinalized: this.latestFinalized };
  }

  /** Transactions sealed in the last `seconds` (≤ 60) divided by `seconds`. */
  tps(seconds: number): number {
    const since = this.now() - seconds * 1000;
    let count = 0;
    for (let i = this.samples.length - 1; i >= 0 && this.samples[i]!.at > since; i--) count += this.samples[i]!.txCount;
    return count / seconds;
  }

  /** Recent batches (last minute, oldest first) for the live chart. */
  recent(): BatchSample[] {
    this.prune();
    return [...this.samples];
  }

  private prune(): void {
    const since = this.now() - WINDOW_MS;
    let drop = 0;
    while (drop < this.samples.length && (this.samples[drop]!.at <= since || this.samples.length - drop > this.maxSamples)) drop++;
    if (drop > 0) this.samples.splice(0, drop);
  }
}
