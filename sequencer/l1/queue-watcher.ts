/**
 * The L1 watcher: follows the Rollup's Deposited and FullExitRequested events, credits a message
 * only once its block has `confirmations` blocks (itself included), keeps them in queue order in
 * LMDB with the cursor, and serves them to the sealer. A reorg shallower than the confirmation
 * depth is never seen. A deeper one (the cursor's block hash changed) rewinds the cursor to the
 * newest recent cursor whose block is still on L1 (the last MAX_CHECKPOINTS are kept; before
 * them, the deployment block) and reads the queue again from there: every message read again
 * must be the one credited at its index, byte for byte (then nothing changed for the sealed
 * batches, which stay valid and are committed again by the poster); a different one is a real
 * conflict (L1QueueConflictError: the node stops and says what to do). A credited message that
 * the reorg removed and that is not back yet stays credited; the poster waits for L1 to have it
 * again before committing a batch that includes it.
 */
import type { JsonRpcProvider } from "ethers";
import type { Logger } from "pino";
import { Transaction, TxKind } from "../protocol/ssz-types.ts";
import type { Store } from "../store/store.ts";
import type { QueueSource } from "../sealer/sealer-ports.ts";
import { L1ConflictError } from "./l1-errors.ts";
import { queueMessageOf, queueTopics, type QueueMessage } from "./queue-message.ts";

/** A credited queue message changed (or the queue's order broke) in an L1 reorg deeper than the confirmations. */
export class L1QueueConflictError extends L1ConflictError {
  override name = "L1QueueConflictError";
}

interface Cursor {
  block: number;
  hash: string;
}

const CURSOR_KEY = "l1QueueCursor";
const CHECKPOINTS_KEY = "l1QueueCheckpoints";
/** Recent cursors kept to rewind to after a deep reorg (one per poll that advanced: ~a minute of L1 history at 1 s blocks, 13 minutes at 12 s). */
const MAX_CHECKPOINTS = 64;
const MAX_LOG_RANGE = 2_000;

export interface QueueWatcherOptions {
  rollup: string;
  confirmations: number;
  /** Block the Rollup was deployed in: nothing before it is read. */
  startBlock: number;
  log?: Logger;
}

const describe = (record: Uint8Array) => {
  const tx = Transaction.deserialize(record);
  const to = `0x${Buffer.from(tx.to).toString("hex")}`;
  return tx.kind === TxKind.deposit ? `a deposit of ${tx.amount} wei to ${to}` : tx.kind === TxKind.fullExit ? `a full exit of ${to}` : `a kind ${tx.kind} message`;
};
const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export class QueueWatcher implements QueueSource {
  private readonly records: Uint8Array[] = [];
  private cursor: Cursor | undefined;
  private checkpoints: Cursor[];
  private headTimestamp = 0;

  constructor(private readonly provider: JsonRpcProvider, private readonly store: Store, private readonly options: QueueWatcherOptions) {
    for (const { value } of store.buckets.l1Queue.getRange({})) this.records.push(value as Uint8Array);
    this.cursor = store.buckets.meta.get(CURSOR_KEY);
    this.checkpoints = store.buckets.meta.get(CHECKPOINTS_KEY) ?? (this.cursor ? [this.cursor] : []);
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
    if (this.cursor && !(await this.onL1(this.cursor))) await this.rewind(head.number);
    const safe = head.number - this.options.confirmations + 1;
    const found: QueueMessage[] = [];
    let from = this.cursor ? this.cursor.block + 1 : this.options.startBlock;
    while (from <= safe) {
      const to = Math.min(safe, from + MAX_LOG_RANGE - 1);
      const logs = await this.provider.getLogs({ address: this.options.rollup, fromBlock: from, toBlock: to, topics: [queueTopics()] });
      const block = await this.provider.getBlock(to);
      if (!block?.hash) throw new Error(`L1 block ${to} is missing`);
      const messages = logs.map(queueMessageOf).sort((a, b) => a.index - b.index);
      const credited = this.records.length;
      await this.persist(messages, { block: to, hash: block.hash });
      found.push(...messages.filter((m) => m.index >= credited));
      from = to + 1;
    }
    return found;
  }

  private async onL1(cursor: Cursor): Promise<boolean> {
    return (await this.provider.getBlock(cursor.block))?.hash === cursor.hash;
  }

  /** After a reorg below the confirmations: back to the newest checkpoint still on L1 (or the deployment block). */
  private async rewind(headNumber: number): Promise<void> {
    const lost = this.cursor!;
    let back: Cursor | undefined;
    for (const checkpoint of [...this.checkpoints].reverse()) {
      if (checkpoint.block < lost.block && checkpoint.block <= headNumber && (await this.onL1(checkpoint))) {
        back = checkpoint;
        break;
      }
    }
    this.options.log?.warn(
      { lostBlock: lost.block, lostHash: lost.hash, rereadFrom: back ? back.block + 1 : this.options.startBlock, credited: this.records.length },
      `L1 reorganized deeper than ${this.options.confirmations} confirmations: reading the queue again; each credited message must come back unchanged`,
    );
    await this.store.writeDurably(() => {
      if (back) this.store.buckets.meta.put(CURSOR_KEY, back);
      else this.store.buckets.meta.remove(CURSOR_KEY);
    });
    this.cursor = back;
    this.checkpoints = this.checkpoints.filter((c) => !back || c.block <= back.block);
  }

  /** Credits new messages (those read again after a rewind must equal the credited ones) and moves the cursor. */
  private async persist(messages: QueueMessage[], cursor: Cursor): Promise<void> {
    const fresh: QueueMessage[] = [];
    for (const m of messages) {
      const credited = this.records[m.index];
      if (credited) {
        if (!equalBytes(credited, m.record)) {
          throw new L1QueueConflictError(
            `L1 queue message ${m.index} changed in an L1 reorg deeper than ${this.options.confirmations} confirmations: it was credited as ${describe(credited)}, ` +
            `L1 now has ${describe(m.record)} (${m.l1TxHash}). Batches that include it can never be committed. The node stops: keep this data dir for ` +
            "investigation, and start again from the chain on L1 (what is committed there); transactions sealed after it must be sent again. Use more --l1-confirmations on this L1.",
          );
        }
        continue;
      }
      if (m.index !== this.records.length + fresh.length) {
        throw new L1QueueConflictError(`L1 queue message ${m.index} arrived where ${this.records.length + fresh.length} was expected: the L1 queue and the credited one disagree; the node stops (keep this data dir for investigation)`);
      }
      fresh.push(m);
    }
    const checkpoints = [...this.checkpoints, cursor].slice(-MAX_CHECKPOINTS);
    await this.store.writeDurably(() => {
      for (const m of fresh) this.store.buckets.l1Queue.put(m.index, m.record);
      this.store.buckets.meta.put(CURSOR_KEY, cursor);
      this.store.buckets.meta.put(CHECKPOINTS_KEY, checkpoints);
    });
    for (const m of fresh) this.records.push(m.record);
    this.cursor = cursor;
    this.checkpoints = checkpoints;
  }
}
