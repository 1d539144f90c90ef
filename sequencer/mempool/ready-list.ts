/**
 * The executable transactions not yet taken, in the order they became executable (arrival
 * order, except that a nonce gap's filler and its successors join when the gap closes):
 * an intrusive doubly linked list, O(1) append, prepend and remove.
 */
import type { MempoolTransaction } from "./mempool-transaction.ts";
import type { PoolEntry } from "./pool-entry.ts";

export class ReadyList<T extends MempoolTransaction> {
  head: PoolEntry<T> | undefined;
  private tail: PoolEntry<T> | undefined;
  length = 0;

  append(entry: PoolEntry<T>): void {
    entry.prev = this.tail;
    entry.next = undefined;
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
    this.length++;
  }

  prepend(entry: PoolEntry<T>): void {
    entry.prev = undefined;
    entry.next = this.head;
    if (this.head) this.head.prev = entry;
    else this.tail = entry;
    this.head = entry;
    this.length++;
  }

  remove(entry: PoolEntry<T>): void {
    if (entry.prev) entry.prev.next = entry.next;
    else this.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = entry.next = undefined;
    this.length--;
  }
}
