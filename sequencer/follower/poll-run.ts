/**
 * One poll's commits as a pipeline of their batches. The main thread fetches (PREFETCH commits
 * ahead, each with up to 256 batches; l1-batch-reader.ts), decodes and
 * executes batch n while the worker pool recovers the signatures of the batches before it: a
 * batch's recovery is submitted as soon as it is decoded, before its execution, and the main
 * thread only waits for signatures when MAX_UNCHECKED executed batches await theirs (or the
 * pool's queue is full). A batch is written only once its signatures check out, and becomes the
 * verified head only once its write is stored. On any mismatch the WASM state is restored from
 * storage, which then holds exactly the verified batches.
 */
import type { BatchResult } from "../core/index.ts";
import { TRANSACTION_SIZE } from "../protocol/ssz-types.ts";
import { userTransactionHashesInto } from "../protocol/transaction-hash.ts";
import type { BatchTip } from "../sealer/batch-tip.ts";
import { DEFAULT_MAX_PENDING_TRANSACTIONS } from "../signatures/pool-options.ts";
import type { RecoveredSenders } from "../signatures/recover-chunk.ts";
import type { SealedBatch } from "../store/sealed-batch.ts";
import { writeSealedBatch } from "../store/batch-writer.ts";
import { decodeCommitted, executeDecoded, signatureMismatch, type Mismatch } from "./batch-verifier.ts";
import type { Follower } from "./follower.ts";
import { readCommit, L1BatchReadError, type CommitEvent, type CommittedBatch } from "./l1-batch-reader.ts";
import { WriteQueue } from "./write-queue.ts";

const PREFETCH = 4;
/** Executed batches whose signatures are not yet checked, at most (each holds its records and accounts). */
const MAX_UNCHECKED = 3;
/** Transactions handed to the pool and not yet checked, at most: the pool's default maxPendingTransactions (it rejects beyond). */
const MAX_RECOVERING = DEFAULT_MAX_PENDING_TRANSACTIONS;

interface Executed {
  batch: CommittedBatch;
  sealed: SealedBatch;
  users: Uint8Array;
  userCount: number;
  includedCount: number;
  signatures: Promise<RecoveredSenders>;
  recovered: RecoveredSenders | undefined;
}

export class PollRun {
  private readonly unchecked: Executed[] = [];
  private recovering = 0;
  private readonly writes: WriteQueue<Executed>;
  /** A commit's batches being fetched; null once consumed (its data is not held for the whole run). */
  private readonly fetches: (Promise<CommittedBatch[]> | undefined | null)[];

  constructor(private readonly follower: Follower, private readonly commits: CommitEvent[]) {
    this.fetches = commits.map(() => undefined);
    const { deps, confirm, breakWith } = follower.internals;
    this.writes = new WriteQueue<Executed>({
      onStored: (executed) => {
        confirm(tipFrom(executed.batch));
        deps.onVerified?.(executed.batch.number, executed.includedCount);
      },
      onFailed: breakWith, // storage is behind: nothing more is verified
    });
  }

  /**
   * Set when a batch claimed queue messages the queue watcher has not read yet: the run stopped
   * before it (having stored what it verified) and the next poll retries. Never a mismatch: the
   * Rollup refuses a commit whose queueCount is past its queue, so only a lagging read causes it.
   */
  queueBehind = false;

  /** Batches verified and stored by this run. */
  get verified(): number {
    return this.writes.stored;
  }

  async verifyAll(): Promise<number> {
    const { deps } = this.follower.internals;
    let tip = this.follower.head;
    for (let i = 0; i < this.commits.length; i++) {
      for (let ahead = i; ahead < Math.min(this.commits.length, i + PREFETCH); ahead++) this.fetch(ahead)?.catch(() => {});
      const batches = await this.fetch(i)!;
      this.fetches[i] = null;
      for (const batch of batches) {
        if (batch.number <= tip.number) continue; // verified before a restart in the middle of this commit
        if (batch.number !== tip.number + 1) throw new L1BatchReadError(`batch ${batch.number} committed but batch ${tip.number + 1} was never seen`);
        if (batch.header.queueCount > deps.queue.length) {
          this.queueBehind = true;
          break;
        }
        const queueRecords = deps.queue.confirmed(tip.queueCount, Math.max(0, batch.header.queueCount - tip.queueCount));
        const decoded = decodeCommitted(deps, tip, batch, queueRecords);
        if (!decoded.ok) return this.stopAfterUnchecked(decoded.mismatch, batch);
        while (this.unchecked.length > 0 && this.recovering + decoded.userCount > MAX_RECOVERING) {
          if (await this.checkOldest()) return this.verified;
        }
        const signatures = deps.recover(decoded.users, decoded.userCount);
        signatures.catch(() => {}); // awaited in checkOldest
        this.recovering += decoded.userCount;
        const verdict = executeDecoded(deps, tip, batch, decoded);
        if (!verdict.ok) return this.stopAfterUnchecked(verdict.mismatch, batch);
        const executed: Executed = {
          batch, signatures, recovered: undefined,
          sealed: this.sealedBatch(batch, queueRecords.length, verdict.result),
          users: decoded.users, userCount: decoded.userCount, includedCount: verdict.result.includedCount,
        };
        signatures.then((recovered) => (executed.recovered = recovered), () => {});
        this.unchecked.push(executed);
        tip = tipFrom(batch);
        // check what the pool has finished; wait for it only when too much is unchecked
        while (this.unchecked.length > 0 && (this.unchecked[0]!.recovered || this.unchecked.length > MAX_UNCHECKED)) {
          if (await this.checkOldest()) return this.verified;
        }
      }
      if (this.queueBehind) break;
    }
    while (this.unchecked.length > 0) if (await this.checkOldest()) return this.verified;
    await this.writes.settle();
    return this.verified;
  }

