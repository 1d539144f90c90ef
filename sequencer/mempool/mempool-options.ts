/** Mempool limits, with their defaults. Memory is bounded by `maxTransactions` entries. */
import type { DropReason } from "./rejection-reason.ts";
import type { MempoolTransaction } from "./mempool-transaction.ts";
import type { MempoolOrdering } from "./sender-heap.ts";

export interface MempoolOptions<T extends MempoolTransaction = MempoolTransaction> {
  /** Global cap on pending transactions; beyond it "mempool full". Default 100,000. */
  maxTransactions?: number;
  /** Cap on non-executable (future-nonce) transactions; beyond it "mempool full". Default maxTransactions / 4. */
  maxFutureTransactions?: number;
  /** A sender's nonces must lie in [confirmed nonce, confirmed nonce + nonceWindow). Default 256. */
  nonceWindow?: number;
  /** A future (non-executable) transaction older than this is dropped by `expireFutures`. Default 10 minutes. */
  futureLifetimeMs?: number;
  /** Pending transactions one sender may have (future and executable); beyond it "too many pending transactions from this sender". Default 64. */
  maxPendingPerSender?: number;
  /** A replacement (same sender and nonce) needs a fee at least this many percent above the pending one's (geth's price bump). Default 10. */
  priceBumpPercent?: number;
  /** What `take` returns first: "fee" (highest fee per L1 byte, each sender in nonce order; default) or "fifo" (admission order). */
  ordering?: MempoolOrdering;
  /** The clock for `futureLifetimeMs`, ms. Default Date.now. */
  now?: () => number;
  /** Told of every transaction that leaves the pool other than by `markSealed`; must not call back into the mempool synchronously. */
  onDrop?: (tx: T, reason: DropReason) => void;
}

export interface ResolvedMempoolOptions<T extends MempoolTransaction> {
  maxTransactions: number;
  maxFutureTransactions: number;
  nonceWindow: number;
  futureLifetimeMs: number;
  maxPendingPerSender: number;
  priceBumpPercent: number;
  ordering: MempoolOrdering;
  now: () => number;
  onDrop: ((tx: T, reason: DropReason) => void) | undefined;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`mempool option ${name} must be a positive integer, got ${value}`);
  return value;
}

function ordering(value: string): MempoolOrdering {
  if (value !== "fee" && value !== "fifo") throw new RangeError(`mempool option ordering must be "fee" or "fifo", got ${JSON.stringify(value)}`);
  return value;
}

export function resolveMempoolOptions<T extends MempoolTransaction>(options: MempoolOptions<T>): ResolvedMempoolOptions<T> {
  const maxTransactions = positiveInteger("maxTransactions", options.maxTransactions ?? 100_000);
  return {
    maxTransactions,
    maxFutureTransactions: positiveInteger("maxFutureTransactions", options.maxFutureTransactions ?? Math.max(1, Math.floor(maxTransactions / 4))),
    nonceWindow: positiveInteger("nonceWindow", options.nonceWindow ?? 256),
    futureLifetimeMs: positiveInteger("futureLifetimeMs", options.futureLifetimeMs ?? 10 * 60_000),
    maxPendingPerSender: positiveInteger("maxPendingPerSender", options.maxPendingPerSender ?? 64),
    priceBumpPercent: positiveInteger("priceBumpPercent", options.priceBumpPercent ?? 10),
    ordering: ordering(options.ordering ?? "fee"),
    now: options.now ?? Date.now,
    onDrop: options.onDrop,
  };
}
