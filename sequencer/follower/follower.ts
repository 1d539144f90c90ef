/**
 * The follower (issue 8): rebuilds the rollup from L1 alone. Each poll reads the confirmed L1 queue
 * and the newly committed batches, re-verifies each batch in order (verifyBatch) and stores it as
 * the sequencer would. On the first mismatch it records which batch and field, restores the last
 * verified state, and stops advancing its trusted head, while still serving what it verified.
 * Restarts (also after kill -9) resume from the stored head.
 */
import type { JsonRpcProvider, Log } from "ethers";
import type { BatchResult } from "../core/index.ts";
import { TRANSACTION_SIZE } from "../protocol/ssz-types.ts";
import type { SealedBatch } from "../store/sealed-batch.ts";
import type { LoftCore } from "../core/index.ts";
import type { QueueWatcher } from "../l1/queue-watcher.ts";
import { tipOf, type BatchTip } from "../sealer/batch-tip.ts";
import type { RecoveredSenders } from "../signatures/recover-chunk.ts";
import { writeSealedBatch } from "../store/batch-writer.ts";
import type { Store } from "../store/store.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { executeBatch, signatureMismatch, type Mismatch } from "./batch-verifier.ts";
import { committedLogs, readCommittedBatch, L1BatchReadError, type CommittedBatch } from "./l1-batch-reader.ts";

const MISMATCH_KEY = "followerMismatch";
const CURSOR_KEY = "followerCursor";
const PREFETCH = 4;
/** Verified batches held in memory while their writes flush, at most. */
const MAX_UNSTORED = 8;

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

interface Executed {
  batch: CommittedBatch;
  sealed: SealedBatch;
  users: Uint8Array;
  includedCount: number;
  signatures: Promise<RecoveredSenders>;
}

/**
 * One poll's batches as a two-stage pipeline: batch n+1 is fetched, decoded and executed while the
 * signatures of batch n are recovered on the worker pool; batch n is written (and its write flushed
 * while later batches proceed) only once its signatures check out. On any mismatch the WASM state
 * is restored from storage, which then holds exactly the verified batches.
 */
class PollRun {
  verified = 0;
  private readonly writes: Promise<void>[] = [];
  /** Batches whose signatures held and whose write is queued: they become the head once stored. */
  private readonly unstored: Executed[] = [];
  private readonly fetches: (Promise<CommittedBatch> | undefined)[];

  constructor(private readonly follower: Follower, private readonly logs: Log[]) {
    this.fetches = logs.map(() => undefined);
  }

  async verifyAll(): Promise<number> {
    const { deps } = this.follower.internals;
    let executedTip = this.follower.head;
    let pending: Executed | undefined;
    for (let i = 0; i < this.logs.length; i++) {
      const number = Number(BigInt(this.logs[i]!.topics[1]!));
      if (number !== executedTip.number + 1) throw new L1BatchReadError(`batch ${number} committed but batch ${executedTip.number + 1} was never seen`);
      for (let ahead = i; ahead < Math.min(this.logs.length, i + PREFETCH); ahead++) this.fetch(ahead).catch(() => {});
      const batch = await this.fetch(i);
      const queueRecords = deps.queue.confirmed(executedTip.queueCount, Math.max(0, batch.header.queueCount - executedTip.queueCount));
      const verdict = executeBatch(deps, executedTip, batch, queueRecords);
      if (!verdict.ok) {
        if (pending && (await this.confirm(pending))) return this.verified; // the earlier batch was the first bad one
        return this.stopAt(verdict.mismatch);
      }
      const current: Executed = {
        batch,
        sealed: this.sealedBatch(batch, queueRecords.length, verdict.result, verdict.userHashes),
        users: verdict.users,
        includedCount: verdict.result.includedCount,
        signatures: deps.recover(verdict.users, verdict.userCount),
      };
      current.signatures.catch(() => {}); // awaited in confirm
      executedTip = tipOf(batch.header);
      if (pending && (await this.confirm(pending))) return this.verified;
      pending = current;
    }
    if (pending && (await this.confirm(pending))) return this.verified;
    await this.settleWrites();
    return this.verified;
  }

  /** Restores the WASM state to the stored (verified) batches, after waiting for pending writes. */
  async restoreVerifiedState(): Promise<void> {
    const { core, reader } = this.follower.internals.deps;
    await this.settleWrites();
    core.state.clear();
    core.state.load(reader.allAccounts());
  }

  /** Checks a batch's signatures; writes it if they hold. True when it did not verify (and the run stopped). */
  private async confirm(executed: Executed): Promise<boolean> {
    const { deps, confirm } = this.follower.internals;
    const bad = signatureMismatch(executed.batch.number, executed.users, await executed.signatures);
    if (bad) {
      await this.stopAt(bad);
      return true;
    }
    const write = writeSealedBatch(deps.store, executed.sealed);
    write.catch(() => {}); // awaited in settleWrites
    this.writes.push(write);
    this.unstored.push(executed);
    if (this.unstored.length >= MAX_UNSTORED) await this.settleWrites(); // bounds memory on a long catch-up
    return false;
  }

  private async stopAt(mismatch: Mismatch): Promise<number> {
    await this.restoreVerifiedState();
    await this.follower.internals.recordMismatch(mismatch);
    return this.verified;
  }

  /** Waits for the queued writes; then (only then) the written batches become the verified head. */
  private async settleWrites(): Promise<void> {
    const { deps, confirm, breakWith } = this.follower.internals;
    try {
      await Promise.all(this.writes.splice(0));
    } catch (error) {
      breakWith(error as Error); // storage is behind: nothing more is verified
      throw error;
    }
    for (const executed of this.unstored.splice(0)) {
      confirm(tipOf(executed.batch.header));
      this.verified++;
      deps.onVerified?.(executed.batch.number, executed.includedCount);
    }
  }

  private fetch(i: number): Promise<CommittedBatch> {
    const { deps } = this.follower.internals;
    return (this.fetches[i] ??= readCommittedBatch(deps.rpcUrl, deps.rollup, this.logs[i]!));
  }

  /** What storage keeps of a verified batch, taken right after its execution (later batches change the accounts). */
  private sealedBatch(batch: CommittedBatch, queueCount: number, result: BatchResult, userHashes: Uint8Array): SealedBatch {
    const { core } = this.follower.internals.deps;
    const hashes = new Uint8Array((result.included.length / TRANSACTION_SIZE) * 32);
    for (let i = 0; i < queueCount; i++) hashes.set(core.ssz.transactionRoot(result.included.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE)), i * 32);
    hashes.set(userHashes, queueCount * 32);
    const touched = core.state.exportAccounts(result.touched);
    return {
      header: batch.header,
      root: batch.root,
      transactions: result.included,
      hashes,
      accounts: Array.from(result.touched, (index, i) => ({ index, record: touched.subarray(i * 44, i * 44 + 44) })),
      newAccountsFrom: result.created[0] ?? core.state.count,
      withdrawals: result.withdrawals,
      data: batch.data,
      sealedAt: Date.now(),
      committed: { l1TxHash: batch.l1TxHash, at: Date.now() },
    };
  }
}
