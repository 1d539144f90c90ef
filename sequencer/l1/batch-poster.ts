/**
 * The L1 poster: commits sealed batches to the Rollup in order, consecutive batches together in
 * one `commitBatches` transaction (commit-plan.ts: up to 256 batches or ~128 KB of calldata, or
 * sooner once the oldest has waited `maxCommitDelayMs`), several commits in flight with
 * consecutive nonces. Every signed transaction is persisted before it is broadcast, so a restart
 * rebroadcasts the same transactions (never a second, different commit of a batch in flight).
 *
 * Nothing is assumed from what was sent: each round reads L1 (rollup-view.ts) and rebuilds from it
 *   - committed: the batches the contract holds `confirmations` blocks below the head, each with
 *     the commit that carries it there and that commit's transaction (commit-lookup.ts); a commit
 *     whose last state root is not this node's is a conflict (PosterFatalError);
 *   - finalized: the batches the contract calls final (`lastFinalBatch`, its challenge window) at
 *     the newest block that is final on L1 (l1-finality.ts: the L1's `finalized` tag and the
 *     confirmations); status never goes back from there;
 *   - in flight: the stored commits that continue the contract's last batch with the account's
 *     next nonces. One that does not fit any more (its nonce was taken: "lost"; a reorg removed it:
 *     "reorged") is dropped and its batches are sent again; one stuck `replaceAfterBlocks` blocks,
 *     or refused as underpriced, is replaced with fees 12.5% higher at the same nonce.
 * A reorg deeper than the confirmations thus un-commits batches on L1 only: they stay valid and
 * are committed again (their stored status stays where it was, their commit is updated).
 */
import { getBytes, type JsonRpcProvider, type Wallet } from "ethers";
import type { Logger } from "pino";
import type { NodeMetrics } from "../metrics/node-metrics.ts";
import { BatchHeader } from "../protocol/ssz-types.ts";
import { setBatchStatus, type StatusChange } from "../store/batch-status.ts";
import type { BatchStatus } from "../store/sealed-batch.ts";
import type { Store } from "../store/store.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { broadcastAnswerOf, isRetryableRevert, type BroadcastOutcome } from "./commit-broadcast.ts";
import { commitTransactionOf } from "./commit-lookup.ts";
import { nextCommit } from "./commit-plan.ts";
import { chunkCountOf, commitCalldataBytes, commitGasLimit, type CommitBatch } from "./commit-transaction.ts";
import { postJsonRpc } from "./json-rpc-post.ts";
import { L1Finality } from "./l1-finality.ts";
import { signEip1559, type Keccak256 } from "./raw-transaction.ts";
import { RollupView, type ChainState } from "./rollup-view.ts";

export class PosterFatalError extends Error {
  override name = "PosterFatalError";
}

/** The devnet's default --max-commit-delay (ms). */
export const DEFAULT_MAX_COMMIT_DELAY_MS = 1_000;

export interface PosterOptions {
  rollup: string;
  confirmations: number;
  /** Ignored: finality is the contract's (its challenge window, judged at a final L1 block). Accepted so that older callers still compile. */
  challengeWindowSeconds?: number;
  /** Commits (L1 transactions) sent and not yet mined, at most. */
  maxInFlight: number;
  replaceAfterBlocks: number;
  /** The Rollup's deployment block (commit logs are searched down to it); 0 when absent. */
  deployBlock?: number;
  /** How long the oldest unsent sealed batch may wait for others to share its commit; DEFAULT_MAX_COMMIT_DELAY_MS when absent. */
  maxCommitDelayMs?: number;
  /** Wall clock in ms (tests pass a fake one); Date.now when absent. */
  now?: () => number;
  /** Keccak-256 for signing commits (the node's WASM core); @noble/hashes when absent. */
  keccak256?: Keccak256;
  /** eth_sendRawTransaction's transport (the node's L1Rpc with failover); a POST to the provider's URL when absent. */
  sendRaw?: (raw: string) => Promise<unknown>;
  log?: Logger;
  metrics?: NodeMetrics;
}

