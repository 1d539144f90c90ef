/**
 * Search by the L1 transaction of a deposit or full exit: a user holds the hash MetaMask showed
 * for `deposit(to)` or `requestFullExit()`, not the L2 hash of the queue message it created. On a
 * miss the explorer asks L1 for that transaction's receipt, reads the Rollup's queue events from
 * it (queue-message.ts, as the watcher does) and finds the batch that processed each message by
 * its queue index (batches carry the cumulative queueCount, and a batch executes its queue
 * messages first, spec §3). A message no stored batch processed yet is `queued`.
 *
 * Each miss costs one L1 request, so at most MAX_IN_FLIGHT run at once (more answer 503) and
 * hashes that are not Rollup queue transactions are remembered for a while.
 */
import { getAddress, type Log } from "ethers";
import { queueMessageOf, queueTopics, type QueueMessage } from "../l1/queue-message.ts";
import { rollupInterface } from "../l1/rollup-abi.ts";
import { BatchHeader, Transaction, TxKind } from "../protocol/ssz-types.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { ExplorerRequestError } from "./request-params.ts";

/** What the lookup needs of an L1 receipt (ethers' TransactionReceipt has it). */
export interface L1Receipt {
  logs: readonly Pick<Log, "address" | "topics" | "data" | "blockNumber" | "transactionHash" | "index">[];
}

export type L1ReceiptSource = (hash: string) => Promise<L1Receipt | null>;

/** Where a queue message is on L2: the stored transaction in the batch that processed it, or nowhere yet. */
export interface QueuePlace {
  message: QueueMessage;
  /** The L1 block time of the event (Unix seconds), from its `timestamp` field. */
  l1Timestamp: number;
  /** The queue message's place in the batch that processed it (undefined: still queued). */
  stored?: { batch: number; index: number; hash: Uint8Array; record: Uint8Array };
}

const MAX_IN_FLIGHT = 8;
const MISS_TTL_MS = 60_000;
const MISS_LIMIT = 1_000;

export class L1QueueLookup {
  private inFlight = 0;
  private readonly misses = new Map<string, number>(); // hash → when it was found not to be a queue transaction

  constructor(private readonly reader: Pick<StoreReader, "latestSealed" | "batch" | "batchTransactions">, private readonly rollup: string, private readonly receipt: L1ReceiptSource, private readonly now = Date.now) {}

  /** The queue messages the L1 transaction `hash` appended, in queue order; empty if it appended none. */
  async find(hash: string): Promise<QueuePlace[]> {
    const missedAt = this.misses.get(hash);
    if (missedAt !== undefined && this.now() - missedAt < MISS_TTL_MS) return [];
    if (this.inFlight >= MAX_IN_FLIGHT) throw new ExplorerRequestError("hash", "too many L1 lookups in progress, retry shortly", 503);
    this.inFlight++;
    let receipt: L1Receipt | null;
    try {
      receipt = await this.receipt(hash);
    } finally {
      this.inFlight--;
    }
    const messages = queueMessages(receipt, this.rollup);
    if (messages.length === 0) this.rememberMiss(hash);
    return messages.map(({ message, l1Timestamp }) => ({ message, l1Timestamp, ...this.processed(message.index) }));
  }

  private rememberMiss(hash: string): void {
    if (this.misses.size >= MISS_LIMIT) this.misses.delete(this.misses.keys().next().value!);
    this.misses.set(hash, this.now());
  }

  /** The batch whose queue range holds `queueIndex` (binary search on the cumulative queueCount). */
  private processed(queueIndex: number): Pick<QueuePlace, "stored"> {
    const queueCountAfter = (number: number) => {
      const record = number === 0 ? undefined : this.reader.batch(number);
      return record ? Number(BatchHeader.deserialize(new Uint8Array(record.header)).queueCount) : 0;
    };
    let low = 1;
    let high = this.reader.latestSealed() ?? 0;
    if (high === 0 || queueCountAfter(high) <= queueIndex) return {};
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (queueCountAfter(middle) > queueIndex) high = middle;
      else low = middle + 1;
    }
    const position = queueIndex - queueCountAfter(low - 1);
    const [stored] = this.reader.batchTransactions(low, position, 1);
    if (!stored) return {};
    const tx = Transaction.deserialize(stored.record);
    if ((tx.kind !== TxKind.deposit && tx.kind !== TxKind.fullExit) || tx.nonce !== queueIndex) throw new Error(`batch ${low} position ${position} is not queue message ${queueIndex}`);
    return { stored: { batch: low, index: position, hash: stored.hash, record: stored.record } };
  }
}

function queueMessages(receipt: L1Receipt | null, rollup: string): { message: QueueMessage; l1Timestamp: number }[] {
  if (!receipt) return [];
  const topics = new Set(queueTopics());
  const address = getAddress(rollup);
  return receipt.logs
    .filter((log) => getAddress(log.address) === address && topics.has(log.topics[0] ?? ""))
    .map((log) => ({ message: queueMessageOf(log as Log), l1Timestamp: Number(rollupInterface().parseLog({ topics: [...log.topics], data: log.data })!.args.getValue("timestamp")) }))
    .sort((a, b) => a.message.index - b.message.index);
}
