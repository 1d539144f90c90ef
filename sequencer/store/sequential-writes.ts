/**
 * Sealed batches written strictly one after another: batch n+1's transaction starts only once
 * batch n's has committed, and after a failed batch every later one is refused until that batch
 * is written again (retried: sequencer/sealer/pending-writes.ts), so the disk never holds a batch
 * whose parent is missing, and no batch is linked to history heads a failed one left in the
 * writer's memory (history-chains.ts). Flushes overlap. Used by the batch writer thread and by
 * writeSealedBatch when a store has no writer thread (the follower, tests).
 */
import { forgetHeads } from "./history-chains.ts";
import type { SealedBatch } from "./sealed-batch.ts";
import type { Store } from "./store.ts";

/** A batch refused because an earlier one failed; it carries that failure's code, so it is classed the same way. */
export class EarlierBatchFailedError extends Error {
  override name = "EarlierBatchFailedError";
  readonly code: unknown;
  constructor(number: number, failure: { number: number; error: Error }) {
    super(`batch ${number} not written: an earlier batch (${failure.number}) failed (${failure.error.message})`, { cause: failure.error });
    this.code = (failure.error as { code?: unknown }).code;
  }
}

export class SequentialWrites {
  private committed: Promise<unknown> = Promise.resolve();
  private failure: { number: number; error: Error } | undefined;

  /** `commit` runs one batch's write transaction (aborted as a whole if it throws). */
  constructor(private readonly store: Store, private readonly commit: (batch: SealedBatch) => unknown) {}

  /** Resolves once the batch is committed and flushed to disk. After a failure, only that batch is taken again. */
  write(batch: SealedBatch): Promise<void> {
    const number = batch.header.number;
    const commit = this.committed.then(async () => {
      if (this.failure && this.failure.number !== number) throw new EarlierBatchFailedError(number, this.failure);
      await this.commit(batch);
      if (this.failure?.number === number) this.failure = undefined;
    });
    this.committed = commit.catch((error: Error) => {
      if (error instanceof EarlierBatchFailedError) return;
      this.failure ??= { number, error };
      forgetHeads(this.store); // the heads it remembers may include the failed batch's
    });
    return commit.then(async () => void (await this.store.env.flushed));
  }
}
