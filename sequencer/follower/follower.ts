/**
 * The follower: rebuilds the rollup from L1 alone. Each poll reads the confirmed L1 queue and the
 * new commits (each of 1..256 batches, docs/fraud-proofs.md §3), re-verifies each batch in order
 * (poll-run.ts) and stores it as the sequencer would. On the first mismatch it records which batch
 * and field, restores the last verified state, and stops advancing its trusted head, while still
 * serving what it verified. A `FraudProven` event (§4) removed the proven batch's commit and every
 * later one and froze the rollup: the follower verifies only the commits before the removed one,
 * records the freeze (`frozen`) and stops for good, since no commit can follow. A `freeze()` after
 * the inclusion window (protocol.md §5) removes nothing: the follower verifies every commit, then
 * records the freeze the same way. Either way `frozen` names the escape batch, its queueCount and
 * stateRoot (what escapes prove against). Stored batches become `finalized` once the Rollup's
 * `lastFinalBatch()` reaches them (follower-finality.ts), as the sequencer's do.
 *
 * Each poll reads one L1 view: the confirmed block number is read once, before the queue, so the
 * queue watcher has read at least as far as the commits of that poll; every other read is bounded
 * by that block. A batch that claims queue messages the watcher has not read yet is retried next
 * poll, never a mismatch (the Rollup refuses a commit past its own queue, so only a lagging read
 * can cause it). Restarts (also after kill -9) resume from the stored head.
 */
import type { JsonRpcProvider } from "ethers";
import type { LoftCore } from "../core/index.ts";
import type { QueueWatcher } from "../l1/queue-watcher.ts";
import type { BatchTip } from "../sealer/batch-tip.ts";
import type { RecoveredSenders } from "../signatures/recover-chunk.ts";
import type { Store } from "../store/store.ts";
import type { StoreReader } from "../store/store-reader.ts";
import type { Mismatch } from "./batch-verifier.ts";
import { removedCommit, rollupEvents, type CommittedBatch, type FraudEvent } from "./l1-batch-reader.ts";
import { PollRun } from "./poll-run.ts";
import { findFrozenEvent, readEscapeHatch, type EscapeHatchState } from "../escape/escape-hatch.ts";
import { finalizeUpTo, lastFinalBatch } from "./follower-finality.ts";

const MISMATCH_KEY = "followerMismatch";
const CURSOR_KEY = "followerCursor";
const FROZEN_KEY = "followerFrozen";

/**
 * The rollup is frozen (protocol.md §5): by a fraud proof that removed commits from L1
 * (docs/fraud-proofs.md §4; `cause` "fraud", with the proof's fields) or by `freeze()` after a
 * queue message waited past the inclusion window (`cause` "inclusion", `staleQueueIndex`).
 */
export interface FrozenRollup {
  cause: "fraud" | "inclusion";
  /** The escape batch (the last batch of the last final commit), its queueCount and stateRoot. */
  escapeBatch: number;
  escapeQueueCount: number;
  escapeStateRoot: string;
  /** L1 time of the freeze, and the transaction that froze it (the proof, or the freeze() call). */
  frozenAt: number;
  l1TxHash: string;
  l1Block: number;
  /** cause "inclusion": the queue message that waited too long. */
  staleQueueIndex?: number;
  /** cause "fraud": the batch proven wrong and the kind of fraud (§4's numbering). */
  provenBatch?: number;
  kind?: number;
  /** cause "fraud": the first commit removed and its first batch: from there on nothing is on L1 any more. */
  removedCommit?: number;
  removedFromBatch?: number;
  /** cause "fraud": batches this follower had verified and stored that the proof removed. */
  verifiedButRemoved?: number;
}

