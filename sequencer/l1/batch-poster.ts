/**
 * The L1 poster (issue 5 item 7): commits sealed batches to the Rollup in order, several in flight
 * with consecutive nonces. Every signed transaction is persisted before it is broadcast, so a
 * restart rebroadcasts the same transactions with the same nonces (never a second commit). A
 * transaction not mined after `replaceAfterBlocks` is replaced with fees 12.5% higher. Batches move
 * to `committed` after `confirmations` and to `finalized` after the challenge window.
 */
import { getBytes, type JsonRpcProvider, type Wallet } from "ethers";
import { BatchHeader } from "../protocol/ssz-types.ts";
import { setBatchStatus } from "../store/batch-status.ts";
import type { BatchStatus } from "../store/sealed-batch.ts";
import type { Store } from "../store/store.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { commitCalldataBytes, commitGasLimit } from "./commit-transaction.ts";
import { postJsonRpc } from "./json-rpc-post.ts";
import { signEip1559, type Keccak256 } from "./raw-transaction.ts";

export class PosterFatalError extends Error {
  override name = "PosterFatalError";
}

export interface PosterOptions {
  rollup: string;
  confirmations: number;
  challengeWindowSeconds: number;
  maxInFlight: number;
  replaceAfterBlocks: number;
  /** Keccak-256 for signing commits (the node's WASM core); @noble/hashes when absent. */
  keccak256?: Keccak256;
}

interface PostRecord {
  number: number;
  nonce: number;
  hashes: string[];
  /** The signed transaction (0x-hex); emptied once committed, when it is never sent again. */
  raw: string;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  sentAtBlock: number;
  committedAtSeconds?: number;
  l1TxHash?: string;
  finalized?: boolean;
}

const NEXT_NONCE_KEY = "posterNextNonce";
const LAST_SENT_KEY = "posterLastSent";

export class BatchPoster {
  private chainId: bigint | undefined;
  /**
   * The posts not finalized yet, by batch number, read from storage once and then kept in step
   * with every write. Each tick used to decode every post ever made (each with its ~240 KB signed
   * transaction) from LMDB: megabytes per second after a minute of load, more every hour.
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

  /** One round: track receipts and finality, replace stuck transactions, send what is sealed and not sent. */
  async tick(): Promise<void> {
    const head = await this.provider.getBlock("latest");
    if (!head) throw new Error("L1 returned no latest block");
    let inFlight = 0;
    for (const record of [...this.openPosts().values()]) {
      if (record.committedAtSeconds === undefined) {
        inFlight++;
        await this.track(record, head.number, head.timestamp);
      } else if (head.timestamp >= record.committedAtSeconds + this.options.challengeWindowSeconds) {
        await this.save({ ...record, finalized: true }, () => setBatchStatus(this.store, record.number, { status: "finalized", at: Date.now() }));
        this.onStatus(record.number, "finalized", record.l1TxHash!);
      }
    }
    const latest = this.reader.latestSealed() ?? 0;
    let next = (this.store.buckets.meta.get(LAST_SENT_KEY) ?? 0) + 1;
    for (; next <= latest && inFlight < this.options.maxInFlight; next++, inFlight++) await this.send(next, head.number);
  }

  private async track(record: PostRecord, headNumber: number, headTimestamp: number): Promise<void> {
    for (const hash of record.hashes) {
      const receipt = await this.provider.getTransactionReceipt(hash);
      if (!receipt) continue;
      if (receipt.status !== 1) throw new PosterFatalError(`commitBatch of batch ${record.number} reverted on L1 (${hash}); the node's chain and the contract disagree`);
      if (headNumber - receipt.blockNumber + 1 < this.options.confirmations) return;
      const block = await this.provider.getBlock(receipt.blockNumber);
      // a committed post is never sent again (a reorg deeper than the confirmations stops the node), so its raw bytes go
      const committed = { ...record, raw: "", committedAtSeconds: block?.timestamp ?? headTimestamp, l1TxHash: hash };
      await this.save(committed, () => setBatchStatus(this.store, record.number, { status: "committed", l1TxHash: hash, at: Date.now() }));
      this.onStatus(record.number, "committed", hash);
      return;
    }
    if (headNumber - record.sentAtBlock >= this.options.replaceAfterBlocks) await this.replace(record, headNumber);
    else await this.broadcast(record.number, record.raw);
  }