/** One commit transaction in flight, stored under its first batch number until it is committed. */
export interface PostRecord {
  first: number;
  last: number;
  nonce: number;
  hashes: string[];
  /** The signed transaction (0x-hex). */
  raw: string;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  sentAtBlock: number;
}

const COMMITTED_KEY = "posterCommittedUpTo";
const FINALIZED_KEY = "posterFinalizedUpTo";
const BALANCE_EVERY_ROUNDS = 10;

const batchesOf = (range: { first: number; last: number }) => Array.from({ length: range.last - range.first + 1 }, (_, i) => range.first + i);
const described = (range: { first: number; last: number }) => (range.first === range.last ? `batch ${range.first}` : `batches ${range.first}–${range.last}`);
const bump = (fee: bigint) => fee + fee / 8n + 1n;
const max = (a: bigint, b: bigint) => (a > b ? a : b);

export class BatchPoster {
  private chainId: bigint | undefined;
  /** The posts in flight by first batch number, read from storage once and kept in step with every write. */
  private open: Map<number, PostRecord> | undefined;
  private readonly view: RollupView;
  private readonly finality: L1Finality;
  /** The highest fees used per nonce by posts dropped this run: a new transaction at that nonce must outbid them. */
  private readonly feesByNonce = new Map<number, { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }>();
  private readonly reverts = new Map<number, number>();
  private waitingFor: string | undefined;
  private rounds = 0;

  constructor(
    private readonly provider: JsonRpcProvider,
    private readonly wallet: Wallet,
    private readonly store: Store,
    private readonly reader: StoreReader,
    private readonly options: PosterOptions,
    private readonly onStatus: (number: number, status: BatchStatus, l1TxHash: string) => void = () => {},
  ) {
    this.view = new RollupView(provider, options.rollup);
    this.finality = new L1Finality(provider, options.confirmations, options.log);
  }

  /** The last batch committed on L1 with the confirmations, as of the last round. */
  get committedUpTo(): number {
    return this.store.buckets.meta.get(COMMITTED_KEY) ?? this.highestWith((s) => s !== "sealed");
  }

  get finalizedUpTo(): number {
    return this.store.buckets.meta.get(FINALIZED_KEY) ?? this.highestWith((s) => s === "finalized");
  }

  /** One round: read L1, record commits and finality, drop what no longer fits, replace what is stuck, send what is due. */
  async tick(): Promise<void> {
    const head = await this.provider.getBlock("latest");
    if (!head) throw new Error("L1 returned no latest block");
    const confirmedAt = Math.max(0, head.number - this.options.confirmations + 1);
    const [latest, confirmed] = [await this.view.chainAt(head.number), await this.view.chainAt(confirmedAt)];
    await this.recordCommitted(confirmed.lastNumber, confirmedAt);
    await this.recordFinalized(await this.finality.height(head));
    if (this.rounds++ % BALANCE_EVERY_ROUNDS === 0 && this.options.metrics) {
      this.options.metrics.l1PosterBalance.set(Number(await this.provider.getBalance(this.wallet.address)));
    }
    if (latest.frozen) return this.waitFor("the Rollup is frozen: no batch can be committed any more");
    await this.sendDue(latest, head.number, head.timestamp);
  }

