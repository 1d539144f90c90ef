/**
 * The follower (issue 8): rebuilds the rollup from L1 alone. Each poll reads the confirmed L1 queue
 * and the newly committed batches, re-verifies each batch in order (verifyBatch) and stores it as
 * the sequencer would. On the first mismatch it records which batch and field, restores the last
 * verified state, and stops advancing its trusted head, while still serving what it verified.
 * Restarts (also after kill -9) resume from the stored head.
 */
import type { JsonRpcProvider } from "ethers";
import type { LoftCore } from "../core/index.ts";
import type { QueueWatcher } from "../l1/queue-watcher.ts";
import type { BatchTip } from "../sealer/batch-tip.ts";
import type { RecoveredSenders } from "../signatures/recover-chunk.ts";
import type { Store } from "../store/store.ts";
import type { StoreReader } from "../store/store-reader.ts";
import type { Mismatch } from "./batch-verifier.ts";
import { committedLogs } from "./l1-batch-reader.ts";
import { PollRun } from "./poll-run.ts";

const MISMATCH_KEY = "followerMismatch";
const CURSOR_KEY = "followerCursor";

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
  onMismatch?(mismatch: Mismatch): void;
}

export class Follower {
  private tip: BatchTip;
  private mismatchFound: Mismatch | undefined;
  private cursor: number;
  private broken: Error | undefined;

  constructor(private readonly deps: FollowerDeps) {
    this.tip = deps.tip;
    this.mismatchFound = deps.store.buckets.meta.get(MISMATCH_KEY);
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

  /** Verifies every batch committed in confirmed blocks; returns how many were verified. */
  async poll(): Promise<number> {
    if (this.broken) throw new Error(`the follower stopped after a storage failure: ${this.broken.message}; restart it`);
    if (this.mismatchFound) return 0;
    const { provider } = this.deps;
    await this.deps.queue.poll();
    const safe = (await provider.getBlockNumber()) - this.deps.confirmations + 1;
    if (safe < this.cursor) return 0;
    const logs = (await committedLogs(provider, this.deps.rollup, this.cursor, safe)).filter((log) => Number(BigInt(log.topics[1]!)) > this.tip.number);
    const run = new PollRun(this, logs);
    try {
      const verified = await run.verifyAll();
      if (this.mismatchFound) return verified;
    } catch (error) {
      await run.restoreVerifiedState().catch(() => {});
      throw error;
    }
    this.cursor = safe + 1;
    await this.deps.store.writeDurably(() => this.deps.store.buckets.meta.put(CURSOR_KEY, this.cursor));
    return run.verified;
  }

  /** @internal PollRun's access to the follower. */
  get internals() {
    return {
      deps: this.deps,
      confirm: (tip: BatchTip) => (this.tip = tip),
      recordMismatch: async (mismatch: Mismatch) => {
        await this.deps.store.writeDurably(() => this.deps.store.buckets.meta.put(MISMATCH_KEY, mismatch));
        this.mismatchFound = mismatch;
        this.deps.onMismatch?.(mismatch);
      },
      breakWith: (error: Error) => (this.broken = error),
    };
  }
}
