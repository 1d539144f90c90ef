/**
 * The L1 watcher (issue 5 item 8): follows the Rollup's Deposited and FullExitRequested events,
 * credits a message only once its block has `confirmations` blocks (itself included), keeps them
 * in queue order in LMDB with the cursor, and serves them to the sealer. A reorg shallower than
 * the confirmation depth is never seen; a deeper one (the last processed block's hash changed)
 * stops the node loudly, since already-credited deposits may have vanished.
 */
import type { JsonRpcProvider } from "ethers";
import type { Store } from "../store/store.ts";
import type { QueueSource } from "../sealer/sealer-ports.ts";
import { queueMessageOf, queueTopics, type QueueMessage } from "./queue-message.ts";

export class L1ReorgError extends Error {
  override name = "L1ReorgError";
}

interface Cursor {
  block: number;
  hash: string;
}

const CURSOR_KEY = "l1QueueCursor";
const MAX_LOG_RANGE = 2_000;

export interface QueueWatcherOptions {
  rollup: string;
  confirmations: number;
  /** Block the Rollup was deployed in: nothing before it is read. */
  startBlock: number;
}

export class QueueWatcher implements QueueSource {
  private readonly records: Uint8Array[] = [];
  private cursor: Cursor | undefined;
  private headTimestamp = 0;

  constructor(private readonly provider: JsonRpcProvider, private readonly store: Store, private readonly options: QueueWatcherOptions) {
    for (const { value } of store.buckets.l1Queue.getRange({})) this.records.push(value as Uint8Array);
    this.cursor = store.buckets.meta.get(CURSOR_KEY);
  }

  /** Messages known and confirmed so far. */
  get length(): number {
    return this.records.length;
  }

  confirmed(from: number, max: number): Uint8Array[] {
    return this.records.slice(from, from + max);
  }

  latestL1Timestamp(): number {
    return this.headTimestamp;
  }

  /** One poll: reads confirmed blocks past the cursor. Returns the messages newly credited. */
  async poll(): Promise<QueueMessage[]> {
    const head = await this.provider.getBlock("latest");
    if (!head) throw new Error("L1 returned no latest block");
    this.headTimestamp = head.timestamp;
    if (this.cursor) {
      const stored = await this.provider.getBlock(this.cursor.block);
      if (stored?.hash !== this.cursor.hash) {
        throw new L1ReorgError(`L1 reorganized below ${this.options.confirmations} confirmations: block ${this.cursor.block} was ${this.cursor.hash}, now ${stored?.hash ?? "missing"}; credited queue messages may be gone`);
      }
    }
    const safe = head.number - this.options.confirmations + 1;
    const found: QueueMessage[] = [];
    let from = this.cursor ? this.cursor.block + 1 : this.options.startBlock;
    while (from <= safe) {
      const to = Math.min(safe, from + MAX_LOG_RANGE - 1);
      const logs = await this.provider.getLogs({ address: this.options.rollup, fromBlock: from, toBlock: to, topics: [queueTopics()] });
      const block = await this.provider.getBlock(to);
      if (!block?.hash) throw new Error(`L1 block ${to} is missing`);
      const messages = logs.map(queueMessageOf).sort((a, b) => a.index - b.index);
      await this.persist(messages, { block: to, hash: block.hash });
      found.push(...messages);
      from = to + 1;
    }
    return found;
  }

  private async persist(messages: QueueMessage[], cursor: Cursor): Promise<void> {
    messages.forEach((m, i) => {
      if (m.index !== this.records.length + i) {
        throw new L1ReorgError(`L1 queue message ${m.index} arrived where ${this.records.length + i} was expected`);
      }
    });
    await this.store.writeDurably(() => {
      for (const m of messages) this.store.buckets.l1Queue.put(m.index, m.record);
      this.store.buckets.meta.put(CURSOR_KEY, cursor);
    });
    for (const m of messages) this.records.push(m.record);
    this.cursor = cursor;
  }
}
