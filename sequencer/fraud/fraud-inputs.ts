/**
 * What the fraud-proof builders read (docs/fraud-proofs.md §1, §2, §4): the L1 queue messages a
 * batch processes, the state before a chunk as an accessor (so the builders run on the WASM core's
 * `core.state` or on any other tree, an @chainsafe/ssz one in tests), and chunk geometry.
 */

/** Kinds of fraud (docs/fraud-proofs.md §4), as the contracts' events carry them. */
export const FraudKind = {
  Undecodable: 1,
  UnknownAccount: 2,
  DuplicateAccount: 3,
  ZeroRecipient: 4,
  InsufficientBalance: 5,
  Overflow: 6,
  QueueMismatch: 7,
  StateRoot: 8,
  BadSignature: 9,
  TxRoot: 10,
  ExitRoot: 11,
} as const;
export type FraudKind = (typeof FraudKind)[keyof typeof FraudKind];
/** Each kind's name by its number (for logs, stats and the explorer). */
export const FRAUD_KIND_NAMES = Object.fromEntries(Object.entries(FraudKind).map(([name, kind]) => [kind, name])) as Record<FraudKind, keyof typeof FraudKind>;

/** An L1 queue message as the Rollup stores it: amount 0 is a full exit by `sender`, else a deposit to `to`. */
export interface QueueMessage {
  sender: Uint8Array;
  to: Uint8Array;
  amount: bigint;
}

/** An account's values (nonce as bigint: uint64 in full). */
export interface AccountValue {
  address: Uint8Array;
  balance: bigint;
  nonce: bigint;
}

/**
 * The state before a chunk. `node(level, index)` is the node of the 32-level data tree of
 * List[Account, 2^32] (level 0 the account leaves, level 32 the data root; zero_hash(level) past
 * the accounts), as the WASM core's `state.node` answers. `indexOf` finds an account by address
 * (for DuplicateAccount and QueueMismatch, whose proof witnesses the account an address repeats).
 */
export interface PreChunkState {
  count: number;
  account(index: number): { address: Uint8Array; balance: bigint; nonce: number | bigint };
  node(level: number, index: number): Uint8Array;
  indexOf(address: Uint8Array): number | undefined;
}

/** Positions per chunk (docs/fraud-proofs.md §1). */
export const CHUNK_SIZE = 32;

/** Batch positions [start, end) of one chunk; those below queueCount (Q) are queue index queueBase + position. */
export interface ChunkWindow {
  start: number;
  end: number;
  queueCount: number;
  queueBase: number;
}

export function chunkCount(queueCount: number, userCount: number): number {
  return Math.ceil((queueCount + userCount) / CHUNK_SIZE);
}

export function chunkWindow(index: number, queueBase: number, queueCount: number, userCount: number): ChunkWindow {
  const start = index * CHUNK_SIZE;
  return { start, end: Math.min(start + CHUNK_SIZE, queueCount + userCount), queueCount, queueBase };
}

export class FraudProofInputError extends Error {
  override name = "FraudProofInputError";
}
