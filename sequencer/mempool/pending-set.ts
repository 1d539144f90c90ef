/**
 * The mempool's indexes and their invariants: entries by hash, senders by address, the heap of
 * senders with a ready head, and the counts by state. Per sender, nonces in [base, end) are
 * present and executable (ready or taken), any above `end` are future, and `next` is the lowest
 * ready one in [base, end). Every method keeps that true; none scans more than one sender's
 * entries (≤ nonceWindow).
 */
import type { ConfirmedAccount } from "./account-reader.ts";
import { type MempoolTransaction } from "./mempool-transaction.ts";
import { EntryState, type PoolEntry, type SenderQueue } from "./pool-entry.ts";
import { DropReason } from "./rejection-reason.ts";
import { SenderHeap, type MempoolOrdering } from "./sender-heap.ts";

/** L1 data bytes assumed for a transaction whose caller gave none (a transfer between existing accounts: ~78 B). */
export const DEFAULT_DATA_BYTES = 80;

export class PendingSet<T extends MempoolTransaction> {
  readonly byHash = new Map<string, PoolEntry<T>>();
  readonly senders = new Map<string, SenderQueue<T>>();
  readonly heads: SenderHeap<T>;
  readyCount = 0;
  futures = 0;
  inFlight = 0;
  private seq = 0;
  /** Entries in the order they became future (admitted, or demoted), so by `futureSince`; may hold stale ones. */
  private readonly futureOrder: { entry: PoolEntry<T>; since: number }[] = [];
  private futureHead = 0;

  constructor(
    private readonly onDrop: ((tx: T, reason: DropReason) => void) | undefined,
    private readonly now: () => number = Date.now,
    ordering: MempoolOrdering = "fee",
  ) {
    this.heads = new SenderHeap(ordering);
  }

  /** Adds a new entry as future, then makes it (and any successors) executable if it is next. */
  insert(tx: T, hashKey: string, senderKey: string, existing: SenderQueue<T> | undefined, confirmedNonce: number): void {
    const sender = existing ?? this.newSender(senderKey, confirmedNonce);
    const entry = this.newEntry(tx, hashKey, sender, EntryState.future, this.now());
    this.byHash.set(hashKey, entry);
    sender.byNonce.set(tx.nonce, entry);
    sender.spent += entry.cost;
    this.futures++;
    if (tx.nonce === sender.end) this.promote(sender);
    else this.noteFuture(entry);
  }

  /** Puts `tx` in the place of `old` (same sender and nonce, not taken): same state, its own fee and hash. */
  replace(old: PoolEntry<T>, tx: T, hashKey: string): void {
    const { sender } = old;
    const entry = this.newEntry(tx, hashKey, sender, old.state, old.futureSince);
    this.byHash.delete(old.hashKey);
    this.byHash.set(hashKey, entry);
    sender.byNonce.set(tx.nonce, entry);
    sender.spent += entry.cost - old.cost;
    if (entry.state === EntryState.future) this.noteFuture(entry);
    else this.syncHead(sender);
    this.onDrop?.(old.tx, DropReason.replaced);
  }

  /**
   * Drops entries that have been future since before `cutoff` (ms), oldest first; returns how
   * many. Entries that became executable or left meanwhile are skipped.
   */
  expireFutures(cutoff: number): number {
    let dropped = 0;
    while (this.futureHead < this.futureOrder.length) {
      const { entry, since } = this.futureOrder[this.futureHead]!;
      if (since >= cutoff) break;
      this.futureHead++;
      // stale: it became executable, left, or became future again later (a newer record follows)
      if (entry.state !== EntryState.future || this.byHash.get(entry.hashKey) !== entry || entry.futureSince !== since) continue;
      this.drop(entry, DropReason.expired);
      this.dropIfEmpty(entry.sender);
      dropped++;
    }
    if (this.futureHead > 1024 && this.futureHead * 2 > this.futureOrder.length) {
      this.futureOrder.splice(0, this.futureHead);
      this.futureHead = 0;
    }
    return dropped;
  }

  /** The head of the first sender in the heap's order, now taken; undefined when none is ready. */
  takeFirst(): PoolEntry<T> | undefined {
    const sender = this.heads.peek();
    if (!sender) return undefined;
    const entry = sender.byNonce.get(sender.next)!;
    entry.state = EntryState.taken;
    this.readyCount--;
    this.inFlight++;
    sender.next++;
    this.syncHead(sender);
    return entry;
  }

  /** A taken entry becomes ready again (its sender's head if it is the lowest ready nonce). */
  putBack(entry: PoolEntry<T>): void {
    entry.state = EntryState.ready;
    this.inFlight--;
    this.readyCount++;
    const { sender } = entry;
    if (entry.tx.nonce < sender.next) sender.next = entry.tx.nonce;
    this.syncHead(sender);
  }

  /** Removes an entry from every index and from its sender's totals (not from `senders`; the caller re-syncs the head). */
  detach(entry: PoolEntry<T>): void {
    if (entry.state === EntryState.ready) this.readyCount--;
    else if (entry.state === EntryState.taken) this.inFlight--;
    else this.futures--;
    this.byHash.delete(entry.hashKey);
    entry.sender.byNonce.delete(entry.tx.nonce);
    entry.sender.spent -= entry.cost;
  }

