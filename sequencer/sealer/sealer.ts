/**
 * The sealer (issue 5 item 6): every batch interval, or as soon as enough transactions wait, it
 * takes the due L1 queue messages and then mempool transactions, executes them in the WASM core in
 * one call, encodes the batch data (v2, after execution: it posts the executor's chunk entries),
 * and writes the batch in one LMDB transaction. Transactions are
 * announced sealed only after that write is flushed.
 *
 * `sealNext` lets the next batch execute while the previous one is still being written and
 * flushed (storage writes batches in order, each after the previous one committed), so the disk
 * and the main thread work at the same time; `latest` is the last batch written. A write the
 * storage refuses (disk full) keeps its batch for `retryWrites()` and nothing more is executed
 * until it is written (pending-writes.ts).
 */
import type { LoftCore } from "../core/index.ts";
import { MAX_QUEUE_MESSAGES } from "../batch-data/format.ts";
import { TxStatus, txStatusReason } from "../core/index.ts";
import { encodeBatchData, type EncodeContext } from "../batch-data/encode-batch-data.ts";
import { BatchHeader, TRANSACTION_SIZE } from "../protocol/ssz-types.ts";
import { isStorageFault, type StorageFaultError } from "../store/storage-fault.ts";
import type { Store } from "../store/store.ts";
import type { BatchTip } from "./batch-tip.ts";
import { tipOf } from "./batch-tip.ts";
import { fittingPrefix } from "./size-budget.ts";
import { checkBatchData } from "./data-check.ts";
import { PendingWrites, type PendingBatchView, type PendingObserver } from "./pending-writes.ts";
import type { PendingTransaction, QueueSource, RejectedTransaction, SealedBatchEvent, SealerMempool } from "./sealer-ports.ts";

export interface SealerOptions {
  batchMaxTxs: number;
  maxBatchBytes: number;
}

export interface SealerDeps<T extends PendingTransaction> {
  core: LoftCore;
  store: Store;
  mempool: SealerMempool<T>;
  queue: QueueSource;
  tip: BatchTip;
  now?: () => number;
}

export class SealerFatalError extends Error {
  override name = "SealerFatalError";
}

export class Sealer<T extends PendingTransaction> {
  /** The last batch executed: the parent of the next one. */
  private executedTip: BatchTip;
  /** Batches executed and being written, until their write is flushed. */
  private readonly writes: PendingWrites<T>;
  private broken: SealerFatalError | undefined;
  private capacity: number;
  /** Rejections of an execution that included nothing (no batch: it would have no position), announced with the next batch. */
  private carriedRejections: RejectedTransaction<T>[] = [];
  constructor(private readonly deps: SealerDeps<T>, private readonly options: SealerOptions) {
    this.writes = new PendingWrites(deps.store, deps.tip);
    this.executedTip = deps.tip;
    this.capacity = options.batchMaxTxs;
  }

  /**
   * How many waiting transactions make a full batch: --batch-max-txs, or fewer when the last
   * batch that hit --max-batch-bytes held fewer (the node seals at once when that many wait).
   */
  get fullBatchTransactions(): number {
    return this.capacity;
  }

  /** The last batch written and flushed. */
  get latest(): BatchTip {
    return this.writes.durableTip;
  }

  /** A transaction executed into a batch now being written (not yet durable, so still "accepted"). */
  beingSealed(hash: Uint8Array): T | undefined {
    return this.writes.find(hash);
  }

  /** The batches executed and not yet durable, oldest first (what reads of durable state leave out). */
  pendingBatches(): readonly PendingBatchView[] {
    return this.writes.pending;
  }

  /** Hears, in the same turn, each batch becoming pending and becoming durable (reads of durable state). */
  observePending(observer: PendingObserver): void {
    this.writes.observer = observer;
  }

  /** Set while a batch write the storage refused waits to be retried; nothing new is executed meanwhile. */
  get storageFault(): StorageFaultError | undefined {
    return this.writes.fault;
  }

  /** Hands the refused batches to storage again (at most once a second); resolves with the events of those now durable. */
  retryWrites(): Promise<SealedBatchEvent<T>[]> {
    return this.writes.retry();
  }

  /** Seals one batch; undefined when nothing is waiting (or nothing of it was valid). Throws SealerFatalError when state and disk may disagree. */
  async sealOnce(): Promise<SealedBatchEvent<T> | undefined> {
    return this.sealNext()?.written;
  }

