/**
 * Where a transaction is, by hash: pending (mempool, or executed into the batch being written:
 * "accepted"), stored in a batch (the batch's status), or recently rejected. The same precedence
 * as loft_getTransaction, so the explorer and JSON-RPC never disagree.
 */
import { hexlify } from "ethers";
import type { TransactionPlace } from "../node/json-views.ts";
import type { RecentRejections } from "../node/recent-rejections.ts";
import type { StoreReader } from "../store/store-reader.ts";

export interface PendingSource {
  get(hash: Uint8Array): { record: Uint8Array } | undefined;
}

export interface TransactionSources {
  reader: StoreReader;
  mempool: PendingSource;
  sealer: { beingSealed(hash: Uint8Array): { record: Uint8Array } | undefined };
  rejections: RecentRejections;
}

export interface FoundTransaction {
  record: Uint8Array;
  place: TransactionPlace;
}

export function findTransaction(sources: TransactionSources, hash: Uint8Array): FoundTransaction | undefined {
  const pending = sources.mempool.get(hash) ?? sources.sealer.beingSealed(hash);
  if (pending) return { record: pending.record, place: { status: "accepted" } };
  const stored = sources.reader.transaction(hash);
  if (stored) {
    const status = sources.reader.batch(stored.batch)?.status ?? "sealed";
    return { record: stored.record, place: { status, batch: stored.batch, index: stored.index } };
  }
  const rejected = sources.rejections.get(hexlify(hash));
  return rejected ? { record: rejected.record, place: { status: "rejected", error: rejected.reason } } : undefined;
}
