/**
 * The L1 poster: commits sealed batches to the Rollup in order, consecutive batches together in
 * one `commitBatches` transaction (commit-plan.ts: up to 256 batches or ~128 KB of calldata, or
 * sooner once the oldest has waited `maxCommitDelayMs`), several commits in flight with
 * consecutive nonces. Every signed transaction is persisted before it is broadcast, so a restart
 * rebroadcasts the same transactions with the same nonces and the same batches (never a second
 * commit). A transaction not mined after `replaceAfterBlocks` is replaced with fees 12.5% higher.
 * Each batch of a commit moves to `committed` after `confirmations` and to `finalized` after the
 * challenge window, with its commit (docs/fraud-proofs.md §3).
 */
import { getBytes, type JsonRpcProvider, type Wallet } from "ethers";
import { BatchHeader } from "../protocol/ssz-types.ts";
import { setBatchStatus, type StatusChange } from "../store/batch-status.ts";
import type { BatchStatus } from "../store/sealed-batch.ts";
import type { Store } from "../store/store.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { batchesCommittedTopic, commitEventOf } from "./commit-event.ts";
import { nextCommit } from "./commit-plan.ts";
import { chunkCountOf, commitCalldataBytes, commitGasLimit, type CommitBatch } from "./commit-transaction.ts";
import { postJsonRpc } from "./json-rpc-post.ts";
import { signEip1559, type Keccak256 } from "./raw-transaction.ts";

export class PosterFatalError extends Error {
  override name = "PosterFatalError";
}

/** The devnet's default --max-commit-delay (ms). */
export const DEFAULT_MAX_COMMIT_DELAY_MS = 1_000;

export interface PosterOptions {
  rollup: string;
  confirmations: number;
  challengeWindowSeconds: number;
  /** Commits (L1 transactions) sent and not yet mined, at most. */
  maxInFlight: number;
  replaceAfterBlocks: number;
  /** How long the oldest unsent sealed batch may wait for others to share its commit; DEFAULT_MAX_COMMIT_DELAY_MS when absent. */
  maxCommitDelayMs?: number;
  /** Wall clock in ms (tests pass a fake one); Date.now when absent. */
  now?: () => number;
  /** Keccak-256 for signing commits (the node's WASM core); @noble/hashes when absent. */
  keccak256?: Keccak256;
}

/** One commit transaction, stored under its first batch number. */
export interface PostRecord {
  first: number;
  last: number;
  nonce: number;
  hashes: string[];
  /** The signed transaction (0x-hex); emptied once committed, when it is never sent again. */
  raw: string;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  sentAtBlock: number;
  committedAtSeconds?: number;
  l1TxHash?: string;
  /** The commit's index in the Rollup (its BatchesCommitted event), once committed. */
  commitIndex?: number;
  finalized?: boolean;
}

const NEXT_NONCE_KEY = "posterNextNonce";
const LAST_SENT_KEY = "posterLastSent";

const batchesOf = (record: Pick<PostRecord, "first" | "last">) => Array.from({ length: record.last - record.first + 1 }, (_, i) => record.first + i);
const described = (record: Pick<PostRecord, "first" | "last">) => (record.first === record.last ? `batch ${record.first}` : `batches ${record.first}–${record.last}`);

export class BatchPoster {
  private chainId: bigint | undefined;
  /**
   * The posts not finalized yet, by first batch number, read from storage once and then kept in
   * step with every write. Each tick used to decode every post ever made (each with its ~128 KB
   * signed transaction) from LMDB: megabytes per second after a minute of load, more every hour.
   */
  private open: Map<number, PostRecord> | undefined;

  constructor(
    private readonly provider: JsonRpcProvider,
    private readonly wallet: Wallet,
    private readonly store: Store,
    private readonly reader: StoreReader,
    private readonly options: PosterOptions,
    private readonly onStatus: (number: number, status: BatchStatus, l1TxHash: string) => void = () => {},
  ) {}

  /** One round: track receipts and finality, replace stuck transactions, send the commits that are due. */
  async tick(): Promise<void> {
    const head = await this.provider.getBlock("latest");
    if (!head) throw new Error("L1 returned no latest block");
    let inFlight = 0;
    for (const record of [...this.openPosts().values()]) {
      if (record.committedAtSeconds === undefined) {
        inFlight++;
        await this.track(record, head.number, head.timestamp);
      } else if (head.timestamp >= record.committedAtSeconds + this.options.challengeWindowSeconds) {
        await this.save({ ...record, finalized: true }, { status: "finalized", at: Date.now() });
      }
    }
    const latest = this.reader.latestSealed() ?? 0;
    let next = (this.store.buckets.meta.get(LAST_SENT_KEY) ?? 0) + 1;
    const now = (this.options.now ?? Date.now)();
    const maxCommitDelayMs = this.options.maxCommitDelayMs ?? DEFAULT_MAX_COMMIT_DELAY_MS;
    for (; inFlight < this.options.maxInFlight; inFlight++) {
      const plan = nextCommit(next, latest, (n) => this.stored(n), now, { maxCommitDelayMs });
      if (!plan) break;
      await this.send(plan.first, plan.last, head.number);
      next = plan.last + 1;
    }
  }

  private stored(number: number) {
    const record = this.reader.batch(number);
    if (!record) throw new PosterFatalError(`batch ${number} is sealed but missing from storage`);
    return record;
  }

