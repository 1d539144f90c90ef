/**
 * Pending user transactions: per-sender nonce order with a bounded window of future nonces,
 * admission against the sender's pending state, a global cap, and the sealer's pull.
 *
 * Admission (in this order): "already known" (same hash pending) → "nonce too low" (below the
 * confirmed nonce) → "nonce too high" (≥ confirmed + nonceWindow) → "replacement transaction
 * underpriced" (that nonce is taken by another pending transaction; no replacement-by-fee in v1)
 * → "insufficient funds" (amount + fee > confirmed balance − what the sender's pending
 * transactions spend; always for a sender with no account, whose balance is 0 and who may not
 * send even a zero-value transaction, spec §3 "sender exists") → "mempool full" (global cap, or the future-nonce cap for a transaction
 * that would not be executable). Any fee ≥ 0 is accepted; ordering ignores fees.
 *
 * The sealer calls `take(max)` for executable transactions (nonces contiguous from the confirmed
 * nonce) in the order they became executable, then `markSealed` / `markRejected` for them once
 * executed. Every operation is O(1) per transaction touched (bounded walks of at most
 * `nonceWindow` for one sender); nothing scans the pool.
 *
 * @example
 *   const pool = new Mempool(accounts, { maxTransactions: 100_000 });
 *   const admission = pool.add({ hash, from, nonce, amount, fee, ...rest });
 *   if (!admission.accepted) reply(admission.reason);
 *   const batch = pool.take(1000); // … execute …
 *   pool.markSealed(sealedHashes); pool.markRejected(failedHashes);
 */
import type { AccountReader, ConfirmedAccount } from "./account-reader.ts";
import { resolveMempoolOptions, type MempoolOptions, type ResolvedMempoolOptions } from "./mempool-options.ts";
import { bytesKey, type MempoolTransaction } from "./mempool-transaction.ts";
import { EntryState, type PoolEntry, type SenderQueue } from "./pool-entry.ts";
import { ReadyList } from "./ready-list.ts";
import { DropReason, RejectionReason } from "./rejection-reason.ts";
import { checkTransactionShape } from "./transaction-shape.ts";

export type Admission = { readonly accepted: true; readonly executable: boolean } | { readonly accepted: false; readonly reason: RejectionReason };

const EXECUTABLE: Admission = Object.freeze({ accepted: true, executable: true });
const QUEUED: Admission = Object.freeze({ accepted: true, executable: false });
const REJECTED = Object.fromEntries(
  Object.values(RejectionReason).map((reason) => [reason, Object.freeze({ accepted: false, reason })]),
) as Record<RejectionReason, Admission>;

export class Mempool<T extends MempoolTransaction = MempoolTransaction> {
  private readonly options: ResolvedMempoolOptions<T>;
  private readonly byHash = new Map<string, PoolEntry<T>>();
  private readonly senders = new Map<string, SenderQueue<T>>();
  private readonly ready = new ReadyList<T>();
  private futures = 0;
  private inFlight = 0;

  constructor(
    private readonly accounts: AccountReader,
    options: MempoolOptions<T> = {},
  ) {
    this.options = resolveMempoolOptions(options);
  }

  /** Pending transactions (future, ready and taken). */
  get size(): number {
    return this.byHash.size;
  }

  /** Counts by state, for metrics. */
  get counts(): { ready: number; taken: number; future: number; senders: number } {
    return { ready: this.ready.length, taken: this.inFlight, future: this.futures, senders: this.senders.size };
  }

  /** The pending transaction with this hash, if any. */
  get(hash: Uint8Array): T | undefined {
    return this.byHash.get(bytesKey(hash))?.tx;
  }

  /** The next nonce a sender should use: confirmed nonce + its executable pending transactions. */
  pendingNonce(address: Uint8Array): number {
    const account = this.accounts.get(address);
    const sender = this.freshSender(bytesKey(address), account);
    return sender ? sender.end : (account?.nonce ?? 0);
  }