export interface FollowerDeps {
  provider: JsonRpcProvider;
  store: Store;
  reader: StoreReader;
  core: LoftCore;
  queue: QueueWatcher;
  separator: Uint8Array;
  recover(records: Uint8Array, count: number): Promise<RecoveredSenders>;
  rollup: string;
  /** The L1 JSON-RPC URL (batch calldata is fetched directly, see l1-batch-reader.ts). */
  rpcUrl: string;
  confirmations: number;
  deployBlock: number;
  tip: BatchTip;
  onVerified?(number: number, transactions: number): void;
  /** `batch` is the batch as read from L1, with its commit's batches (what a challenger proves it wrong with). */
  onMismatch?(mismatch: Mismatch, batch?: CommittedBatch): void;
  onFrozen?(frozen: FrozenRollup): void;
  /** Stored batches that just became finalized, in order. */
  onFinalized?(numbers: number[]): void;
  /**
   * Verify only the commits that end before this batch (`loft prove` rebuilds the state before a
   * batch it proves; the commit holding it is walked by the proof builder). The cursor then stays.
   */
  stopBeforeBatch?: number;
}

export class Follower {
  private tip: BatchTip;
  private mismatchFound: Mismatch | undefined;
  private frozenAt: FrozenRollup | undefined;
  private cursor: number;
  private broken: Error | undefined;
  private stopBeforeBatch: number | undefined;

  constructor(private readonly deps: FollowerDeps) {
    this.tip = deps.tip;
    this.mismatchFound = deps.store.buckets.meta.get(MISMATCH_KEY);
    this.frozenAt = deps.store.buckets.meta.get(FROZEN_KEY);
    this.cursor = deps.store.buckets.meta.get(CURSOR_KEY) ?? deps.deployBlock;
    this.stopBeforeBatch = deps.stopBeforeBatch;
  }

  /** Verify only the commits that end before `batch` from now on (FollowerDeps.stopBeforeBatch; `loft escape` learns its batch from L1 first). */
  stopBefore(batch: number): void {
    this.stopBeforeBatch = batch;
  }

  /** The last verified batch. */
  get head(): BatchTip {
    return this.tip;
  }

  /** The first batch that did not verify, if any: the head stays before it. */
  get mismatch(): Mismatch | undefined {
    return this.mismatchFound;
  }

  /** Set once the rollup is frozen (a fraud proof, or freeze()): the follower stops there for good. */
  get frozen(): FrozenRollup | undefined {
    return this.frozenAt;
  }

  /** Verifies every batch committed in confirmed blocks (up to a freeze); returns how many were verified. */
  async poll(): Promise<number> {
    if (this.broken) throw new Error(`the follower stopped after a storage failure: ${this.broken.message}; restart it`);
    const { provider } = this.deps;
    if (this.frozenAt) {
      if ((this.frozenAt as Partial<FrozenRollup>).escapeBatch === undefined) await this.completeOldFrozenRecord();
      return 0;
    }
    // one L1 view: this block number bounds every read below, and the queue is read after it
    const safe = (await provider.getBlockNumber()) - this.deps.confirmations + 1;
    if (!this.mismatchFound) await this.deps.queue.poll();
    if (safe < this.cursor) return 0;
    // after a mismatch nothing more is verified, but a fraud proof of it (or of anything) is still news
    const events = await rollupEvents(provider, this.deps.rollup, this.cursor, safe, !this.mismatchFound);
    const hatch = await readEscapeHatch(provider, this.deps.rollup, safe);
    const fraud = events.frauds[0];
    let commits = events.commits;
    let removed;
    if (fraud) {
      removed = await removedCommit(provider, this.deps.rollup, fraud, commits, this.deps.deployBlock);
      commits = commits.filter((c) => c.commitIndex < removed!.commitIndex);
    }
    const stop = this.stopBeforeBatch;
    const held = stop !== undefined && commits.some((c) => c.lastBatch >= stop);
    if (held) commits = commits.filter((c) => c.lastBatch < stop);
    let verified = 0;
    if (!this.mismatchFound) {
      const run = new PollRun(this, commits.filter((c) => c.lastBatch > this.tip.number));
      try {
        verified = await run.verifyAll();
      } catch (error) {
        await run.restoreVerifiedState().catch(() => {});
        throw error;
      }
      if (run.queueBehind) return verified; // the queue watcher has not read that far: next poll
      if (this.mismatchFound && !fraud && !hatch.frozen) return verified; // the cursor stays: a later proof is read from here
    }
    if (held) return verified;
    await this.finalize(hatch.frozen ? hatch.escapeBatch : await lastFinalBatch(provider, this.deps.rollup, safe));
    if (fraud || hatch.frozen) {
      await this.recordFrozen(hatch, safe, fraud && { fraud, commitIndex: removed!.commitIndex, firstBatch: removed!.firstBatch });
      return verified;
    }
    this.cursor = safe + 1;
    await this.deps.store.writeDurably(() => this.deps.store.buckets.meta.put(CURSOR_KEY, this.cursor));
    return verified;
  }