  /** Moves the batches committed at `atBlock` (up to `lastNumber`) to committed, each with its commit. */
  private async recordCommitted(lastNumber: number, atBlock: number): Promise<void> {
    let upTo = this.committedUpTo;
    if (lastNumber < upTo) {
      this.options.log?.warn({ batches: described({ first: lastNumber + 1, last: upTo }), confirmations: this.options.confirmations },
        "an L1 reorg deeper than the confirmations removed commits: their batches stay valid and are committed again");
      this.options.metrics?.l1CommitOutcomes.inc({ outcome: "reorged" }, 1);
      upTo = lastNumber;
      await this.store.writeDurably(() => this.store.buckets.meta.put(COMMITTED_KEY, upTo));
    }
    while (upTo < lastNumber) {
      const commit = await this.view.commitOfBatchAt(upTo + 1, atBlock);
      const ours = this.reader.batch(commit.lastBatch);
      if (commit.firstBatch !== upTo + 1 || !ours || `0x${Buffer.from(ours.header.subarray(40, 72)).toString("hex")}` !== commit.stateRoot) {
        throw new PosterFatalError(
          `L1 holds commit ${commit.index} of ${described({ first: commit.firstBatch, last: commit.lastBatch })} whose state root is not this node's batch ${commit.lastBatch}: ` +
          "another node commits with this sequencer key, or this data dir belongs to another chain. Stop the other node; this data dir cannot continue on this Rollup.",
        );
      }
      const posts = [...this.openPosts().values()].filter((p) => p.first === commit.firstBatch && p.last === commit.lastBatch);
      const tx = await commitTransactionOf(this.provider, this.options.rollup, commit.index, atBlock, posts.flatMap((p) => p.hashes), this.options.deployBlock ?? 0);
      if (!tx) throw new Error(`commit ${commit.index} is in the Rollup at L1 block ${atBlock} but its transaction was not found (the L1 may be behind its load balancer): retrying`);
      const range = { first: commit.firstBatch, last: commit.lastBatch };
      const span = { index: commit.index, firstBatch: commit.firstBatch, lastBatch: commit.lastBatch };
      await Promise.all(batchesOf(range).map((n) => {
        const status = this.reader.batch(n)?.status === "finalized" ? "finalized" : "committed"; // never back from finalized
        return setBatchStatus(this.store, n, { status, l1TxHash: tx.l1TxHash, commit: span, at: Date.now() }).then(() => status);
      })).then((statuses) => statuses.forEach((status, i) => this.onStatus(range.first + i, status, tx.l1TxHash)));
      const gasUsed = tx.receipt?.gasUsed;
      const feeWei = tx.receipt ? tx.receipt.gasUsed * tx.receipt.gasPrice : undefined;
      if (gasUsed !== undefined && feeWei !== undefined) {
        this.options.metrics?.l1GasUsed.inc(Number(gasUsed));
        this.options.metrics?.l1FeesWei.inc(Number(feeWei));
      }
      this.options.metrics?.l1CommitOutcomes.inc({ outcome: "confirmed" });
      this.options.log?.info({ commit: commit.index, batches: described(range), l1Block: tx.l1Block, l1TxHash: tx.l1TxHash, gasUsed: gasUsed?.toString(), feeWei: feeWei?.toString() }, "commit confirmed on L1");
      upTo = commit.lastBatch;
      const done = [...this.openPosts().values()].filter((p) => p.last <= upTo);
      await this.store.writeDurably(() => {
        this.store.buckets.meta.put(COMMITTED_KEY, upTo);
        for (const post of done) this.store.buckets.l1Posts.remove(post.first);
      });
      for (const post of done) this.openPosts().delete(post.first);
    }
  }

  /** Moves the committed batches the contract calls final at the final L1 block `atBlock` to finalized. */
  private async recordFinalized(atBlock: number): Promise<void> {
    const from = this.finalizedUpTo + 1;
    const to = Math.min(await this.view.lastFinalBatchAt(Math.max(0, atBlock)), this.committedUpTo);
    if (to < from) return;
    const range = { first: from, last: to };
    await Promise.all(batchesOf(range).map((n) => setBatchStatus(this.store, n, { status: "finalized", at: Date.now() })));
    await this.store.writeDurably(() => this.store.buckets.meta.put(FINALIZED_KEY, to));
    for (const n of batchesOf(range)) this.onStatus(n, "finalized", this.reader.batch(n)?.l1TxHash ?? "");
    this.options.log?.info({ batches: described(range), l1Block: atBlock }, "batches finalized (challenge window over, commit final on L1)");
  }

