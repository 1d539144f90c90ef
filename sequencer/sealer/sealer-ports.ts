/**
 * What the sealer needs from the rest of the node, as narrow interfaces: the mempool's pull side,
 * the confirmed L1 queue, and where sealed batches are announced.
 */
import type { MempoolTransaction } from "../mempool/mempool-transaction.ts";

/** A signature-checked user transaction with its 146-byte SSZ record (`from` filled in). */
export interface PendingTransaction extends MempoolTransaction {
  record: Uint8Array;
  /** When it was admitted (performance.now(), set by the node's pipeline observer). */
  acceptedAt?: number;
  /** The connection that sent it, whose "receipts" subscription hears its status changes. */
  receiptsTo?: number;
}

export interface SealerMempool<T extends PendingTransaction> {
  take(max: number): T[];
  release(hashes: Uint8Array[]): number;
  markSealed(hashes: Iterable<Uint8Array>): number;
  markRejected(hashes: Iterable<Uint8Array>): number;
  onAccountsChanged(addresses: Iterable<Uint8Array>): number;
}

/** Confirmed L1 queue messages (deposits, full exits) as 146-byte records, `nonce` = queue index. */
export interface QueueSource {
  /** Up to `max` confirmed messages with queue index ≥ `from`, in queue order, no gaps. */
  confirmed(from: number, max: number): Uint8Array[];
  /** Timestamp (s) of the latest L1 block seen; a header is never later than L1's clock. */
  latestL1Timestamp(): number;
}

export interface RejectedTransaction<T> {
  tx: T;
  reason: string;
}

/** Announced after a batch is durably written (flushed), never before. */
export interface SealedBatchEvent<T> {
  number: number;
  root: Uint8Array;
  included: T[];
  rejected: RejectedTransaction<T>[];
  queueMessages: number;
  data: Uint8Array;
}
