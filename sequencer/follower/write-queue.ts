/**
 * The follower's queued batch writes, in order. A batch counts as stored (onStored: it becomes
 * the verified head) only once its write and every earlier one are flushed. At most `max` writes
 * are outstanding: adding one more waits for the oldest only, not for all of them, so the main
 * thread keeps decoding and executing while LMDB flushes.
 */
interface Entry<T> {
  item: T;
  write: Promise<void>;
  done: boolean;
}

/** Verified batches held in memory while their writes flush, at most. */
const MAX_UNSTORED = 8;

export interface WriteQueueHandlers<T> {
  onStored(item: T): void;
  /** A write failed: storage is behind, the queue is dropped and the error rethrown. */
  onFailed(error: Error): void;
}

export class WriteQueue<T> {
  /** Items stored so far. */
  stored = 0;
  private entries: Entry<T>[] = [];

  constructor(private readonly handlers: WriteQueueHandlers<T>, private readonly max = MAX_UNSTORED) {}

  /** Queues a write; reports the writes already flushed; waits for the oldest when `max` are outstanding. */
  async add(item: T, write: Promise<void>): Promise<void> {
    const entry: Entry<T> = { item, write, done: false };
    write.then(() => (entry.done = true), () => (entry.done = true)); // a failure is rethrown by settleOldest
    this.entries.push(entry);
    while (this.entries.length > 0 && (this.entries[0]!.done || this.entries.length >= this.max)) await this.settleOldest();
  }

  /** Waits for every queued write. */
  async settle(): Promise<void> {
    while (this.entries.length > 0) await this.settleOldest();
  }

  private async settleOldest(): Promise<void> {
    const entry = this.entries[0]!;
    try {
      await entry.write;
    } catch (error) {
      this.entries = [];
      this.handlers.onFailed(error as Error);
      throw error;
    }
    this.entries.shift();
    this.stored++;
    this.handlers.onStored(entry.item);
  }
}