  /** Rebuilds the commits in flight from the contract's last batch and the account's nonce; replaces, rebroadcasts, sends. */
  private async sendDue(latest: ChainState, headNumber: number, headTimestamp: number): Promise<void> {
    const nonce = await this.provider.getTransactionCount(this.wallet.address, headNumber); // at the block `latest` was read at: one view of L1
    let first = latest.lastNumber + 1;
    let nextNonce = nonce;
    const keep: PostRecord[] = [];
    const drop: { post: PostRecord; why: "lost" | "reorged" | "reordered" }[] = [];
    for (const post of [...this.openPosts().values()].sort((a, b) => a.first - b.first)) {
      if (post.last <= latest.lastNumber) continue; // on L1 already; recorded once it has its confirmations
      if (drop.length === 0 && post.first === first && post.nonce === nextNonce) {
        keep.push(post);
        first = post.last + 1;
        nextNonce++;
      } else drop.push({ post, why: post.nonce < nonce ? "lost" : post.first <= this.committedUpTo ? "reorged" : "reordered" });
    }
    if (drop.length > 0) await this.dropPosts(drop);
    for (const post of keep) {
      if (headNumber - post.sentAtBlock >= this.options.replaceAfterBlocks) await this.replace(post, headNumber, "stuck");
      else await this.broadcast(post, post.raw, headNumber);
    }
    const now = (this.options.now ?? Date.now)();
    const latestSealed = this.reader.latestSealed() ?? 0;
    for (let inFlight = keep.length; inFlight < this.options.maxInFlight; inFlight++) {
      const plan = nextCommit(first, latestSealed, (n) => this.stored(n), now, { maxCommitDelayMs: this.options.maxCommitDelayMs ?? DEFAULT_MAX_COMMIT_DELAY_MS });
      if (!plan) break;
      const last = this.lastSendable(plan.first, plan.last, latest.queueLength, headTimestamp);
      if (last < plan.first) break;
      await this.send(plan.first, last, nextNonce, headNumber);
      first = last + 1;
      nextNonce++;
    }
  }

  /** The last of batches first..last that L1 can take now: each needs its queue messages on L1 and a timestamp L1 has reached (a reorg may have taken both back). */
  private lastSendable(first: number, last: number, queueLength: number, headTimestamp: number): number {
    for (let n = first; n <= last; n++) {
      const header = BatchHeader.deserialize(new Uint8Array(this.stored(n).header));
      if (header.queueCount > queueLength || header.timestamp > headTimestamp) {
        this.waitFor(header.queueCount > queueLength
          ? `batch ${n} includes L1 queue message ${header.queueCount - 1}, which L1 does not hold (an L1 reorg removed it): waiting for it to be included again`
          : `batch ${n} is timestamped ${header.timestamp}, after L1's latest block (${headTimestamp}; an L1 reorg took time back): waiting for L1 to reach it`);
        return n - 1;
      }
    }
    this.waitingFor = undefined;
    return last;
  }

  private waitFor(reason: string): void {
    if (this.waitingFor !== reason) this.options.log?.warn(reason);
    this.waitingFor = reason;
  }