  /** Restores the WASM state to the stored (verified) batches, after waiting for pending writes. */
  async restoreVerifiedState(): Promise<void> {
    const { core, reader } = this.follower.internals.deps;
    await this.writes.settle();
    core.state.clear();
    core.state.load(reader.allAccounts());
  }

  /** Checks the oldest executed batch's signatures; queues its write if they hold. True when it did not verify (and the run stopped). */
  private async checkOldest(): Promise<boolean> {
    const executed = this.unchecked.shift()!;
    const recovered = await executed.signatures;
    this.recovering -= executed.userCount;
    const bad = signatureMismatch(executed.batch.number, executed.users, recovered, executed.includedCount - executed.userCount);
    if (bad) {
      await this.stopAt(bad, executed.batch);
      return true;
    }
    this.setUserHashes(executed, recovered);
    await this.writes.add(executed, writeSealedBatch(this.follower.internals.deps.store, executed.sealed));
    return false;
  }

  /** A later batch failed: the executed batches before it are checked first, as the first bad one is what counts. */
  private async stopAfterUnchecked(mismatch: Mismatch, batch: CommittedBatch): Promise<number> {
    while (this.unchecked.length > 0) if (await this.checkOldest()) return this.verified;
    await this.stopAt(mismatch, batch);
    return this.verified;
  }

  private async stopAt(mismatch: Mismatch, batch: CommittedBatch): Promise<void> {
    await this.restoreVerifiedState();
    await this.follower.internals.recordMismatch(mismatch, batch);
  }

  /** Commit i's batches (fetched once); undefined once consumed. */
  private fetch(i: number): Promise<CommittedBatch[]> | undefined {
    const { deps } = this.follower.internals;
    if (this.fetches[i] === null) return undefined;
    return (this.fetches[i] ??= readCommit(deps.rpcUrl, deps.rollup, this.commits[i]!));
  }

  /**
   * What storage keeps of a verified batch, taken right after its execution (later batches change
   * the accounts). The user transactions' hashes are filled in by setUserHashes once recovered.
   */
  private sealedBatch(batch: CommittedBatch, queueCount: number, result: BatchResult): SealedBatch {
    const { core } = this.follower.internals.deps;
    const hashes = new Uint8Array((result.included.length / TRANSACTION_SIZE) * 32);
    for (let i = 0; i < queueCount; i++) hashes.set(core.ssz.transactionRoot(result.included.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE)), i * 32);
    const touched = core.state.exportAccounts(result.touched);
    const accounts = new Array<{ index: number; record: Uint8Array }>(result.touched.length);
    for (let i = 0; i < accounts.length; i++) accounts[i] = { index: result.touched[i]!, record: touched.subarray(i * 44, i * 44 + 44) };
    const now = Date.now();
    return {
      header: batch.header, root: batch.root, transactions: result.included, hashes, accounts,
      newAccountsFrom: result.created[0] ?? core.state.count,
      withdrawals: result.withdrawals, data: batch.data, sealedAt: now,
      committed: { l1TxHash: batch.l1TxHash, at: now, commit: { index: batch.commitIndex, firstBatch: batch.commit.firstBatch, lastBatch: batch.commit.lastBatch } },
    };
  }

  /**
   * The user transactions' hashes, keccak256(digest ‖ from) (spec §2, v2), after the queue
   * messages': from the digests the signature workers computed for recovery when they return them
   * (every status is ok here, so every digest is meaningful), else computed again on this thread.
   */
  private setUserHashes(executed: Executed, recovered: RecoveredSenders): void {
    if (executed.userCount === 0) return;
    const { core, separator } = this.follower.internals.deps;
    const digests = recovered.digests?.subarray(0, executed.userCount * 32) ?? core.hashing.eip712Digests(separator, executed.users);
    const { hashes } = executed.sealed;
    userTransactionHashesInto(core.hashing, digests, executed.users, executed.userCount, hashes.subarray(hashes.length - digests.length));
  }
}

/** The tip after a batch; its root was checked equal to the header's hash_tree_root (decodeCommitted). */
function tipFrom(batch: CommittedBatch): BatchTip {
  const { header } = batch;
  return { number: header.number, root: batch.root, timestamp: header.timestamp, queueCount: header.queueCount, stateRoot: header.stateRoot };
}
