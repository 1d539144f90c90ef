/**
 * Where a transaction is, by hash: pending (mempool, or executed into the batch being written:
 * "accepted"), stored in a batch (the batch's status), or recently rejected. The same precedence
 * as loft_getTransaction, so the explorer and JSON-RPC never disagree. Also the stage timeline a
 * transaction page draws (submitted → sealed → committed → final), and the view of the queue
 * messages an L1 deposit or full-exit transaction appended (l1-queue-lookup.ts).
 */
import { hexlify } from "ethers";
import type { TransactionPlace } from "../node/json-views.ts";
import type { RecentRejections } from "../node/recent-rejections.ts";
import { Transaction, TxKind } from "../protocol/ssz-types.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { explorerTransaction } from "./explorer-views.ts";
import type { QueuePlace } from "./l1-queue-lookup.ts";

export interface PendingSource {
  /** `acceptedAt`: when it was admitted, on performance.now()'s clock (the node's pipeline observer sets it). */
  get(hash: Uint8Array): { record: Uint8Array; acceptedAt?: number } | undefined;
}

export interface TransactionSources {
  reader: StoreReader;
  mempool: PendingSource;
  sealer: { beingSealed(hash: Uint8Array): { record: Uint8Array } | undefined };
  rejections: RecentRejections;
  /** Commit → final, seconds (the Rollup's challenge window), for the expected finality time. */
  challengeWindowSeconds?: number;
}

export interface FoundTransaction {
  record: Uint8Array;
  place: TransactionPlace;
  /** Wall-clock ms of admission, while the node still holds it pending. */
  submittedAt?: number;
}

export function findTransaction(sources: TransactionSources, hash: Uint8Array): FoundTransaction | undefined {
  const queued = sources.mempool.get(hash);
  const pending = queued ?? sources.sealer.beingSealed(hash);
  if (pending) {
    const submittedAt = queued?.acceptedAt === undefined ? undefined : Math.round(Date.now() - (performance.now() - queued.acceptedAt));
    return { record: pending.record, place: { status: "accepted" }, ...(submittedAt !== undefined ? { submittedAt } : {}) };
  }
  const stored = sources.reader.transaction(hash);
  if (stored) {
    const status = sources.reader.batch(stored.batch)?.status ?? "sealed";
    return { record: stored.record, place: { status, batch: stored.batch, index: stored.index } };
  }
  const rejected = sources.rejections.get(hexlify(hash));
  return rejected ? { record: rejected.record, place: { status: "rejected", error: rejected.reason } } : undefined;
}

/**
 * The stages a transaction page shows, each with its time (Unix ms) once reached: submitted (known
 * while pending, or the L1 block time of a queue message's event), sealed, committed (with its L1
 * transaction) and finalized, or `finalAt` (committed + challenge window) while not final yet.
 */
export function transactionTimeline(sources: Pick<TransactionSources, "reader" | "challengeWindowSeconds">, batch: number | undefined, submittedAt?: number) {
  const record = batch === undefined ? undefined : sources.reader.batch(batch);
  const window = sources.challengeWindowSeconds;
  const finalAt = record?.committedAt !== undefined && record.finalizedAt === undefined && window !== undefined ? record.committedAt + window * 1000 : undefined;
  return {
    submittedAt: submittedAt ?? null,
    sealedAt: record?.sealedAt ?? null,
    committedAt: record?.committedAt ?? null,
    l1TxHash: record?.l1TxHash ?? null,
    finalizedAt: record?.finalizedAt ?? null,
    ...(finalAt !== undefined ? { finalAt } : {}),
    challengeWindowSeconds: window ?? null,
  };
}

/**
 * An L1 transaction's first queue message as an explorer transaction, with the L1 transaction's
 * hash, its queue index and how many messages it appended. A message no batch processed yet is
 * `queued`; its hash is then known for a deposit (hash_tree_root of what will execute) but not for
 * a full exit, whose amount is set when it executes.
 */
export function queueMessageView(sources: Pick<TransactionSources, "reader" | "challengeWindowSeconds">, l1TxHash: string, places: QueuePlace[]) {
  const [{ message, stored, l1Timestamp }] = places as [QueuePlace, ...QueuePlace[]];
  const queuedAt = l1Timestamp * 1000;
  const extra = { l1TxHash, queueIndex: message.index, queueMessages: places.length };
  if (stored) {
    const status = sources.reader.batch(stored.batch)?.status ?? "sealed";
    return { ...explorerTransaction(stored.hash, stored.record, { status, batch: stored.batch, index: stored.index }), ...extra, timeline: transactionTimeline(sources, stored.batch, queuedAt) };
  }
  const deposit = message.record[0] === TxKind.deposit;
  const hash = deposit ? Transaction.hashTreeRoot(Transaction.deserialize(message.record)) : new Uint8Array(32);
  return { ...explorerTransaction(hash, message.record, { status: "accepted" }), status: "queued", ...(deposit ? {} : { hash: null }), ...extra, timeline: transactionTimeline(sources, undefined, queuedAt) };
}