  drop(entry: PoolEntry<T>, reason: DropReason): void {
    this.detach(entry);
    this.onDrop?.(entry.tx, reason);
  }

  /** After `detach` of an executable entry: the sender's higher executable nonces become future. */
  cutAt(sender: SenderQueue<T>, nonce: number): void {
    if (nonce >= sender.end) return;
    for (let n = nonce + 1; n < sender.end; n++) this.demote(sender.byNonce.get(n)!);
    sender.end = nonce;
    if (sender.next > nonce) sender.next = nonce;
    this.syncHead(sender);
  }

  /** Moves the confirmed nonce up to `base`, dropping entries left below it (they can never execute). */
  advanceBase(sender: SenderQueue<T>, base: number): void {
    for (let nonce = sender.base; nonce < base; nonce++) {
      const stale = sender.byNonce.get(nonce);
      if (stale) this.drop(stale, DropReason.nonceTooLow);
    }
    sender.base = base;
    if (sender.end < base) sender.end = base;
    if (sender.next < base) sender.next = base;
  }

  /** Makes the future entries contiguous from `end` executable, in nonce order. */
  promote(sender: SenderQueue<T>): void {
    for (let entry = sender.byNonce.get(sender.end); entry; entry = sender.byNonce.get(++sender.end)) {
      if (entry.state === EntryState.future) this.makeReady(entry);
    }
    this.syncHead(sender);
  }

  /**
   * Re-derives one sender's entries from its confirmed account: drops, in nonce order, those the
   * nonce has passed or the balance no longer covers, then recomputes which are executable.
   * Returns how many were dropped.
   */
  reconcile(sender: SenderQueue<T>, account: ConfirmedAccount | undefined): number {
    const nonce = account?.nonce ?? 0;
    let remaining = account?.balance ?? 0n;
    const entries = [...sender.byNonce.values()].sort((a, b) => a.tx.nonce - b.tx.nonce);
    const kept: PoolEntry<T>[] = [];
    for (const entry of entries) {
      if (entry.tx.nonce < nonce) this.drop(entry, DropReason.nonceTooLow);
      else if (entry.cost > remaining) this.drop(entry, DropReason.insufficientFunds);
      else {
        remaining -= entry.cost;
        kept.push(entry);
      }
    }
    sender.base = nonce;
    sender.end = nonce;
    while (sender.byNonce.has(sender.end)) sender.end++;
    for (const entry of kept) if (entry.tx.nonce >= sender.end) this.demote(entry);
    for (const entry of kept) if (entry.state === EntryState.future && entry.tx.nonce < sender.end) this.makeReady(entry);
    sender.next = nonce;
    this.syncHead(sender);
    this.dropIfEmpty(sender);
    return entries.length - kept.length;
  }

  dropIfEmpty(sender: SenderQueue<T>): void {
    if (sender.byNonce.size > 0) return;
    this.heads.remove(sender);
    this.senders.delete(sender.key);
  }

  /** Moves `next` to the lowest ready nonce at or above it and puts the sender in the heap by that head (or out of it). */
  syncHead(sender: SenderQueue<T>): void {
    while (sender.next < sender.end && sender.byNonce.get(sender.next)?.state !== EntryState.ready) sender.next++;
    const head = sender.next < sender.end ? sender.byNonce.get(sender.next) : undefined;
    if (!head) {
      this.heads.remove(sender);
      return;
    }
    sender.headPriority = head.priority;
    sender.headSeq = head.seq;
    this.heads.upsert(sender);
  }

  /** Records that `entry` became future; stale records are compacted away so the log stays within ~2× the futures. */
  private noteFuture(entry: PoolEntry<T>): void {
    this.futureOrder.push({ entry, since: entry.futureSince });
    if (this.futureOrder.length - this.futureHead <= 2 * this.futures + 1024) return;
    const live = this.futureOrder.slice(this.futureHead).filter(({ entry: e, since }) => e.state === EntryState.future && e.futureSince === since && this.byHash.get(e.hashKey) === e);
    this.futureOrder.length = 0;
    this.futureOrder.push(...live);
    this.futureHead = 0;
  }

  private newEntry(tx: T, hashKey: string, sender: SenderQueue<T>, state: EntryState, futureSince: number): PoolEntry<T> {
    const priority = Number(tx.fee) / (tx.dataBytes ?? DEFAULT_DATA_BYTES);
    return { tx, hashKey, cost: tx.amount + tx.fee, sender, priority, seq: this.seq++, futureSince, state };
  }

  private newSender(key: string, base: number): SenderQueue<T> {
    const sender: SenderQueue<T> = { key, base, end: base, next: base, spent: 0n, byNonce: new Map(), heapIndex: -1, headPriority: 0, headSeq: 0 };
    this.senders.set(key, sender);
    return sender;
  }

  private makeReady(entry: PoolEntry<T>): void {
    this.futures--;
    this.readyCount++;
    entry.state = EntryState.ready;
  }

  private demote(entry: PoolEntry<T>): void {
    if (entry.state === EntryState.ready) this.readyCount--;
    else if (entry.state === EntryState.taken) this.inFlight--;
    else return;
    entry.state = EntryState.future;
    entry.futureSince = this.now();
    this.futures++;
    this.noteFuture(entry);
  }
}
