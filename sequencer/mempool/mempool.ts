/**
 * Pending user transactions: per-sender nonce order with a bounded window of future nonces,
 * admission against the sender's pending state, replacement by fee, per-sender and global caps,
 * and the sealer's pull by fee priority.
 *
 * Admission (in this order): "already known" (same hash pending) → "nonce too low" (below the
 * confirmed nonce) → "nonce too high" (≥ confirmed + nonceWindow) → for a nonce already pending:
 * "replacement refused: … being sealed" (the sealer took it) or "replacement transaction
 * underpriced" (its fee is not ≥ the pending one's + priceBumpPercent, geth's rule), else it
 * replaces it → "too many pending transactions from this sender" (maxPendingPerSender) →
 * "insufficient funds" (amount + fee > confirmed balance − what the sender's other pending
 * transactions spend; always for a sender with no account, whose balance is 0 and who may not
 * send even a zero-value transaction, spec §3 "sender exists") → "mempool full" (global cap, or
 * the future-nonce cap for a transaction that would not be executable). The fee floor is the
 * node's (sequencer/fees), checked before the mempool.
 *
 * The sealer calls `take(max)` for executable transactions (nonces contiguous from the confirmed
 * nonce): highest fee per byte of L1 data first, each sender's in nonce order (or admission order
 * with ordering "fifo"), then `markSealed` / `markRejected` for them once executed. Every
 * operation is O(log senders) per transaction touched (bounded walks of at most `nonceWindow` for
 * one sender); nothing scans the pool.
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
import { PendingSet } from "./pending-set.ts";
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
  private readonly pending: PendingSet<T>;

  constructor(
    private readonly accounts: AccountReader,
    options: MempoolOptions<T> = {},
  ) {
    this.options = resolveMempoolOptions(options);
    this.pending = new PendingSet(this.options.onDrop, this.options.now, this.options.ordering);
  }

  /** Pending transactions (future, ready and taken). */
  get size(): number {
    return this.pending.byHash.size;
  }

  /**
   * Drops future-nonce transactions older than `futureLifetimeMs` whose gap was never filled
   * (reported to `onDrop` as "expired"), so they cannot hold the future cap forever. Returns how
   * many. The node calls it periodically.
   */
  expireFutures(): number {
    return this.pending.expireFutures(this.options.now() - this.options.futureLifetimeMs);
  }

  /** True when every new transaction would be refused "mempool full" (the global cap is reached). */
  get full(): boolean {
    return this.size >= this.options.maxTransactions;
  }

  /** Counts by state, for metrics. */
  get counts(): { ready: number; taken: number; future: number; senders: number } {
    const { readyCount, inFlight, futures, senders } = this.pending;
    return { ready: readyCount, taken: inFlight, future: futures, senders: senders.size };
  }

  /** The pending transaction with this hash, if any. */
  get(hash: Uint8Array): T | undefined {
    return this.pending.byHash.get(bytesKey(hash))?.tx;
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
    if (this.pending.byHash.has(hashKey)) return REJECTED[RejectionReason.alreadyKnown];
    const account = this.accounts.get(tx.from);
    const confirmedNonce = account?.nonce ?? 0;
    const senderKey = bytesKey(tx.from);
    const existing = this.freshSender(senderKey, account);
    if (tx.nonce < confirmedNonce) return REJECTED[RejectionReason.nonceTooLow];
    if (tx.nonce >= confirmedNonce + this.options.nonceWindow) return REJECTED[RejectionReason.nonceTooHigh];
    const pending = existing?.byNonce.get(tx.nonce);
    if (pending) return this.replace(pending, tx, hashKey, account);
    if (existing && existing.byNonce.size >= this.options.maxPendingPerSender) return REJECTED[RejectionReason.senderPendingLimit];
    if (!account || account.balance - (existing?.spent ?? 0n) < tx.amount + tx.fee) return REJECTED[RejectionReason.insufficientFunds];
    if (this.size >= this.options.maxTransactions) return REJECTED[RejectionReason.mempoolFull];
    const executable = tx.nonce === (existing?.end ?? confirmedNonce);
    if (!executable && this.pending.futures >= this.options.maxFutureTransactions) return REJECTED[RejectionReason.mempoolFull];
    this.pending.insert(tx, hashKey, senderKey, existing, confirmedNonce);
    return executable ? EXECUTABLE : QUEUED;
  }

  /** The lowest fee that would replace the pending transaction of this sender and nonce (geth's rule), if one is pending. */
  replacementFee(from: Uint8Array, nonce: number): bigint | undefined {
    const fee = this.pending.senders.get(bytesKey(from))?.byNonce.get(nonce)?.tx.fee;
    if (fee === undefined) return undefined;
    const bumped = (fee * BigInt(100 + this.options.priceBumpPercent) + 99n) / 100n;
    return bumped > fee ? bumped : fee + 1n;
  }

  /** The limits a refusal names (for the wire message). */
  get limits(): { maxPendingPerSender: number; priceBumpPercent: number } {
    return { maxPendingPerSender: this.options.maxPendingPerSender, priceBumpPercent: this.options.priceBumpPercent };
  }

  /**
   * Up to `max` executable transactions not already taken: highest fee per L1 byte first (ties and
   * "fifo": the earliest admitted), each sender's in nonce order. They stay pending (counted against
   * balance, nonce and caps) until marked.
   */
  take(max: number): T[] {
    if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`take(max): max must be a non-negative integer, got ${max}`);
    const taken: T[] = [];
    while (taken.length < max) {
      const entry = this.pending.takeFirst();
      if (!entry) break;
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
      const entry = this.pending.byHash.get(bytesKey(hash));
      if (!entry) continue;
      removed++;
      this.pending.detach(entry);
      nextNonces.set(entry.sender, Math.max(entry.tx.nonce + 1, nextNonces.get(entry.sender) ?? 0));
    }
    for (const [sender, next] of nextNonces) {
      if (next > sender.base) this.pending.advanceBase(sender, next);
      this.pending.promote(sender);
      this.pending.dropIfEmpty(sender);
    }
    return removed;
  }

  /**
   * Puts taken transactions back for a later `take`, where their priority places them (give back
   * a suffix of what `take` returned, e.g. when a batch is full).
   */
  release(hashes: Uint8Array[]): number {
    let released = 0;
    for (let i = hashes.length - 1; i >= 0; i--) {
      const entry = this.pending.byHash.get(bytesKey(hashes[i]!));
      if (entry?.state !== EntryState.taken) continue;
      this.pending.putBack(entry);
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
      const entry = this.pending.byHash.get(bytesKey(hash));
      if (!entry) continue;
      removed++;
      this.pending.detach(entry);
      this.pending.cutAt(entry.sender, entry.tx.nonce);
      this.pending.dropIfEmpty(entry.sender);
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
      const sender = this.pending.senders.get(bytesKey(address));
      if (sender) dropped += this.pending.reconcile(sender, this.accounts.get(address));
    }
    return dropped;
  }

  /**
   * geth's replacement rule: the same sender and nonce with a fee above the pending one's and at
   * least priceBumpPercent higher replaces it (reported to onDrop as "replaced"), if the balance
   * covers it in the pending one's place; one the sealer already took cannot be replaced.
   */
  private replace(pending: PoolEntry<T>, tx: T, hashKey: string, account: ConfirmedAccount | undefined): Admission {
    if (pending.state === EntryState.taken) return REJECTED[RejectionReason.replacementInFlight];
    const old = pending.tx.fee;
    if (tx.fee <= old || tx.fee * 100n < old * BigInt(100 + this.options.priceBumpPercent)) return REJECTED[RejectionReason.replacementUnderpriced];
    if (!account || account.balance - (pending.sender.spent - pending.cost) < tx.amount + tx.fee) return REJECTED[RejectionReason.insufficientFunds];
    const executable = pending.state !== EntryState.future;
    this.pending.replace(pending, tx, hashKey);
    return executable ? EXECUTABLE : QUEUED;
  }

  /** The sender's queue, first reconciled if the confirmed nonce moved without the pool seeing it. */
  private freshSender(key: string, account: ConfirmedAccount | undefined): SenderQueue<T> | undefined {
    const sender = this.pending.senders.get(key);
    if (sender && sender.base !== (account?.nonce ?? 0)) this.pending.reconcile(sender, account);
    return this.pending.senders.get(key);
  }
}