  private async send(number: number, headNumber: number): Promise<void> {
    const stored = this.reader.batch(number);
    const data = this.reader.batchData(number);
    if (!stored || !data) throw new PosterFatalError(`batch ${number} is sealed but its header or data is missing from storage`);
    const nonce: number = this.store.buckets.meta.get(NEXT_NONCE_KEY) ?? (await this.provider.getTransactionCount(this.wallet.address, "latest"));
    const fees = await this.provider.getFeeData();
    const record = await this.sign(number, nonce, BatchHeader.deserialize(new Uint8Array(stored.header)), new Uint8Array(data), fees.maxFeePerGas ?? 1n, fees.maxPriorityFeePerGas ?? 1n, headNumber);
    await this.store.writeDurably(() => {
      this.store.buckets.l1Posts.put(number, record);
      this.store.buckets.meta.put(NEXT_NONCE_KEY, nonce + 1);
      this.store.buckets.meta.put(LAST_SENT_KEY, number);
    });
    this.openPosts().set(number, record);
    await this.broadcast(number, record.raw);
  }

  private async replace(record: PostRecord, headNumber: number): Promise<void> {
    const stored = this.reader.batch(record.number)!;
    const bump = (fee: bigint) => fee + fee / 8n + 1n;
    const fees = await this.provider.getFeeData();
    const maxFee = [bump(record.maxFeePerGas), fees.maxFeePerGas ?? 0n].reduce((a, b) => (a > b ? a : b));
    const tip = [bump(record.maxPriorityFeePerGas), fees.maxPriorityFeePerGas ?? 0n].reduce((a, b) => (a > b ? a : b));
    const replacement = await this.sign(record.number, record.nonce, BatchHeader.deserialize(new Uint8Array(stored.header)), new Uint8Array(this.reader.batchData(record.number)!), maxFee, tip, headNumber);
    await this.save({ ...replacement, hashes: [...record.hashes, ...replacement.hashes] });
    await this.broadcast(record.number, replacement.raw);
  }

  private async sign(number: number, nonce: number, header: BatchHeader, data: Uint8Array, maxFeePerGas: bigint, maxPriorityFeePerGas: bigint, headNumber: number): Promise<PostRecord> {
    const calldata = commitCalldataBytes(header, data);
    this.chainId ??= (await this.provider.getNetwork()).chainId;
    const signed = signEip1559({
      chainId: this.chainId, nonce, to: getBytes(this.options.rollup), data: calldata, value: 0n,
      gasLimit: commitGasLimit(calldata), maxFeePerGas, maxPriorityFeePerGas,
    }, getBytes(this.wallet.privateKey), this.options.keccak256);
    const raw = `0x${Buffer.from(signed.raw).toString("hex")}`;
    return { number, nonce, hashes: [`0x${Buffer.from(signed.hash).toString("hex")}`], raw, maxFeePerGas, maxPriorityFeePerGas, sentAtBlock: headNumber };
  }

  private async save(record: PostRecord, alsoWrite?: () => Promise<unknown>): Promise<void> {
    if (alsoWrite) await alsoWrite();
    await this.store.writeDurably(() => this.store.buckets.l1Posts.put(record.number, record));
    if (record.finalized) this.openPosts().delete(record.number);
    else this.openPosts().set(record.number, record);
  }

  private openPosts(): Map<number, PostRecord> {
    if (!this.open) {
      this.open = new Map();
      for (const { value } of this.store.buckets.l1Posts.getRange({})) {
        const record = value as PostRecord;
        if (!record.finalized) this.open.set(record.number, record);
      }
    }
    return this.open;
  }

  /**
   * Sends a signed transaction; "already known" and "nonce too low" mean it (or its replacement) is
   * in. A node that executes on submission (Hardhat automine) reports a revert here: fatal.
   */
  private async broadcast(number: number, raw: string): Promise<void> {
    try {
      // not through the provider: broadcastTransaction re-parses ~100 KB in JS, and send() UTF-8-encodes the body in JS
      const reply = (await postJsonRpc(this.provider._getConnection().url, "eth_sendRawTransaction", [raw])) as { error?: { message?: string } };
      if (reply.error) throw new Error(reply.error.message ?? JSON.stringify(reply.error));
    } catch (error) {
      const message = (error as Error).message;
      if (/already known|nonce too low|known transaction|nonce has already been used|replacement/i.test(message)) return;
      const revert = /reverted with (?:custom error )?'?([^'"]+)'?/.exec(message);
      if (revert) throw new PosterFatalError(`commitBatch of batch ${number} reverted on L1 (${revert[1]}); the node's chain and the contract disagree`);
      throw error;
    }
  }
}
