/**
 * What the sealer hands to storage for one batch: everything written in one LMDB transaction.
 */
import { TRANSACTION_SIZE, type BatchHeader } from "../protocol/ssz-types.ts";

/** A stored transaction in a batch's transactions value: hash (32) ‖ 146-byte SSZ record. */
export const STORED_TX_ENTRY = 32 + TRANSACTION_SIZE;

export type BatchStatus = "sealed" | "committed" | "finalized";

/** The L1 commit that carries a batch (docs/fraud-proofs.md §3): its index and batch range. */
export interface CommitSpan {
  index: number;
  firstBatch: number;
  lastBatch: number;
}

export interface SealedBatch {
  header: BatchHeader;
  /** hash_tree_root(header). */
  root: Uint8Array;
  /** The batch's transactions in execution order: 146-byte SSZ records, concatenated. */
  transactions: Uint8Array;
  /** Their hashes (32 bytes each, same order), concatenated. */
  hashes: Uint8Array;
  /** Accounts whose state the batch changed (created ones included), with their new 44-byte records. */
  accounts: { index: number; record: Uint8Array }[];
  /** Accounts at this index and above were created by the batch (their address → index entry is new). */
  newAccountsFrom?: number;
  /** Withdrawals in exit-list order, 36-byte SSZ records concatenated. */
  withdrawals: Uint8Array;
  /** The batch data as it will be posted to L1 (keccak-256 = header.dataHash). */
  data: Uint8Array;
  /** Wall-clock time of sealing, ms. */
  sealedAt: number;
  /** Set by a follower, which stores batches already committed on L1: written as committed at once. */
  committed?: { l1TxHash: string; at: number; commit?: CommitSpan };
}

/** The per-batch record kept in the batches bucket. */
export interface BatchRecord {
  number: number;
  header: Uint8Array; // 184-byte SSZ BatchHeader
  root: Uint8Array;
  txCount: number;
  withdrawalCount: number;
  dataBytes: number;
  status: BatchStatus;
  sealedAt: number;
  l1TxHash?: string;
  /** The commit that carries the batch, once committed (withdraw claims prove the batch against it). */
  commit?: CommitSpan;
  committedAt?: number;
  finalizedAt?: number;
}