  private async finalize(final: number): Promise<void> {
    const done = await finalizeUpTo(this.deps.store, final, this.tip.number);
    if (done.length > 0) this.deps.onFinalized?.(done);
  }

  private async recordFrozen(hatch: EscapeHatchState, safe: number, removed?: { fraud: FraudEvent; commitIndex: number; firstBatch: number }): Promise<void> {
    const event = await findFrozenEvent(this.deps.provider, this.deps.rollup, Math.min(this.cursor, removed?.fraud.l1Block ?? safe), safe);
    const frozen: FrozenRollup = {
      cause: removed ? "fraud" : "inclusion",
      escapeBatch: hatch.escapeBatch, escapeQueueCount: hatch.escapeQueueCount, escapeStateRoot: hatch.escapeStateRoot, frozenAt: hatch.frozenAt,
      l1TxHash: removed?.fraud.l1TxHash ?? event?.l1TxHash ?? "", l1Block: removed?.fraud.l1Block ?? event?.l1Block ?? safe,
      ...(event?.staleQueueIndex !== undefined ? { staleQueueIndex: event.staleQueueIndex } : {}),
      ...(removed ? {
        provenBatch: removed.fraud.batch, kind: removed.fraud.kind, removedCommit: removed.commitIndex, removedFromBatch: removed.firstBatch,
        verifiedButRemoved: Math.max(0, this.tip.number - removed.firstBatch + 1),
      } : {}),
    };
    await this.deps.store.writeDurably(() => this.deps.store.buckets.meta.put(FROZEN_KEY, frozen));
    this.frozenAt = frozen;
    this.deps.onFrozen?.(frozen);
  }

  /** A data dir frozen by an earlier version recorded the fraud only: the escape batch is read from L1 and added. */
  private async completeOldFrozenRecord(): Promise<void> {
    const hatch = await readEscapeHatch(this.deps.provider, this.deps.rollup);
    const frozen: FrozenRollup = { ...this.frozenAt!, cause: "fraud", escapeBatch: hatch.escapeBatch, escapeQueueCount: hatch.escapeQueueCount, escapeStateRoot: hatch.escapeStateRoot, frozenAt: hatch.frozenAt };
    await this.finalize(hatch.escapeBatch);
    await this.deps.store.writeDurably(() => this.deps.store.buckets.meta.put(FROZEN_KEY, frozen));
    this.frozenAt = frozen;
  }

  /** @internal PollRun's access to the follower. */
  get internals() {
    return {
      deps: this.deps,
      confirm: (tip: BatchTip) => (this.tip = tip),
      recordMismatch: async (mismatch: Mismatch, batch: CommittedBatch) => {
        await this.deps.store.writeDurably(() => this.deps.store.buckets.meta.put(MISMATCH_KEY, mismatch));
        this.mismatchFound = mismatch;
        this.deps.onMismatch?.(mismatch, batch);
      },
      breakWith: (error: Error) => (this.broken = error),
    };
  }
}