  /** Admits `tx` or says why not. Throws a TypeError only for a malformed object (a caller bug). */
  add(tx: T): Admission {
    checkTransactionShape(tx);
    const hashKey = bytesKey(tx.hash);
    if (this.byHash.has(hashKey)) return REJECTED[RejectionReason.alreadyKnown];
    const account = this.accounts.get(tx.from);
    const confirmedNonce = account?.nonce ?? 0;
    const senderKey = bytesKey(tx.from);
    const existing = this.freshSender(senderKey, account);
    if (tx.nonce < confirmedNonce) return REJECTED[RejectionReason.nonceTooLow];
    if (tx.nonce >= confirmedNonce + this.options.nonceWindow) return REJECTED[RejectionReason.nonceTooHigh];
    if (existing?.byNonce.has(tx.nonce)) return REJECTED[RejectionReason.replacementUnderpriced];
    const cost = tx.amount + tx.fee;
    if (!account || account.balance - (existing?.spent ?? 0n) < cost) return REJECTED[RejectionReason.insufficientFunds];
    if (this.byHash.size >= this.options.maxTransactions) return REJECTED[RejectionReason.mempoolFull];
    const executable = tx.nonce === (existing?.end ?? confirmedNonce);
    if (!executable && this.futures >= this.options.maxFutureTransactions) return REJECTED[RejectionReason.mempoolFull];

    const sender = existing ?? this.newSender(senderKey, confirmedNonce);
    const entry: PoolEntry<T> = { tx, hashKey, cost, sender, state: EntryState.future, prev: undefined, next: undefined };
    this.byHash.set(hashKey, entry);
    sender.byNonce.set(tx.nonce, entry);
    sender.spent += cost;
    this.futures++;
    if (executable) this.promote(sender);
    return executable ? EXECUTABLE : QUEUED;
  }