  private async dropPosts(drop: { post: PostRecord; why: "lost" | "reorged" | "reordered" }[]): Promise<void> {
    for (const { post, why } of drop) {
      const reverted = await this.revertedHash(post);
      if (reverted) {
        const count = (this.reverts.get(post.first) ?? 0) + 1;
        this.reverts.set(post.first, count);
        if (count >= 2) throw new PosterFatalError(`commitBatches of ${described(post)} was mined and reverted twice (${reverted}): the node's chain and the contract disagree or its gas limit is too low; see the transaction on L1`);
      }
      const previous = this.feesByNonce.get(post.nonce);
      this.feesByNonce.set(post.nonce, { maxFeePerGas: max(post.maxFeePerGas, previous?.maxFeePerGas ?? 0n), maxPriorityFeePerGas: max(post.maxPriorityFeePerGas, previous?.maxPriorityFeePerGas ?? 0n) });
      const what = reverted ? "was mined and reverted" : why === "lost" ? "was lost (its nonce was taken by another transaction and its batches are not on L1)" : why === "reorged" ? "was removed by an L1 reorg" : "no longer continues the commits on L1";
      this.options.log?.warn({ batches: described(post), nonce: post.nonce, hashes: post.hashes }, `commit ${what}: its batches are sent again`);
      this.options.metrics?.l1CommitOutcomes.inc({ outcome: reverted ? "reverted" : why === "reordered" ? "resent" : why });
    }
    await this.store.writeDurably(() => {
      for (const { post } of drop) this.store.buckets.l1Posts.remove(post.first);
    });
    for (const { post } of drop) this.openPosts().delete(post.first);
  }

  private async revertedHash(post: PostRecord): Promise<string | undefined> {
    for (const hash of post.hashes) if ((await this.provider.getTransactionReceipt(hash))?.status === 0) return hash;
    return undefined;
  }

  private stored(number: number) {
    const record = this.reader.batch(number);
    if (!record) throw new PosterFatalError(`batch ${number} is sealed but missing from storage`);
    return record;
  }

  private async send(first: number, last: number, nonce: number, headNumber: number): Promise<void> {
    const fees = await this.provider.getFeeData();
    const outbid = this.feesByNonce.get(nonce);
    const maxFee = max(fees.maxFeePerGas ?? 1n, outbid ? bump(outbid.maxFeePerGas) : 0n);
    const tip = max(fees.maxPriorityFeePerGas ?? 1n, outbid ? bump(outbid.maxPriorityFeePerGas) : 0n);
    const record = await this.sign({ first, last }, nonce, maxFee, tip, headNumber);
    await this.save(record);
    this.options.log?.info({ batches: described(record), nonce, l1TxHash: record.hashes[0], calldataBytes: (record.raw.length - 2) / 2 }, "commit sent to L1");
    await this.broadcast(record, record.raw, headNumber);
  }

  private async replace(record: PostRecord, headNumber: number, why: "stuck" | "underpriced"): Promise<void> {
    const fees = await this.provider.getFeeData();
    const replacement = await this.sign(record, record.nonce, max(bump(record.maxFeePerGas), fees.maxFeePerGas ?? 0n), max(bump(record.maxPriorityFeePerGas), fees.maxPriorityFeePerGas ?? 0n), headNumber);
    const saved = { ...replacement, hashes: [...record.hashes, ...replacement.hashes] };
    await this.save(saved);
    this.options.log?.info({ batches: described(record), nonce: record.nonce, l1TxHash: replacement.hashes[0], maxFeePerGas: replacement.maxFeePerGas.toString() },
      why === "stuck" ? `commit not mined after ${this.options.replaceAfterBlocks} blocks: replaced with higher fees` : "commit refused as underpriced (another transaction holds its nonce): replaced with higher fees");
    this.options.metrics?.l1CommitOutcomes.inc({ outcome: why === "stuck" ? "replaced" : "underpriced" });
    await this.broadcast(saved, replacement.raw, headNumber, why === "underpriced");
  }

  /** The stored headers and data of batches first..last. */
  private batches(first: number, last: number): CommitBatch[] {
    return batchesOf({ first, last }).map((number) => {
      const stored = this.reader.batch(number);
      const data = this.reader.batchData(number);
      if (!stored || !data) throw new PosterFatalError(`batch ${number} is sealed but its header or data is missing from storage`);
      return { header: BatchHeader.deserialize(new Uint8Array(stored.header)), data: new Uint8Array(data) };
    });
  }

