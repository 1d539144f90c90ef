/**
 * Receipts (spec §4): a connection subscribed to "receipts" hears every status change of the
 * transactions it sent: sealed (after the flush), rejected, committed, finalized. The connection
 * that sent a transaction travels with it (`PendingTransaction.receiptsTo`); once sealed, which
 * connection sent what is kept per batch until the batch is finalized, then forgotten.
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
  /** Already-encoded JSON results for one connection, sent together. */
  notifyReceiptsJson(connectionId: number, results: readonly string[]): boolean;
}

export class ReceiptNotifier {
  private readonly batches = new Map<number, [string, number, number][]>(); // batch → [hash, index, connection]

  constructor(private readonly sink: ReceiptSink) {}

  /** A batch is durable: its transactions sent on a connection (`connection` set) hear "sealed". */
  sealed(batch: number, entries: { hash: Uint8Array; index: number; connection: number | undefined }[]): void {
    const watchers: [string, number, number][] = [];
    for (const { hash, index, connection } of entries) if (connection !== undefined) watchers.push([hex(hash), index, connection]);
    if (watchers.length === 0) return;
    this.batches.set(batch, watchers);
    this.send(watchers, (hash, index) => `{"hash":"${hash}","status":"sealed","batch":"${quantity(batch)}","index":"${quantity(index)}"}`);
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
    this.send(watchers, (hash, index) => `{"hash":"${hash}","status":${word},"batch":"${quantity(batch)}","index":"${quantity(index)}${tail}`);
    if (status === "finalized") this.batches.delete(batch);
  }

  /** One group of receipts per connection, in the batch's order. */
  private send(watchers: [string, number, number][], receipt: (hash: string, index: number) => string): void {
    const byConnection = new Map<number, string[]>();
    for (const [hash, index, connection] of watchers) {
      let group = byConnection.get(connection);
      if (group === undefined) byConnection.set(connection, (group = []));
      group.push(receipt(hash, index));
    }
    for (const [connection, results] of byConnection) this.sink.notifyReceiptsJson(connection, results);
  }
}
