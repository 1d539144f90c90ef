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
import { tipOf, type BatchTip } from "../sealer/batch-tip.ts";
import type { RecoveredSenders } from "../signatures/recover-chunk.ts";
import { writeSealedBatch } from "../store/batch-writer.ts";
import type { Store } from "../store/store.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { verifyBatch, type Mismatch } from "./batch-verifier.ts";
import { committedLogs, readCommittedBatch, L1BatchReadError, type CommittedBatch } from "./l1-batch-reader.ts";

const MISMATCH_KEY = "followerMismatch";
const CURSOR_KEY = "followerCursor";
const PREFETCH = 4;

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
    const { provider, store, reader, core } = this.deps;
    await this.deps.queue.poll();
    const safe = (await provider.getBlockNumber()) - this.deps.confirmations + 1;
    if (safe < this.cursor) return 0;
    let verified = 0;
    const logs = (await committedLogs(provider, this.deps.rollup, this.cursor, safe)).filter((log) => Number(BigInt(log.topics[1]!)) > this.tip.number);
    // calldata of the next batches is fetched while the current one is verified
    const fetches = logs.map(() => undefined as Promise<CommittedBatch> | undefined);
    const fetch = (i: number) => (fetches[i] ??= readCommittedBatch(this.deps.rpcUrl, this.deps.rollup, logs[i]!));
    // each batch's write is flushed while the next one is verified; all are awaited before returning
    const writes: Promise<void>[] = [];
    const settleWrites = () =>
      Promise.all(writes.splice(0)).catch((error) => {
        this.broken = error as Error; // storage is behind the WASM state: nothing more is verified
        throw error;
      });
    for (let i = 0; i < logs.length; i++) {
      const number = Number(BigInt(logs[i]!.topics[1]!));
      if (number !== this.tip.number + 1) throw new L1BatchReadError(`batch ${number} committed but batch ${this.tip.number + 1} was never seen`);
      for (let ahead = i; ahead < Math.min(logs.length, i + PREFETCH); ahead++) fetch(ahead).catch(() => {});
      const batch = await fetch(i);
      const queueRecords = this.deps.queue.confirmed(this.tip.queueCount, Math.max(0, batch.header.queueCount - this.tip.queueCount));
      const verdict = await verifyBatch(this.deps, this.tip, batch, queueRecords);
      if (!verdict.ok) {
        await settleWrites();
        if (verdict.stateTouched) {
          core.state.clear();
          core.state.load(reader.allAccounts());
        }
        await store.writeDurably(() => store.buckets.meta.put(MISMATCH_KEY, verdict.mismatch));
        this.mismatchFound = verdict.mismatch;
        this.deps.onMismatch?.(verdict.mismatch);
        return verified;
      }
      const { result } = verdict;
      const queueHashes = queueRecords.map((_, i) => core.ssz.transactionRoot(result.included.subarray(i * 146, (i + 1) * 146)));
      const hashes = new Uint8Array(result.included.length / 146 * 32);
      queueHashes.forEach((h, i) => hashes.set(h, i * 32));
      hashes.set(verdict.userHashes, queueHashes.length * 32);
      const touched = core.state.exportAccounts(result.touched);
      writes.push(writeSealedBatch(store, {
        header: batch.header,
        root: batch.root,
        transactions: result.included,
        hashes,
        accounts: Array.from(result.touched, (index, i) => ({ index, record: touched.subarray(i * 44, i * 44 + 44) })),
        withdrawals: result.withdrawals,
        data: batch.data,
        sealedAt: Date.now(),
        committed: { l1TxHash: batch.l1TxHash, at: Date.now() },
      }));
      writes.at(-1)!.catch(() => {}); // awaited below; an early failure must not go unhandled meanwhile
      this.tip = tipOf(batch.header);
      verified++;
      this.deps.onVerified?.(number, result.includedCount);
    }
    await settleWrites();
    this.cursor = safe + 1;
    await store.writeDurably(() => store.buckets.meta.put(CURSOR_KEY, this.cursor));
    return verified;
  }
}