  /**
   * Executes the next batch now and hands it to storage; `written` resolves with its event once it
   * is flushed (in batch order), or rejects with SealerFatalError, or with a StorageFaultError
   * when the storage refused it (the batch is kept for retryWrites(), announced once written).
   * Undefined when nothing waits, when every waiting transaction was rejected (they are announced
   * with the next batch's event), or while a refused write waits for its retry.
   * After a fatal failure every later call throws: the in-memory state is ahead of the disk.
   */
  sealNext(): { number: number; written: Promise<SealedBatchEvent<T>> } | undefined {
    if (this.broken) throw this.broken;
    if (this.writes.fault) return undefined; // the disk refused a batch: execute nothing more until it is written
    const { core, mempool, queue } = this.deps;
    const parent = this.executedTip;
    // at most MAX_QUEUE_MESSAGES per batch: the Rollup refuses more (their exitRoot proof must fit one L1 transaction)
    const queueRecords = queue.confirmed(parent.queueCount, Math.min(MAX_QUEUE_MESSAGES, this.options.batchMaxTxs));
    const candidates = mempool.take(this.options.batchMaxTxs - queueRecords.length);
    if (queueRecords.length === 0 && candidates.length === 0) return undefined;

    const context = this.encodeContext();
    const userRecords = concat(candidates.map((c) => c.record));
    const fit = fittingPrefix(queueRecords, userRecords, context, this.options.maxBatchBytes);
    if (fit < candidates.length) {
      mempool.release(candidates.slice(fit).map((c) => c.hash));
      this.capacity = Math.max(1, queueRecords.length + fit);
    } else if (candidates.length + queueRecords.length === this.options.batchMaxTxs) {
      this.capacity = this.options.batchMaxTxs; // a full batch by count fitted its bytes
    }
    const users = candidates.slice(0, fit);

    const input = concat([...queueRecords, userRecords.subarray(0, fit * TRANSACTION_SIZE)]);
    const result = core.executor.execute(input, parent.queueCount);
    for (let i = 0; i < queueRecords.length; i++) {
      if (result.statuses[i] !== TxStatus.Ok) {
        throw (this.broken = new SealerFatalError(`L1 queue message ${parent.queueCount + i} was refused by the executor (${txStatusReason[result.statuses[i] as TxStatus]})`));
      }
    }
    const included: T[] = [];
    const rejected: RejectedTransaction<T>[] = [];
    users.forEach((tx, i) => {
      const status = result.statuses[queueRecords.length + i] as TxStatus;
      if (status === TxStatus.Ok) included.push(tx);
      else rejected.push({ tx, reason: txStatusReason[status] });
    });
    mempool.markSealed(included.map((t) => t.hash));
    mempool.markRejected(rejected.map((r) => r.tx.hash));
    if (queueRecords.length > 0) mempool.onAccountsChanged(queueRecords.map((r) => r.subarray(21, 41)));
    if (result.includedCount === 0) {
      // every candidate was rejected and no queue message waits: the state is unchanged, and a batch
      // of no positions cannot be posted (docs/fraud-proofs.md §1–§3)
      this.carriedRejections.push(...rejected);
      return undefined;
    }
    rejected.unshift(...this.carriedRejections.splice(0));

    // v2 data is encoded after execution: it posts the chunk entries and the full exits' amounts
    const data = encodeBatchData({ included: result.included, queueMessages: queueRecords.length, chunkEntries: result.chunkEntries }, context);
    try {
      if (data.length > this.options.maxBatchBytes && fit > 0) throw new Error(`the data takes ${data.length} bytes, above --max-batch-bytes ${this.options.maxBatchBytes} (its size bound is wrong)`);
      checkBatchData(core, data, queueRecords, result, context.accountCount, included.map((t) => t.from));
    } catch (error) {
      throw (this.broken = new SealerFatalError(`batch ${parent.number + 1}: ${(error as Error).message}`, { cause: error }));
    }
    const header: BatchHeader = {
      number: parent.number + 1,
      parentRoot: parent.root,
      stateRoot: result.stateRoot,
      txRoot: result.txRoot,
      exitRoot: result.exitRoot,
      queueCount: result.queueCount,
      timestamp: Math.max(parent.timestamp, queue.latestL1Timestamp()),
      dataHash: core.hashing.keccak256(data),
    };
    const next = tipOf(header);
    const hashes = concat([
      // an L1 message's hash is its SSZ root (spec §1), from the WASM core as the follower computes it
      ...queueRecords.map((_, i) => core.ssz.transactionRoot(result.included.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE))),
      ...included.map((t) => t.hash),
    ]);
    const touched = core.state.exportAccounts(result.touched);
    this.executedTip = next;
    const sealed = {
      header,
      root: next.root,
      transactions: result.included,
      hashes,
      accounts: Array.from(result.touched, (index, i) => ({ index, record: touched.subarray(i * 44, i * 44 + 44) })),
      newAccountsFrom: context.accountCount,
      withdrawals: result.withdrawals,
      data,
      sealedAt: (this.deps.now ?? Date.now)(),
    };
    const event = { number: header.number, root: next.root, included, rejected, queueMessages: queueRecords.length, data };
    const written = this.writes.add({ tip: next, sealed, event, accountsBefore: context.accountCount }).catch((error: Error) => {
      if (isStorageFault(error)) throw error; // kept for retryWrites()
      this.broken ??= new SealerFatalError(`batch ${header.number} was executed but could not be written: ${error.message}`, { cause: error });
      throw this.broken;
    });
    return { number: header.number, written };
  }

  /** The state before this batch (the encoder replays the batch's account creations itself). */
  private encodeContext(): EncodeContext {
    const { state } = this.deps.core;
    const base = state.count;
    return {
      accountCount: base,
      indexOf: (address) => {
        const index = state.indexOf(address);
        return index < 0 || index >= base ? undefined : index;
      },
    };
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
