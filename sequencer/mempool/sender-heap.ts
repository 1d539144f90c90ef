/**
 * The senders that have a ready head, as a binary heap: the top is the sender whose next
 * transaction the sealer takes first. Under "fee" ordering that is the highest fee per byte of L1
 * data (ties: the earlier admitted); under "fifo" the earliest admitted. O(log senders) per
 * insert, update and removal; each sender knows its own position (`heapIndex`).
 */
import type { MempoolTransaction } from "./mempool-transaction.ts";
import type { SenderQueue } from "./pool-entry.ts";

export type MempoolOrdering = "fee" | "fifo";

export class SenderHeap<T extends MempoolTransaction> {
  private readonly items: SenderQueue<T>[] = [];
  private readonly before: (a: SenderQueue<T>, b: SenderQueue<T>) => boolean;

  constructor(ordering: MempoolOrdering) {
    this.before = ordering === "fee"
      ? (a, b) => a.headPriority > b.headPriority || (a.headPriority === b.headPriority && a.headSeq < b.headSeq)
      : (a, b) => a.headSeq < b.headSeq;
  }

  get size(): number {
    return this.items.length;
  }

  peek(): SenderQueue<T> | undefined {
    return this.items[0];
  }

  /** Inserts the sender, or moves it after its head's key changed. */
  upsert(sender: SenderQueue<T>): void {
    if (sender.heapIndex < 0) {
      sender.heapIndex = this.items.length;
      this.items.push(sender);
    }
    this.down(this.up(sender.heapIndex));
  }

  remove(sender: SenderQueue<T>): void {
    const at = sender.heapIndex;
    if (at < 0) return;
    sender.heapIndex = -1;
    const last = this.items.pop()!;
    if (at === this.items.length) return;
    this.items[at] = last;
    last.heapIndex = at;
    this.down(this.up(at));
  }

  private up(at: number): number {
    const item = this.items[at]!;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(item, this.items[parent]!)) break;
      this.place(this.items[parent]!, at);
      at = parent;
    }
    this.place(item, at);
    return at;
  }

  private down(at: number): void {
    const item = this.items[at]!;
    const n = this.items.length;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(this.items[child + 1]!, this.items[child]!)) child++;
      if (!this.before(this.items[child]!, item)) break;
      this.place(this.items[child]!, at);
      at = child;
    }
    this.place(item, at);
  }

  private place(sender: SenderQueue<T>, at: number): void {
    this.items[at] = sender;
    sender.heapIndex = at;
  }
}
