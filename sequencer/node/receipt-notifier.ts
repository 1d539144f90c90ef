/**
 * Receipts (spec §4): a connection subscribed to "receipts" hears every status change of the
 * transactions it sent: sealed (after the flush), rejected, committed, finalized. The connection
 * that sent a transaction travels with it (`PendingTransaction.receiptsTo`); once sealed, which
 * connection sent what is kept per batch until the batch is finalized, then forgotten.
 *
 * What is kept is bounded (a 7-day challenge window would otherwise hold every transaction of a
 * week): at most `maxPerConnection` transactions per connection and `maxTotal` in all. Past a
 * bound the oldest are forgotten (for the connection over its bound, or the oldest batches for
 * the total) and each connection that loses some is told once, in its receipts subscription:
 * `{"untracked": N, "throughBatch": B, "error": "…"}` (their statuses stay readable with
 * loft_getTransaction / eth_getTransactionReceipt). A connection that is gone or unsubscribed
 * is forgotten at its next receipt.
 *
 * This runs for every transaction three times (sealed, committed, finalized), so receipts are
 * written as JSON text directly (every field is a hex string or a fixed word) and a batch's
 * receipts go to each connection in one socket write.
 */
import type { BatchStatus } from "../store/sealed-batch.ts";

/** 0x-hex of a hash (Buffer's native hex: this runs for every transaction). */
const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
const quantity = (value: number) => `0x${value.toString(16)}`;

export interface ReceiptSink {
  notifyReceipts(connectionId: number, result: unknown): boolean;
  /** Already-encoded JSON results for one connection, sent together; false if it has no receipts subscription (any more). */
  notifyReceiptsJson(connectionId: number, results: readonly string[]): boolean;
}

export interface ReceiptLimits {
  maxPerConnection: number;
  maxTotal: number;
}

export const RECEIPT_LIMITS: ReceiptLimits = { maxPerConnection: 100_000, maxTotal: 500_000 };

type Watcher = [hash: string, index: number, connection: number];

export class ReceiptNotifier {
  private readonly batches = new Map<number, Watcher[]>(); // in batch order (sealed in order)
  private readonly perConnection = new Map<number, number>();
  private total = 0;

  constructor(
    private readonly sink: ReceiptSink,
    private readonly limits: ReceiptLimits = RECEIPT_LIMITS,
  ) {}

  /** Transactions kept for their later receipts: in all, and of one connection. */
  tracked(connection?: number): number {
    return connection === undefined ? this.total : (this.perConnection.get(connection) ?? 0);
  }

  /** A batch is durable: its transactions sent on a connection (`connection` set) hear "sealed". */
  sealed(batch: number, entries: { hash: Uint8Array; index: number; connection: number | undefined }[]): void {
    const watchers: Watcher[] = [];
    for (const { hash, index, connection } of entries) if (connection !== undefined) watchers.push([hex(hash), index, connection]);
    if (watchers.length === 0) return;
    const gone = this.send(watchers, (hash, index) => `{"hash":"${hash}","status":"sealed","batch":"${quantity(batch)}","index":"${quantity(index)}"}`);
    const kept = gone.size === 0 ? watchers : watchers.filter((watcher) => !gone.has(watcher[2]));
    this.forget(gone);
    if (kept.length > 0) this.keep(batch, kept);
  }

  /** A transaction sent on `connection` (if any) was dropped or refused by the executor. */
  rejected(hash: Uint8Array, reason: string, connection: number | undefined): void {
    if (connection === undefined) return;
    this.sink.notifyReceipts(connection, { hash: hex(hash), status: "rejected", error: reason });
  }

  batchStatus(batch: number, status: BatchStatus, l1TxHash: string): void {
    const watchers = this.batches.get(batch);
    if (!watchers) return;
    const tail = `","l1TxHash":${JSON.stringify(l1TxHash)}}`;
    const word = JSON.stringify(status);
    const gone = this.send(watchers, (hash, index) => `{"hash":"${hash}","status":${word},"batch":"${quantity(batch)}","index":"${quantity(index)}${tail}`);
    if (status === "finalized") this.drop(batch, () => true);
    this.forget(gone);
  }

  private keep(batch: number, watchers: Watcher[]): void {
    const added = new Map<number, number>();
    for (const [, , connection] of watchers) added.set(connection, (added.get(connection) ?? 0) + 1);
    for (const [connection, count] of added) {
      const over = (this.perConnection.get(connection) ?? 0) + count - this.limits.maxPerConnection;
      if (over > 0) this.evictOldest(over, connection, `this connection's receipts keep at most ${this.limits.maxPerConnection} transactions until finality`);
    }
    this.batches.set(batch, watchers);
    for (const [connection, count] of added) this.perConnection.set(connection, (this.perConnection.get(connection) ?? 0) + count);
    this.total += watchers.length;
    const over = this.total - this.limits.maxTotal;
    if (over > 0) this.evictOldest(over, undefined, `the node keeps receipts for at most ${this.limits.maxTotal} transactions until finality`);
  }

  /** Forgets at least `count` of the oldest entries (of `connection`, or of anyone) and tells their connections. */
  private evictOldest(count: number, connection: number | undefined, why: string): void {
    const lost = new Map<number, { count: number; through: number }>();
    let left = count;
    for (const batch of [...this.batches.keys()]) {
      if (left <= 0) break;
      const removed = this.drop(batch, (watcher) => {
        if (left <= 0 || (connection !== undefined && watcher[2] !== connection)) return false;
        left--;
        return true;
      });
      for (const [id, n] of removed) lost.set(id, { count: (lost.get(id)?.count ?? 0) + n, through: batch });
    }
    for (const [id, { count: n, through }] of lost) {
      const error = `receipts limit: ${why}; the oldest ${n} of yours (through batch ${through}) get no further receipts: read their status with loft_getTransaction`;
      this.sink.notifyReceipts(id, { untracked: quantity(n), throughBatch: quantity(through), error });
    }
  }

  /** Removes the batch's entries that `match`; returns how many each connection lost. */
  private drop(batch: number, match: (watcher: Watcher) => boolean): Map<number, number> {
    const removed = new Map<number, number>();
    const watchers = this.batches.get(batch);
    if (!watchers) return removed;
    const kept = watchers.filter((watcher) => {
      if (!match(watcher)) return true;
      removed.set(watcher[2], (removed.get(watcher[2]) ?? 0) + 1);
      return false;
    });
    if (kept.length === 0) this.batches.delete(batch);
    else this.batches.set(batch, kept);
    for (const [connection, n] of removed) {
      const left = (this.perConnection.get(connection) ?? 0) - n;
      if (left > 0) this.perConnection.set(connection, left);
      else this.perConnection.delete(connection);
      this.total -= n;
    }
    return removed;
  }

  /** Drops everything kept for connections that are gone or unsubscribed. */
  private forget(gone: Set<number>): void {
    if (gone.size === 0) return;
    for (const batch of [...this.batches.keys()]) this.drop(batch, (watcher) => gone.has(watcher[2]));
  }

  /** One group of receipts per connection, in the batch's order; returns the connections that could not be told. */
  private send(watchers: Watcher[], receipt: (hash: string, index: number) => string): Set<number> {
    const byConnection = new Map<number, string[]>();
    for (const [hash, index, connection] of watchers) {
      let group = byConnection.get(connection);
      if (group === undefined) byConnection.set(connection, (group = []));
      group.push(receipt(hash, index));
    }
    const gone = new Set<number>();
    for (const [connection, results] of byConnection) if (!this.sink.notifyReceiptsJson(connection, results)) gone.add(connection);
    return gone;
  }
}
