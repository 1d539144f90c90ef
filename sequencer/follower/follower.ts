/**
 * The follower: rebuilds the rollup from L1 alone. Each poll reads the confirmed L1 queue and the
 * new commits (each of 1..256 batches, docs/fraud-proofs.md §3), re-verifies each batch in order
 * (poll-run.ts) and stores it as the sequencer would. On the first mismatch it records which batch
 * and field, restores the last verified state, and stops advancing its trusted head, while still
 * serving what it verified. A `FraudProven` event (§4) removed the proven batch's commit and every
 * later one and froze the rollup: the follower verifies only the commits before the removed one,
 * records the freeze (`frozen`) and stops for good, since no commit can follow. Restarts (also
 * after kill -9) resume from the stored head.
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

const MISMATCH_KEY = "followerMismatch";
const CURSOR_KEY = "followerCursor";
const FROZEN_KEY = "followerFrozen";

/** A fraud proof removed commits from L1 and froze the rollup (docs/fraud-proofs.md §4). */
export interface FrozenRollup {
  /** The batch proven wrong, the kind of fraud (§4's numbering), and the proof's L1 transaction. */
  provenBatch: number;
  kind: number;
  l1TxHash: string;
  l1Block: number;
  /** The first commit removed and its first batch: from there on nothing is on L1 any more. */
  removedCommit: number;
  removedFromBatch: number;
  /** Batches this follower had verified and stored that the proof removed (its head was past removedFromBatch − 1). */
  verifiedButRemoved: number;
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

  constructor(private readonly deps: FollowerDeps) {
    this.tip = deps.tip;
    this.mismatchFound = deps.store.buckets.meta.get(MISMATCH_KEY);
    this.frozenAt = deps.store.buckets.meta.get(FROZEN_KEY);
    this.cursor = deps.store.buckets.meta.get(CURSOR_KEY) ?? deps.deployBlock;
  }

  /** The last verified batch. */
  get head(): BatchTip {
    return this.tip;
  }

  /** The first batch that did not verify, if any: the head stays before it. */
  get mismatch(): Mismatch | undefined {
    return this.mismatchFound;
  }

  /** Set once a fraud proof froze the rollup: the follower stops there for good. */
  get frozen(): FrozenRollup | undefined {
    return this.frozenAt;
  }

  /** Verifies every batch committed in confirmed blocks (up to a fraud proof); returns how many were verified. */
  async poll(): Promise<number> {
    if (this.broken) throw new Error(`the follower stopped after a storage failure: ${this.broken.message}; restart it`);
    if (this.frozenAt) return 0;
    const { provider } = this.deps;
    if (!this.mismatchFound) await this.deps.queue.poll();
    const safe = (await provider.getBlockNumber()) - this.deps.confirmations + 1;
    if (safe < this.cursor) return 0;
    // after a mismatch nothing more is verified, but a fraud proof of it (or of anything) is still news
    const events = await rollupEvents(provider, this.deps.rollup, this.cursor, safe, !this.mismatchFound);
    const fraud = events.frauds[0];
    let commits = events.commits;
    let removed;
    if (fraud) {
      removed = await removedCommit(provider, this.deps.rollup, fraud, commits, this.deps.deployBlock);
      commits = commits.filter((c) => c.commitIndex < removed!.commitIndex);
    }
    const stop = this.deps.stopBeforeBatch;
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
      if (this.mismatchFound && !fraud) return verified; // the cursor stays: a later proof is read from here
    }
    if (fraud) {
      await this.recordFrozen(fraud, removed!.commitIndex, removed!.firstBatch);
      return verified;
    }
    if (held) return verified;
    this.cursor = safe + 1;
    await this.deps.store.writeDurably(() => this.deps.store.buckets.meta.put(CURSOR_KEY, this.cursor));
    return verified;
  }

  private async recordFrozen(fraud: FraudEvent, removedCommit: number, removedFromBatch: number): Promise<void> {
    const frozen: FrozenRollup = {
      provenBatch: fraud.batch, kind: fraud.kind, l1TxHash: fraud.l1TxHash, l1Block: fraud.l1Block,
      removedCommit, removedFromBatch, verifiedButRemoved: Math.max(0, this.tip.number - removedFromBatch + 1),
    };
    await this.deps.store.writeDurably(() => this.deps.store.buckets.meta.put(FROZEN_KEY, frozen));
    this.frozenAt = frozen;
    this.deps.onFrozen?.(frozen);
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