  /**
   * Up to `max` executable transactions not already taken, oldest first, each sender's in nonce
   * order. They stay pending (counted against balance, nonce and caps) until marked.
   */
  take(max: number): T[] {
    if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`take(max): max must be a non-negative integer, got ${max}`);
    const taken: T[] = [];
    while (taken.length < max && this.ready.head) {
      const entry = this.ready.head;
      this.ready.remove(entry);
      entry.state = EntryState.taken;
      this.inFlight++;
      taken.push(entry.tx);
    }
    return taken;
  }

  /**
   * Removes sealed transactions (in any order); each sender's confirmed nonce moves past the
   * highest sealed one. Unknown hashes are ignored. Returns how many were removed.
   */
  markSealed(hashes: Iterable<Uint8Array>): number {
    const nextNonces = new Map<SenderQueue<T>, number>();
    let removed = 0;
    for (const hash of hashes) {
      const entry = this.byHash.get(bytesKey(hash));
      if (!entry) continue;
      removed++;
      this.detach(entry);
      const next = Math.max(entry.tx.nonce + 1, nextNonces.get(entry.sender) ?? 0);
      nextNonces.set(entry.sender, next);
    }
    for (const [sender, next] of nextNonces) {
      if (next > sender.base) this.advanceBase(sender, next);
      this.promote(sender);
      this.dropIfEmpty(sender);
    }
    return removed;
  }

  /**
   * Puts taken transactions back for a later `take`, ahead of everything else, in the given
   * order (give back a suffix of what `take` returned, e.g. when a batch is full).
   */
  release(hashes: Uint8Array[]): number {
    let released = 0;
    for (let i = hashes.length - 1; i >= 0; i--) {
      const entry = this.byHash.get(bytesKey(hashes[i]!));
      if (entry?.state !== EntryState.taken) continue;
      entry.state = EntryState.ready;
      this.inFlight--;
      this.ready.prepend(entry);
      released++;
    }
    return released;
  }

  /**
   * Removes transactions the sealer found invalid. The sender's higher nonces stay pending but
   * are no longer executable (a new transaction must fill the gap). Reported to `onDrop` as
   * "rejected". Unknown hashes are ignored. Returns how many were removed.
   */
  markRejected(hashes: Iterable<Uint8Array>): number {
    let removed = 0;
    for (const hash of hashes) {
      const entry = this.byHash.get(bytesKey(hash));
      if (!entry) continue;
      removed++;
      const sender = entry.sender;
      this.detach(entry);
      if (entry.tx.nonce < sender.end) {
        for (let nonce = entry.tx.nonce + 1; nonce < sender.end; nonce++) this.demote(sender.byNonce.get(nonce)!);
        sender.end = entry.tx.nonce;
      }
      this.dropIfEmpty(sender);
      this.options.onDrop?.(entry.tx, DropReason.rejected);
    }
    return removed;
  }

  /**
   * Re-checks the pending transactions of accounts whose confirmed state changed other than by
   * the pool's own sealed transactions (deposits, full exits, a restart): drops those whose nonce
   * has passed or that the balance no longer covers, in nonce order. Returns how many were dropped.
   */
  onAccountsChanged(addresses: Iterable<Uint8Array>): number {
    let dropped = 0;
    for (const address of addresses) {
      const sender = this.senders.get(bytesKey(address));
      if (sender) dropped += this.reconcile(sender, this.accounts.get(address));
    }
    return dropped;
  }

  /** The sender's queue, first reconciled if the confirmed nonce moved without the pool seeing it. */
  private freshSender(key: string, account: ConfirmedAccount | undefined): SenderQueue<T> | undefined {
    const sender = this.senders.get(key);
    if (sender && sender.base !== (account?.nonce ?? 0)) this.reconcile(sender, account);
    return this.senders.get(key);
  }

  private newSender(key: string, base: number): SenderQueue<T> {
    const sender: SenderQueue<T> = { key, base, end: base, spent: 0n, byNonce: new Map() };
    this.senders.set(key, sender);
    return sender;
  }

  /** Makes the future entries contiguous from `end` executable, in nonce order. */
  private promote(sender: SenderQueue<T>): void {
    for (let entry = sender.byNonce.get(sender.end); entry; entry = sender.byNonce.get(++sender.end)) {
      if (entry.state !== EntryState.future) continue;
      this.futures--;
      entry.state = EntryState.ready;
      this.ready.append(entry);
    }
  }

  private demote(entry: PoolEntry<T>): void {
    if (entry.state === EntryState.ready) this.ready.remove(entry);
    else if (entry.state === EntryState.taken) this.inFlight--;
    else return;
    entry.state = EntryState.future;
    this.futures++;
  }

  /** Moves the confirmed nonce up to `base`, dropping entries left below it (they can never execute). */
  private advanceBase(sender: SenderQueue<T>, base: number): void {
    for (let nonce = sender.base; nonce < base; nonce++) {
      const stale = sender.byNonce.get(nonce);
      if (stale) this.drop(stale, DropReason.nonceTooLow);
    }
    sender.base = base;
    if (sender.end < base) sender.end = base;
  }

  /** Re-derives one sender's entries from its confirmed account (bounded by nonceWindow entries). */
  private reconcile(sender: SenderQueue<T>, account: ConfirmedAccount | undefined): number {
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
    for (const entry of kept) {
      if (entry.state !== EntryState.future || entry.tx.nonce >= sender.end) continue;
      this.futures--;
      entry.state = EntryState.ready;
      this.ready.append(entry);
    }
    this.dropIfEmpty(sender);
    return entries.length - kept.length;
  }

  private drop(entry: PoolEntry<T>, reason: DropReason): void {
    this.detach(entry);
    this.options.onDrop?.(entry.tx, reason);
  }

  /** Removes an entry from every index and from its sender's totals (not from `senders`). */
  private detach(entry: PoolEntry<T>): void {
    if (entry.state === EntryState.ready) this.ready.remove(entry);
    else if (entry.state === EntryState.taken) this.inFlight--;
    else this.futures--;
    this.byHash.delete(entry.hashKey);
    entry.sender.byNonce.delete(entry.tx.nonce);
    entry.sender.spent -= entry.cost;
  }

  private dropIfEmpty(sender: SenderQueue<T>): void {
    if (sender.byNonce.size === 0) this.senders.delete(sender.key);
  }
}