  private async sign(range: { first: number; last: number }, nonce: number, maxFeePerGas: bigint, maxPriorityFeePerGas: bigint, headNumber: number): Promise<PostRecord> {
    const batches = this.batches(range.first, range.last);
    const calldata = commitCalldataBytes(batches);
    const chunks = batches.reduce((sum, batch) => sum + chunkCountOf(batch.data), 0);
    this.chainId ??= (await this.provider.getNetwork()).chainId;
    const signed = signEip1559({
      chainId: this.chainId, nonce, to: getBytes(this.options.rollup), data: calldata, value: 0n,
      gasLimit: commitGasLimit(calldata, batches.length, chunks), maxFeePerGas, maxPriorityFeePerGas,
    }, getBytes(this.wallet.privateKey), this.options.keccak256);
    const raw = `0x${Buffer.from(signed.raw).toString("hex")}`;
    return { first: range.first, last: range.last, nonce, hashes: [`0x${Buffer.from(signed.hash).toString("hex")}`], raw, maxFeePerGas, maxPriorityFeePerGas, sentAtBlock: headNumber };
  }

  private async save(record: PostRecord): Promise<void> {
    await this.store.writeDurably(() => this.store.buckets.l1Posts.put(record.first, record));
    this.openPosts().set(record.first, record);
  }

  private openPosts(): Map<number, PostRecord> {
    if (!this.open) {
      this.open = new Map();
      const committed = this.committedUpTo;
      for (const { value } of this.store.buckets.l1Posts.getRange({})) {
        const record = value as PostRecord & { finalized?: boolean };
        if (!record.finalized && record.raw && record.last > committed) this.open.set(record.first, record); // older data dirs kept committed posts
      }
    }
    return this.open;
  }

  /** The highest batch whose status satisfies `is` (statuses only advance in batch order), for data dirs from before the markers. */
  private highestWith(is: (status: BatchStatus) => boolean): number {
    let low = 0;
    let high = this.reader.latestSealed() ?? 0;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      const status = this.reader.batch(mid)?.status;
      if (status && is(status)) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /**
   * Sends a signed transaction and says what became of it (commit-broadcast.ts). An underpriced
   * answer is replaced with higher fees at once (once per round); "nonce too low" is left to the
   * next round, which sees from L1 whether the commit landed or was lost.
   */
  private async broadcast(record: PostRecord, raw: string, headNumber: number, replaced = false): Promise<BroadcastOutcome> {
    const reply = (await (this.options.sendRaw ?? ((body: string) => postJsonRpc(this.provider._getConnection().url, "eth_sendRawTransaction", [body])))(raw)) as { error?: { message?: string } };
    if (!reply.error) return "sent";
    const message = reply.error.message ?? JSON.stringify(reply.error);
    const answer = broadcastAnswerOf(message);
    if (!answer) throw new Error(`L1 refused the commit of ${described(record)}: ${message}`);
    if (answer.outcome !== "known") this.options.metrics?.l1CommitOutcomes.inc({ outcome: answer.outcome });
    if (answer.outcome === "reverted") {
      if (!isRetryableRevert(answer.revert!)) throw new PosterFatalError(`commitBatches of ${described(record)} reverted on L1 (${answer.revert}); the node's chain and the contract disagree`);
      this.waitFor(`commitBatches of ${described(record)} reverted on L1 (${answer.revert}): waiting for L1 and trying again`);
    } else if (answer.outcome === "underpriced" && !replaced) await this.replace(record, headNumber, "underpriced");
    else if (answer.outcome === "insufficient-funds") this.waitFor(`the sequencer account ${this.wallet.address} cannot pay for the commit of ${described(record)} (${message}): send it ETH`);
    else if (answer.outcome === "nonce-too-low") this.options.log?.info({ batches: described(record), nonce: record.nonce }, "L1 says the commit's nonce is used: the next round checks whether it landed");
    return answer.outcome;
  }
}
