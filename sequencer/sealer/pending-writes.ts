/**
 * Batches the sealer executed and handed to storage, oldest first, until each write is flushed.
 * The executor runs ahead of the disk (the next batch executes while the previous one is
 * written), so these are the batches whose effects are in the WASM state but not yet durable:
 * reads leave them out (node/core-account-reader.ts) and their transactions stay "accepted".
 *
 * A write the storage refuses (disk full, I/O error) keeps its batch, and every later one, here:
 * `retry()` hands them to storage again, in order, at most once per RETRY_INTERVAL_MS, until they
 * are written. Nothing executed is dropped and nothing is announced before it is durable.
 */
import type { SealedBatch } from "../store/sealed-batch.ts";
import { writeSealedBatch } from "../store/batch-writer.ts";
import { isStorageFault, type StorageFaultError } from "../store/storage-fault.ts";
import type { Store } from "../store/store.ts";
import type { BatchTip } from "./batch-tip.ts";
import type { PendingTransaction, SealedBatchEvent } from "./sealer-ports.ts";

/** How often a refused write is tried again. */
export const RETRY_INTERVAL_MS = 1_000;

/** What reads need of a batch not yet durable: what it changed. */
export interface PendingBatchView {
  readonly number: number;
  /** Accounts that existed before the batch: those at this index and above are its creations. */
  readonly accountsBefore: number;
  /** Whether the batch changed account `index`. */
  touches(index: number): boolean;
  /** The 44-byte record the batch left at account `index`, if it changed it. */
  record(index: number): Uint8Array | undefined;
  /** Resolves once the batch is durable (after retries too). */
  readonly durable: Promise<void>;
}

interface PendingBatch<T extends PendingTransaction> extends PendingBatchView {
  tip: BatchTip;
  sealed: SealedBatch;
  event: SealedBatchEvent<T>;
  markDurable(): void;
  byHash?: Map<string, T>;
}

/** Told, in the same turn, when a batch becomes pending and when it becomes durable (node/core-account-reader.ts). */
export interface PendingObserver {
  added(batch: PendingBatchView, wasEmpty: boolean): void;
  durable(batch: PendingBatchView): void;
}

export class PendingWrites<T extends PendingTransaction> {
  private readonly batches: PendingBatch<T>[] = [];
  observer: PendingObserver | undefined;
  private tip: BatchTip;
  private refused: StorageFaultError | undefined;
  private lastTry = 0;

  constructor(private readonly store: Store, durableTip: BatchTip) {
    this.tip = durableTip;
  }

  /** The last batch written and flushed. */
  get durableTip(): BatchTip {
    return this.tip;
  }

  /** Set while a write the storage refused waits for its retry. */
  get fault(): StorageFaultError | undefined {
    return this.refused;
  }

  /** Oldest first. */
  get pending(): readonly PendingBatchView[] {
    return this.batches;
  }

  /**
   * Hands the batch (executed after every pending one) to storage. Resolves with its event once
   * it is durable; rejects with the StorageFaultError if storage refused it (it stays pending for
   * `retry()`), or with any other error as it came.
   */
  add(batch: { tip: BatchTip; sealed: SealedBatch; event: SealedBatchEvent<T>; accountsBefore: number }): Promise<SealedBatchEvent<T>> {
    let markDurable!: () => void;
    const durable = new Promise<void>((resolve) => (markDurable = resolve));
    let records: Map<number, Uint8Array> | undefined; // built on the first read that asks, not on the sealing path
    const recordsOf = () => (records ??= new Map(batch.sealed.accounts.map(({ index, record }) => [index, record])));
    const entry: PendingBatch<T> = {
      number: batch.tip.number, tip: batch.tip, sealed: batch.sealed, event: batch.event, accountsBefore: batch.accountsBefore, durable, markDurable,
      touches: (index) => recordsOf().has(index),
      record: (index) => recordsOf().get(index),
    };
    this.batches.push(entry);
    this.observer?.added(entry, this.batches.length === 1);
    return this.submit(entry);
  }

  /** The pending transaction with this hash (executed into a batch not yet durable). */
  find(hash: Uint8Array): T | undefined {
    const key = Buffer.from(hash).toString("hex");
    for (const batch of this.batches) {
      batch.byHash ??= new Map(batch.event.included.map((t) => [Buffer.from(t.hash).toString("hex"), t]));
      const found = batch.byHash.get(key);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * After a refused write, at most once per RETRY_INTERVAL_MS: hands every pending batch to
   * storage again, in order. Resolves with the events of those now durable (announce them).
   */
  async retry(now = Date.now()): Promise<SealedBatchEvent<T>[]> {
    if (!this.refused || now - this.lastTry < RETRY_INTERVAL_MS) return [];
    this.lastTry = now;
    this.refused = undefined;
    const outcomes = await Promise.allSettled([...this.batches].map((entry) => this.submit(entry)));
    const events: SealedBatchEvent<T>[] = [];
    for (const outcome of outcomes) {
      if (outcome.status === "fulfilled") events.push(outcome.value);
      else if (!isStorageFault(outcome.reason)) throw outcome.reason;
    }
    return events;
  }

  private submit(entry: PendingBatch<T>): Promise<SealedBatchEvent<T>> {
    return writeSealedBatch(this.store, entry.sealed).then(
      () => {
        // writes complete in batch order, so this is the oldest pending batch
        const at = this.batches.indexOf(entry);
        if (at >= 0) this.batches.splice(at, 1);
        this.tip = entry.tip;
        entry.markDurable();
        this.observer?.durable(entry);
        return entry.event;
      },
      (error: unknown) => {
        if (isStorageFault(error)) {
          this.refused ??= error;
          this.lastTry ||= Date.now();
        }
        throw error;
      },
    );
  }
}
