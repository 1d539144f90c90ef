/**
 * Reads of the node's storage for the RPC methods, the explorer and start-up recovery.
 * LMDB reads are synchronous memory-mapped lookups; every range read is bounded by a limit.
 *
 * On the sequencer every read is capped at the last batch whose write is durable (`limitTo`):
 * LMDB shows a batch as soon as it commits, a moment before its flush is reported, and only a
 * flushed batch may be shown (its transactions are "sealed" from then on).
 */
import { ACCOUNT_SIZE } from "../protocol/ssz-types.ts";
import { LATEST_SEALED_KEY } from "./batch-writer.ts";
import { walkHistory, type HistoryCursor, type HistoryEntry } from "./history-chains.ts";
import { historyEnd, historyKey, readHistoryKey, readLocation } from "./keys.ts";
import { STORED_TX_ENTRY as TX_ENTRY, type BatchRecord } from "./sealed-batch.ts";
import type { Store } from "./store.ts";
import { lookupLocation } from "./tx-index.ts";

export interface StoredTransaction {
  hash: Uint8Array;
  record: Uint8Array; // 146-byte SSZ Transaction
  batch: number;
  index: number;
}

export class StoreReader {
  private durableHeight: (() => number) | undefined;

  constructor(private readonly store: Store) {}

  /** From now on, reads show no batch above `height()` (the sequencer's last flushed batch, sealer.latest). */
  limitTo(height: () => number): void {
    this.durableHeight = height;
  }

  private hidden(batch: number): boolean {
    return this.durableHeight !== undefined && batch > this.durableHeight();
  }

  /** Number of the latest batch durably sealed, or undefined before the first batch. */
  latestSealed(): number | undefined {
    const stored: number | undefined = this.store.buckets.meta.get(LATEST_SEALED_KEY);
    if (stored === undefined || this.durableHeight === undefined) return stored;
    const latest = Math.min(stored, this.durableHeight());
    return latest > 0 ? latest : undefined;
  }

  batch(number: number): BatchRecord | undefined {
    return this.hidden(number) ? undefined : this.store.buckets.batches.get(number);
  }

  /** The posted batch data of a batch. */
  batchData(number: number): Uint8Array | undefined {
    return this.hidden(number) ? undefined : this.store.buckets.batchData.get(number);
  }

  /** Up to `limit` batches, newest first, with numbers below `before` (keyset pagination). */
  batchesBefore(before: number, limit: number): BatchRecord[] {
    const start = this.durableHeight === undefined ? before : Math.min(before, this.durableHeight() + 1);
    const range = this.store.buckets.batches.getRange({ start, end: -1, reverse: true, limit, exclusiveStart: true } as never);
    return [...range].map((entry: { value: BatchRecord }) => entry.value);
  }

  /** The transactions of a batch from `offset`, at most `limit`. */
  batchTransactions(number: number, offset: number, limit: number): StoredTransaction[] {
    if (this.hidden(number)) return [];
    const blob: Uint8Array | undefined = this.store.buckets.batchTransactions.get(number);
    if (!blob) return [];
    const count = blob.length / TX_ENTRY;
    const out: StoredTransaction[] = [];
    for (let i = offset; i < Math.min(count, offset + limit); i++) out.push(entryAt(blob, number, i));
    return out;
  }

  transaction(hash: Uint8Array): StoredTransaction | undefined {
    const location = lookupLocation(this.store, hash);
    if (!location) return undefined;
    const { batch, index } = readLocation(location);
    if (this.hidden(batch)) return undefined;
    const blob: Uint8Array | undefined = this.store.buckets.batchTransactions.get(batch);
    return blob ? entryAt(blob, batch, index) : undefined;
  }

  accountIndex(address: Uint8Array): number | undefined {
    return this.store.buckets.accountIndexByAddress.get(address);
  }

  /** The 44-byte SSZ Account at `index`. */
  account(index: number): Uint8Array | undefined {
    return this.store.buckets.accounts.get(index);
  }

  accountCount(): number {
    const last = [...this.store.buckets.accounts.getKeys({ reverse: true, limit: 1 })][0] as number | undefined;
    return last === undefined ? 0 : last + 1;
  }

  /** Every stored account in index order as concatenated 44-byte records (for the WASM state at start-up). */
  allAccounts(): Uint8Array {
    const count = this.accountCount();
    const out = new Uint8Array(count * ACCOUNT_SIZE);
    let expected = 0;
    for (const { key, value } of this.store.buckets.accounts.getRange({})) {
      if (key !== expected) throw new Error(`account storage has a gap: index ${expected} missing before ${key}`);
      out.set(value as Uint8Array, expected * ACCOUNT_SIZE);
      expected++;
    }
    return out;
  }

  /** The transactions touching `address`, newest first; with `before`, those older than that entry of its history. */
  addressHistory(address: Uint8Array, limit: number, before?: HistoryCursor): HistoryEntry[] {
    return this.durableOnly(limit, (n) => walkHistory(this.store, address, n, before));
  }

  /** Withdrawals paid to `recipient` on L1, newest first: where they are and their 36-byte records. */
  withdrawalsTo(recipient: Uint8Array, limit: number): { batch: number; index: number; record: Uint8Array }[] {
    return this.durableOnly(limit, (n) => {
      const range = this.store.buckets.withdrawalsByRecipient.getKeys({ start: historyEnd(recipient), end: historyKey(recipient, 0, 0), reverse: true, limit: n });
      return [...range].map((key: Uint8Array) => {
        const { batch, index } = readHistoryKey(key);
        return { batch, index, record: this.store.buckets.withdrawals.get([batch, index]) as Uint8Array };
      });
    });
  }

  /** All withdrawals of a batch in exit-list order (for exit proofs). */
  batchWithdrawals(number: number): Uint8Array[] {
    if (this.hidden(number)) return [];
    return [...this.store.buckets.withdrawals.getRange({ start: [number, 0], end: [number + 1, 0] })].map((e: { value: Uint8Array }) => e.value);
  }

  /**
   * The first `limit` entries of a newest-first read that are in durable batches: those above the
   * durable height come first, so it reads again past as many as it skipped (a batch or two's worth).
   */
  private durableOnly<E extends { batch: number }>(limit: number, read: (limit: number) => E[]): E[] {
    if (this.durableHeight === undefined) return read(limit);
    let n = limit;
    for (let attempt = 0; ; attempt++) {
      const entries = read(n);
      const kept = entries.filter((entry) => !this.hidden(entry.batch));
      if (kept.length >= limit || entries.length < n || attempt === 3) return kept.slice(0, limit);
      n += entries.length - kept.length;
    }
  }
}

function entryAt(blob: Uint8Array, batch: number, index: number): StoredTransaction {
  const start = index * TX_ENTRY;
  return { hash: blob.subarray(start, start + 32), record: blob.subarray(start + 32, start + TX_ENTRY), batch, index };
}
