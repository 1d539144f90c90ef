/**
 * Which sealed batches the poster commits together (shared spec §6, docs/fraud-proofs.md §3):
 * batches are sealed every 100 ms, but each L1 transaction costs 21,000 gas plus the commit's fixed
 * work, so consecutive unsent batches share one `commitBatches` call. A commit is sent as soon as
 * it is full (MAX_BATCHES_PER_COMMIT batches, or one more batch would take its calldata past
 * MAX_COMMIT_CALLDATA_BYTES), or once its oldest batch has waited `maxCommitDelayMs` since it was
 * sealed; until then it waits for more. A batch too large to share is committed alone.
 */
import { MAX_BATCHES_PER_COMMIT, MAX_COMMIT_CALLDATA_BYTES, commitCalldataSize } from "./commit-transaction.ts";

export interface UnsentBatch {
  /** Length of the batch's posted data. */
  dataBytes: number;
  /** Wall-clock ms of its sealing. */
  sealedAt: number;
}

export interface CommitPlanOptions {
  maxCommitDelayMs: number;
  maxCalldataBytes?: number;
  maxBatches?: number;
}

export interface PlannedCommit {
  first: number;
  last: number;
  /** "full": nothing more fits; "delay": its oldest batch waited maxCommitDelayMs. */
  reason: "full" | "delay";
}

const EMPTY = commitCalldataSize([]);

/** The commit to send next, starting at batch `first` (batches up to `latest` are sealed), or undefined to wait. */
export function nextCommit(first: number, latest: number, batch: (number: number) => UnsentBatch, now: number, options: CommitPlanOptions): PlannedCommit | undefined {
  if (first > latest) return undefined;
  const maxBytes = options.maxCalldataBytes ?? MAX_COMMIT_CALLDATA_BYTES;
  const maxBatches = options.maxBatches ?? MAX_BATCHES_PER_COMMIT;
  let size = EMPTY;
  let last = first - 1;
  for (let n = first; n <= latest; n++) {
    const added = commitCalldataSize([batch(n).dataBytes]) - EMPTY;
    if (n > first && size + added > maxBytes) return { first, last, reason: "full" };
    size += added;
    last = n;
    if (last - first + 1 === maxBatches) return { first, last, reason: "full" };
  }
  return now - batch(first).sealedAt >= options.maxCommitDelayMs ? { first, last, reason: "delay" } : undefined;
}
