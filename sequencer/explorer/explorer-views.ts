/**
 * The explorer's JSON: the same objects as the JSON-RPC views (sequencer/node/json-views.ts), so
 * both APIs agree field for field, with HTTP-friendly encodings: wei (amount, fee, balance) as
 * decimal strings, counts / numbers / nonces / indices / timestamps as JSON numbers (all below
 * 2^53), hashes, roots and addresses as 0x-hex.
 */
import { chunkCount } from "../batch-data/segments.ts";
import { TRANSACTION_SIZE } from "../protocol/ssz-types.ts";
import { accountView, batchView, transactionView, type TransactionPlace } from "../node/json-views.ts";
import type { BatchRecord } from "../store/sealed-batch.ts";

const WEI_FIELDS = new Set(["amount", "fee", "balance"]);
const NUMBER_FIELDS = new Set(["number", "queueCount", "timestamp", "txCount", "nonce", "batch", "index"]);

/** Re-encodes a JSON-RPC view's 0x-quantities: wei → decimal string, the rest → number. */
export function decimalFields<T extends Record<string, unknown>>(view: T): Record<keyof T, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(view)) {
    if (typeof value === "string" && value.startsWith("0x") && WEI_FIELDS.has(key)) out[key] = BigInt(value).toString();
    else if (typeof value === "string" && value.startsWith("0x") && NUMBER_FIELDS.has(key)) out[key] = Number(BigInt(value));
    else out[key] = value;
  }
  return out as Record<keyof T, unknown>;
}

/**
 * A batch list entry: header fields, status, L1 transaction hash, sizes, the L1 commit that
 * carries it (null until committed; docs/fraud-proofs.md §3) and its chunk count (one per 32
 * positions, §1: `txCount` counts queue messages and user transactions alike).
 */
export function batchSummary(record: BatchRecord) {
  const rawBytes = record.txCount * TRANSACTION_SIZE;
  return {
    ...decimalFields(batchView(record)),
    number: record.number,
    txCount: record.txCount,
    withdrawalCount: record.withdrawalCount,
    chunkCount: chunkCount(record.txCount),
    commit: commitView(record),
    sealedAt: record.sealedAt,
    ...(record.committedAt !== undefined ? { committedAt: record.committedAt } : {}),
    ...(record.finalizedAt !== undefined ? { finalizedAt: record.finalizedAt } : {}),
    sizes: {
      rawBytes,
      compressedBytes: record.dataBytes,
      bytesPerTx: record.txCount === 0 ? null : Math.round((record.dataBytes / record.txCount) * 100) / 100,
      compressionRatio: rawBytes === 0 ? null : Math.round((record.dataBytes / rawBytes) * 10_000) / 10_000,
    },
  };
}

/** The commit of a committed batch: its index, its batch range and the L1 transaction that posted it. */
export function commitView(record: BatchRecord) {
  const { commit } = record;
  if (!commit) return null;
  return { index: commit.index, firstBatch: commit.firstBatch, lastBatch: commit.lastBatch, batches: commit.lastBatch - commit.firstBatch + 1, l1TxHash: record.l1TxHash ?? null };
}

export function explorerTransaction(hash: Uint8Array, record: Uint8Array, place: TransactionPlace) {
  return decimalFields(transactionView(hash, record, place));
}

export function explorerAccount(address: Uint8Array, index: number | undefined, balance: bigint, nonce: number) {
  const view = accountView(address, index, balance, nonce);
  return { ...decimalFields(view), index: index ?? null };
}
