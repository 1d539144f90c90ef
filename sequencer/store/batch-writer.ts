/**
 * Writes a sealed batch — header, transactions, the hash index's new run, address-history links,
 * touched accounts, withdrawals — in one LMDB transaction, and resolves only after it is flushed
 * to disk. Only then may the node report the batch's transactions `sealed`. Apart from the
 * touched accounts and history heads (one put per address) and the new accounts and withdrawals,
 * every key written is appended, never scattered: see tx-index.ts and history-chains.ts.
 */
import { BatchHeader, TRANSACTION_SIZE, WITHDRAWAL_SIZE } from "../protocol/ssz-types.ts";
import { putHistoryLinks } from "./history-chains.ts";
import { historyKey } from "./keys.ts";
import { STORED_TX_ENTRY, type BatchRecord, type SealedBatch } from "./sealed-batch.ts";
import { SequentialWrites } from "./sequential-writes.ts";
import { commitCause } from "./durable-write.ts";
import { lowSpaceFault, storageFaultOf } from "./storage-fault.ts";
import type { Store } from "./store.ts";
import { indexBatchHashes } from "./tx-index.ts";

export const LATEST_SEALED_KEY = "latestSealed";
const EMPTY = new Uint8Array(0);

const inlineWrites = new WeakMap<Store, SequentialWrites>();

/**
 * Writes the batch after the ones handed over before it; resolves once it is flushed. A write the
 * storage refused (disk full, I/O error) rejects with a StorageFaultError and marks
 * `store.health`; the same batch may then be handed over again (a retry), later ones only after it.
 */
export function writeSealedBatch(store: Store, batch: SealedBatch): Promise<void> {
  return writeInOrder(store, batch).then(
    () => store.health.succeeded("batches"),
    async (error: unknown) => {
      const fault = storageFaultOf(store.dir, await commitCause(error));
      if (!fault) throw error;
      throw store.health.failed("batches", fault);
    },
  );
}

function writeInOrder(store: Store, batch: SealedBatch): Promise<void> {
  if (store.batchWriter) return store.batchWriter.write(batch);
  let writes = inlineWrites.get(store);
  // a child transaction: rolled back as a whole if it throws, without blocking this thread (store.ts)
  if (!writes) inlineWrites.set(store, (writes = new SequentialWrites(store, (next) => store.env.childTransaction(() => putSealedBatch(store, next)))));
  return writes.write(batch);
}

/** The puts of one sealed batch; run them inside one write transaction. */
export function putSealedBatch(store: Store, batch: SealedBatch): void {
  const { buckets } = store;
  const number = batch.header.number;
  const low = lowSpaceFault(store.dir, store.minFreeBytes);
  if (low) throw Object.assign(new Error(low.detail), { code: "ENOSPC" }); // not even tried on a (nearly) full disk: see storage-fault.ts
  const latest: number | undefined = buckets.meta.get(LATEST_SEALED_KEY);
  if (latest !== undefined && number <= latest) {
    // a retry of a batch whose commit went through (its flush failed): written already, unless it is another batch
    const stored: BatchRecord | undefined = buckets.batches.get(number);
    if (stored && Buffer.from(stored.root).equals(batch.root)) return;
    throw new Error(`batch ${number} is already stored with another root`);
  }
  const txCount = batch.transactions.length / TRANSACTION_SIZE;
  const record: BatchRecord = {
    number,
    header: BatchHeader.serialize(batch.header),
    root: batch.root,
    txCount,
    withdrawalCount: batch.withdrawals.length / WITHDRAWAL_SIZE,
    dataBytes: batch.data.length,
    status: batch.committed ? "committed" : "sealed",
    sealedAt: batch.sealedAt,
    ...(batch.committed ? { l1TxHash: batch.committed.l1TxHash, committedAt: batch.committed.at } : {}),
    ...(batch.committed?.commit ? { commit: batch.committed.commit } : {}),
  };
  buckets.batches.put(number, record);
  buckets.batchTransactions.put(number, concatTransactions(batch.hashes, batch.transactions, txCount));
  buckets.batchData.put(number, batch.data);
  indexBatchHashes(store, number, batch.hashes, txCount);
  putHistoryLinks(store, number, batch.transactions, txCount);
  for (const { index, record: account } of batch.accounts) {
    buckets.accounts.put(index, account);
    if (index >= (batch.newAccountsFrom ?? 0)) buckets.accountIndexByAddress.put(account.subarray(0, 20), index); // addresses never move
  }
  for (let i = 0; i * WITHDRAWAL_SIZE < batch.withdrawals.length; i++) {
    const withdrawal = batch.withdrawals.subarray(i * WITHDRAWAL_SIZE, (i + 1) * WITHDRAWAL_SIZE);
    buckets.withdrawals.put([number, i], withdrawal);
    buckets.withdrawalsByRecipient.put(historyKey(withdrawal.subarray(0, 20), number, i), EMPTY);
  }
  buckets.meta.put(LATEST_SEALED_KEY, number);
}

/** hash (32) ‖ record (146) per transaction: one value per batch, sliced on read. */
function concatTransactions(hashes: Uint8Array, transactions: Uint8Array, count: number): Uint8Array {
  const entry = STORED_TX_ENTRY;
  const out = new Uint8Array(count * entry);
  for (let i = 0; i < count; i++) {
    out.set(hashes.subarray(i * 32, i * 32 + 32), i * entry);
    out.set(transactions.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE), i * entry + 32);
  }
  return out;
}
