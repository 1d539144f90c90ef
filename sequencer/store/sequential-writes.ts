/**
 * Sealed batches written strictly one after another: batch n+1's transaction starts only once
 * batch n's has committed, and after a failed batch every later one is refused, so the disk never
 * holds a batch whose parent is missing, and no batch is linked to history heads a failed one left
 * in the writer's memory (history-chains.ts). Flushes overlap. Used by the batch writer thread and
 * by writeSealedBatch when a store has no writer thread (the follower, tests).
 */
import { forgetHeads } from "./history-chains.ts";
import type { SealedBatch } from "./sealed-batch.ts";
import type { Store } from "./store.ts";

export class SequentialWrites {
  private committed: Promise<unknown> = Promise.resolve();
  private failure: Error | undefined;

  /** `commit` runs one batch's write transaction (aborted as a whole if it throws). */
  constructor(private readonly store: Store, private readonly commit: (batch: SealedBatch) => unknown) {}

  /** Resolves once the batch is committed and flushed to disk. */
  write(batch: SealedBatch): Promise<void> {
    const commit = this.committed.then(() => {
      if (this.failure) throw new Error(`not written: an earlier batch failed (${this.failure.message})`);
      return this.commit(batch);
    });
    this.committed = commit.catch((error: Error) => {
      this.failure ??= error;
      forgetHeads(this.store); // the heads it remembers may include the failed batch's
    });
    return commit.then(async () => void (await this.store.env.flushed));
  }
}
