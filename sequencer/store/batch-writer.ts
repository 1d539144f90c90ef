/**
 * Writes a sealed batch — header, transactions and their locations, touched accounts, address
 * history, withdrawals — in one LMDB transaction, and resolves only after it is flushed to disk.
 * Only then may the node report the batch's transactions `sealed`.
 */
import { BatchHeader, TRANSACTION_SIZE, TxKind, WITHDRAWAL_SIZE } from "../protocol/ssz-types.ts";
import { historyKey, locationBytes } from "./keys.ts";
import type { BatchRecord, SealedBatch } from "./sealed-batch.ts";
import type { Store } from "./store.ts";

export const LATEST_SEALED_KEY = "latestSealed";
const EMPTY = new Uint8Array(0);

export function writeSealedBatch(store: Store, batch: SealedBatch): Promise<void> {
  if (store.batchWriter) return store.batchWriter.write(batch);
  return store.writeDurably(() => putSealedBatch(store, batch));
}

/** The puts of one sealed batch; run them inside one write transaction. */
export function putSealedBatch(store: Store, batch: SealedBatch): void {
  const { buckets } = store;
  const number = batch.header.number;
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
  };
  buckets.batches.put(number, record);
  buckets.batchTransactions.put(number, concatTransactions(batch.hashes, batch.transactions, txCount));
  buckets.batchData.put(number, batch.data);
  for (let i = 0; i < txCount; i++) {
    const hash = batch.hashes.subarray(i * 32, i * 32 + 32);
    const tx = batch.transactions.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE);
    buckets.transactionLocations.put(hash, locationBytes(number, i));
    const kind = tx[0]!;
    const from = tx.subarray(1, 21);
    const to = tx.subarray(21, 41);
    if (kind === TxKind.transfer || kind === TxKind.withdraw) buckets.addressHistory.put(historyKey(from, number, i), hash);
    if (kind !== TxKind.withdraw) buckets.addressHistory.put(historyKey(to, number, i), hash);
  }
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
  const entry = 32 + TRANSACTION_SIZE;
  const out = new Uint8Array(count * entry);
  for (let i = 0; i < count; i++) {
    out.set(hashes.subarray(i * 32, i * 32 + 32), i * entry);
    out.set(transactions.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE), i * entry + 32);
  }
  return out;
}