  private async track(record: PostRecord, headNumber: number, headTimestamp: number): Promise<void> {
    for (const hash of record.hashes) {
      const receipt = await this.provider.getTransactionReceipt(hash);
      if (!receipt) continue;
      if (receipt.status !== 1) throw new PosterFatalError(`commitBatches of ${described(record)} reverted on L1 (${hash}); the node's chain and the contract disagree`);
      if (headNumber - receipt.blockNumber + 1 < this.options.confirmations) return;
      const event = receipt.logs.find((log) => log.address.toLowerCase() === this.options.rollup.toLowerCase() && log.topics[0] === batchesCommittedTopic());
      if (!event) throw new PosterFatalError(`commitBatches of ${described(record)} was mined (${hash}) without a BatchesCommitted event of ${this.options.rollup}`);
      const commit = commitEventOf(event);
      if (commit.firstBatch !== record.first || commit.lastBatch !== record.last) {
        throw new PosterFatalError(`commitBatches of ${described(record)} (${hash}) committed batches ${commit.firstBatch}–${commit.lastBatch}`);
      }
      const block = await this.provider.getBlock(receipt.blockNumber);
      // a committed post is never sent again (a reorg deeper than the confirmations stops the node), so its raw bytes go
      const committed = { ...record, raw: "", committedAtSeconds: block?.timestamp ?? headTimestamp, l1TxHash: hash, commitIndex: commit.commitIndex };
      await this.save(committed, { status: "committed", l1TxHash: hash, commit: { index: commit.commitIndex, firstBatch: commit.firstBatch, lastBatch: commit.lastBatch }, at: Date.now() });
      return;
    }
    if (headNumber - record.sentAtBlock >= this.options.replaceAfterBlocks) await this.replace(record, headNumber);
    else await this.broadcast(record, record.raw);
  }

  private async send(first: number, last: number, headNumber: number): Promise<void> {
    const nonce: number = this.store.buckets.meta.get(NEXT_NONCE_KEY) ?? (await this.provider.getTransactionCount(this.wallet.address, "latest"));
    const fees = await this.provider.getFeeData();
    const record = await this.sign({ first, last }, nonce, fees.maxFeePerGas ?? 1n, fees.maxPriorityFeePerGas ?? 1n, headNumber);
    await this.store.writeDurably(() => {
      this.store.buckets.l1Posts.put(first, record);
      this.store.buckets.meta.put(NEXT_NONCE_KEY, nonce + 1);
      this.store.buckets.meta.put(LAST_SENT_KEY, last);
    });
    this.openPosts().set(first, record);
    await this.broadcast(record, record.raw);
  }

  private async replace(record: PostRecord, headNumber: number): Promise<void> {
    const bump = (fee: bigint) => fee + fee / 8n + 1n;
    const fees = await this.provider.getFeeData();
    const maxFee = [bump(record.maxFeePerGas), fees.maxFeePerGas ?? 0n].reduce((a, b) => (a > b ? a : b));
    const tip = [bump(record.maxPriorityFeePerGas), fees.maxPriorityFeePerGas ?? 0n].reduce((a, b) => (a > b ? a : b));
    const replacement = await this.sign(record, record.nonce, maxFee, tip, headNumber);
    await this.save({ ...replacement, hashes: [...record.hashes, ...replacement.hashes] });
    await this.broadcast(record, replacement.raw);
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

  private async sign(range: Pick<PostRecord, "first" | "last">, nonce: number, maxFeePerGas: bigint, maxPriorityFeePerGas: bigint, headNumber: number): Promise<PostRecord> {
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

  /** Stores a post; with a status change, first moves each of its batches there and reports it. */
  private async save(record: PostRecord, change?: StatusChange): Promise<void> {
    if (change) await Promise.all(batchesOf(record).map((number) => setBatchStatus(this.store, number, change)));
    await this.store.writeDurably(() => this.store.buckets.l1Posts.put(record.first, record));
    if (record.finalized) this.openPosts().delete(record.first);
    else this.openPosts().set(record.first, record);
    if (change) for (const number of batchesOf(record)) this.onStatus(number, change.status, record.l1TxHash!);
  }

  private openPosts(): Map<number, PostRecord> {
    if (!this.open) {
      this.open = new Map();
      for (const { value } of this.store.buckets.l1Posts.getRange({})) {
        const record = value as PostRecord;
        if (!record.finalized) this.open.set(record.first, record);
      }
    }
    return this.open;
  }

  /**
   * Sends a signed transaction; "already known" and "nonce too low" mean it (or its replacement) is
   * in. A node that executes on submission (Hardhat automine) reports a revert here: fatal.
   */
  private async broadcast(record: Pick<PostRecord, "first" | "last">, raw: string): Promise<void> {
    try {
      // not through the provider: broadcastTransaction re-parses ~100 KB in JS, and send() UTF-8-encodes the body in JS
      const reply = (await postJsonRpc(this.provider._getConnection().url, "eth_sendRawTransaction", [raw])) as { error?: { message?: string } };
      if (reply.error) throw new Error(reply.error.message ?? JSON.stringify(reply.error));
    } catch (error) {
      const message = (error as Error).message;
      if (/already known|nonce too low|known transaction|nonce has already been used|replacement/i.test(message)) return;
      const revert = /reverted with (?:custom error )?'?([^'"]+)'?/.exec(message);
      if (revert) throw new PosterFatalError(`commitBatches of ${described(record)} reverted on L1 (${revert[1]}); the node's chain and the contract disagree`);
      throw error;
    }
  }
}
