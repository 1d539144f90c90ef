import type { WasmExports } from "./wasm-exports.ts";
import type { WasmMemory } from "./wasm-memory.ts";
import { expectItems, expectInteger, CoreInputError } from "./input-checks.ts";
import { guardTrap } from "./trap-guard.ts";
import { TRANSACTION_BYTES, WITHDRAWAL_BYTES } from "./ssz-roots.ts";
import type { ListProof } from "./account-state.ts";
import type { TxStatus } from "./tx-status.ts";

export const MAX_BATCH_TRANSACTIONS = 2 ** 16;
export const EXIT_DEPTH = 16;

/** What one executed batch produced. */
export type BatchResult = {
  /** One status per input transaction (TxStatus). */
  statuses: Uint8Array;
  /** The included (Ok) transactions, 146 bytes each, in order; fullExit amounts as withdrawn. */
  included: Uint8Array;
  includedCount: number;
  stateRoot: Uint8Array;
  txRoot: Uint8Array;
  exitRoot: Uint8Array;
  /** Withdrawals, serialized (36 bytes each: recipient ‖ uint128 amount), in order. */
  withdrawals: Uint8Array;
  withdrawalCount: number;
  /** Indices of the accounts created, in creation order (consecutive). */
  created: Uint32Array;
  /** Indices of every account whose content changed, in first-touch order. */
  touched: Uint32Array;
  /** Cumulative L1 queue messages processed after this batch (queueCount). */
  queueCount: number;
  /**
   * The batch's chunks (docs/fraud-proofs.md §1): n = ceil(includedCount / 32), 32 bytes each,
   * concatenated. stateRoot_c is the state root after chunk c's last included position (the last
   * one is stateRoot); txSubtree_c the level-5 node of the txRoot's tree over leaves [32c, 32c + 32);
   * entry_c = sha256(stateRoot_c ‖ txSubtree_c), what the batch data posts.
   */
  chunkStateRoots: Uint8Array;
  chunkTxSubtrees: Uint8Array;
  chunkEntries: Uint8Array;
};

export const CHUNK_POSITIONS = 32;

/**
 * Executes whole batches in the WASM core: one copy of the transactions in, one call.
 *
 * @example
 *   const r = core.executor.execute(txBytes, queueCount);
 *   if (r.statuses.some((s) => s !== TxStatus.Ok)) …; // rejected ones left no trace
 */
export class BatchExecutor {
  constructor(private readonly wasm: WasmExports, private readonly memory: WasmMemory) {}

  /**
   * Turns the per-chunk state commits off (zero chunk state roots) or back on. Only for measuring
   * what the intermediate roots cost side by side (bench/tps/compare-roots.ts): batches made
   * without them are fraudulent by definition (docs/fraud-proofs.md §1).
   */
  setIntermediateRoots(on: boolean): void {
    this.wasm.setIntermediateRoots(on ? 1 : 0);
  }

  /**
   * Executes `txs` (146-byte serialized Transactions, L1 queue messages first) against the state.
   * `queueStart` is the queueCount before this batch: queue message i must carry nonce queueStart + i.
   */
  execute(txs: Uint8Array, queueStart: number): BatchResult {
    expectItems("txs", txs, TRANSACTION_BYTES, MAX_BATCH_TRANSACTIONS);
    expectInteger("queueStart", queueStart, 0, Number.MAX_SAFE_INTEGER);
    const count = txs.length / TRANSACTION_BYTES;
    const input = this.memory.write(0, txs);
    const statusPtr = this.memory.reserve(1, Math.max(count, 1));
    const includedCount = guardTrap("execute", () => this.wasm.executeBatch(input, count, BigInt(queueStart), statusPtr));
    const roots = this.wasm.batchRoots();
    const withdrawalCount = this.wasm.batchExitCount();
    const createdStart = this.wasm.createdStart();
    const touchedCount = this.wasm.batchTouchedCount();
    const touchedPtr = this.wasm.touchedAccounts();
    const bytes = this.memory.bytes();
    const touched = new Uint32Array(touchedCount);
    touched.set(new Uint32Array(bytes.buffer, touchedPtr, touchedCount));
    return {
      statuses: this.memory.copy(statusPtr, count),
      included: this.memory.copy(this.wasm.includedTransactions(), includedCount * TRANSACTION_BYTES),
      includedCount,
      stateRoot: this.memory.copy(roots, 32),
      txRoot: this.memory.copy(roots + 32, 32),
      exitRoot: this.memory.copy(roots + 64, 32),
      withdrawals: this.memory.copy(this.wasm.batchExits(), withdrawalCount * WITHDRAWAL_BYTES),
      withdrawalCount,
      created: Uint32Array.from({ length: this.wasm.stateCount() - createdStart }, (_, i) => createdStart + i),
      touched,
      queueCount: Number(this.wasm.queueEnd()),
      ...this.chunks(),
    };
  }

  private chunks(): Pick<BatchResult, "chunkStateRoots" | "chunkTxSubtrees" | "chunkEntries"> {
    const n = this.wasm.chunkCount();
    const pairs = this.memory.bytes().subarray(this.wasm.chunkPairs(), this.wasm.chunkPairs() + n * 64);
    const chunkStateRoots = new Uint8Array(n * 32);
    const chunkTxSubtrees = new Uint8Array(n * 32);
    for (let c = 0; c < n; c++) {
      chunkStateRoots.set(pairs.subarray(c * 64, c * 64 + 32), c * 32);
      chunkTxSubtrees.set(pairs.subarray(c * 64 + 32, c * 64 + 64), c * 32);
    }
    return { chunkStateRoots, chunkTxSubtrees, chunkEntries: this.memory.copy(this.wasm.chunkEntries(), n * 32) };
  }

  /** Merkle proof of withdrawal `index` of the last executed batch against its exitRoot (16 siblings). */
  exitProof(index: number): ListProof {
    const length = this.wasm.lastExitCount();
    if (length === 0) throw new CoreInputError("index: the last batch has no withdrawals");
    expectInteger("index", index, 0, length - 1);
    const ptr = this.memory.reserve(1, EXIT_DEPTH * 32);
    this.wasm.exitProof(index, ptr);
    const bytes = this.memory.copy(ptr, EXIT_DEPTH * 32);
    return { branch: Array.from({ length: EXIT_DEPTH }, (_, i) => bytes.subarray(i * 32, i * 32 + 32)), length };
  }
}

export type { TxStatus };
