/**
 * Receipts (spec §4): a connection subscribed to "receipts" hears every status change of the
 * transactions it sent: sealed (after the flush), rejected, committed, finalized. Which connection
 * sent what is kept per batch until the batch is finalized, then forgotten.
 */
import { toQuantity } from "ethers";
import type { BatchStatus } from "../store/sealed-batch.ts";

/** 0x-hex of a hash (Buffer's native hex: this runs for every transaction). */
const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;

export interface ReceiptSink {
  notifyReceipts(connectionId: number, result: unknown): boolean;
}

export class ReceiptNotifier {
  private readonly senders = new Map<string, number>(); // tx hash hex → connection id
  private readonly batches = new Map<number, [string, number, number][]>(); // batch → [hash, index, connection]

  constructor(private readonly sink: ReceiptSink) {}

  accepted(hash: Uint8Array, connectionId: number): void {
    this.senders.set(hex(hash), connectionId);
  }

  sealed(batch: number, entries: { hash: Uint8Array; index: number }[]): void {
    const watchers: [string, number, number][] = [];
    for (const { hash, index } of entries) {
      const key = hex(hash);
      const connection = this.senders.get(key);
      if (connection === undefined) continue;
      this.senders.delete(key);
      watchers.push([key, index, connection]);
      this.sink.notifyReceipts(connection, { hash: key, status: "sealed", batch: toQuantity(batch), index: toQuantity(index) });
    }
    if (watchers.length > 0) this.batches.set(batch, watchers);
  }

  rejected(hash: Uint8Array, reason: string): void {
    const key = hex(hash);
    const connection = this.senders.get(key);
    if (connection === undefined) return;
    this.senders.delete(key);
    this.sink.notifyReceipts(connection, { hash: key, status: "rejected", error: reason });
  }

  batchStatus(batch: number, status: BatchStatus, l1TxHash: string): void {
    const watchers = this.batches.get(batch);
    if (!watchers) return;
    for (const [hash, index, connection] of watchers) {
      this.sink.notifyReceipts(connection, { hash, status, batch: toQuantity(batch), index: toQuantity(index), l1TxHash });
    }
    if (status === "finalized") this.batches.delete(batch);
  }
}
