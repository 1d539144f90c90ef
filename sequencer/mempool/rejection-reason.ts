/**
 * Why the node refuses a transaction at admission, each with a stable numeric code (the RPC layer
 * maps codes to JSON-RPC errors and Ethereum-compatible error codes; never renumber one). Where
 * Ethereum nodes have an answer the string is exactly geth's, which wallets (ethers, MetaMask) map:
 *
 * - "nonce too low": below the sender's confirmed nonce (already used by a sealed transaction).
 * - "nonce too high": at or beyond confirmed nonce + `nonceWindow`.
 * - "insufficient funds": amount + fee exceeds the confirmed balance minus what the sender's
 *   pending transactions already spend (an unknown account has balance 0, as in Ethereum).
 * - "already known": a transaction with the same hash is pending.
 * - "replacement transaction underpriced": geth's answer to a different transaction with the same
 *   sender and nonce as a pending one whose fee is not at least `priceBumpPercent` (10%) above the
 *   pending one's (ethers: REPLACEMENT_UNDERPRICED). At +10% or more it replaces it.
 * - "mempool full": the global cap, or the cap on non-executable (future-nonce) transactions.
 * - the rest are Loft's own: a replacement of a transaction the sealer already took, the
 *   per-sender pending cap, the fee floor (spec §3), the per-connection and per-sender admission
 *   rates, and the state-size guard. {@link rejectionMessage} adds the limit that was hit.
 */
export const RejectionReason = {
  nonceTooLow: "nonce too low",
  nonceTooHigh: "nonce too high",
  insufficientFunds: "insufficient funds",
  alreadyKnown: "already known",
  replacementUnderpriced: "replacement transaction underpriced",
  mempoolFull: "mempool full",
  replacementInFlight: "replacement refused: the pending transaction with this nonce is already being sealed",
  senderPendingLimit: "too many pending transactions from this sender",
  feeTooLow: "fee too low",
  connectionRateLimited: "rate limited: too many transactions from this connection",
  senderRateLimited: "rate limited: too many transactions from this sender",
  stateFull: "state full: transfers to new accounts are refused",
} as const;
export type RejectionReason = (typeof RejectionReason)[keyof typeof RejectionReason];

/** Stable codes of the reasons (also the order they were added in; never reuse one). */
export const RejectionCode: Readonly<Record<RejectionReason, number>> = {
  [RejectionReason.nonceTooLow]: 1,
  [RejectionReason.nonceTooHigh]: 2,
  [RejectionReason.insufficientFunds]: 3,
  [RejectionReason.alreadyKnown]: 4,
  [RejectionReason.mempoolFull]: 5,
  [RejectionReason.replacementUnderpriced]: 8,
  [RejectionReason.replacementInFlight]: 10,
  [RejectionReason.senderPendingLimit]: 11,
  [RejectionReason.feeTooLow]: 12,
  [RejectionReason.connectionRateLimited]: 13,
  [RejectionReason.senderRateLimited]: 14,
  [RejectionReason.stateFull]: 15,
};

/** What makes a refusal precise: the minimum fee, or the limit that was reached. */
export interface RejectionDetail {
  minimumFee?: bigint;
  limit?: number;
  /** Accounts the state holds now (stateFull). */
  accounts?: number;
}

/** The wire message: the reason, then the number the client needs ("fee too low: minimum is 4200 wei"). */
export function rejectionMessage(reason: RejectionReason, detail: RejectionDetail = {}): string {
  switch (reason) {
    case RejectionReason.feeTooLow:
      return detail.minimumFee === undefined ? reason : `fee too low: minimum is ${detail.minimumFee} wei`;
    case RejectionReason.replacementUnderpriced:
      return detail.minimumFee === undefined ? reason : `${reason}: another transaction with this nonce is pending; a replacement must pay at least ${detail.minimumFee} wei (10% more)`;
    case RejectionReason.senderPendingLimit:
      return detail.limit === undefined ? reason : `${reason}: at most ${detail.limit} may be pending`;
    case RejectionReason.connectionRateLimited:
    case RejectionReason.senderRateLimited:
      return detail.limit === undefined ? reason : `${reason}: at most ${detail.limit} per second; retry later`;
    case RejectionReason.stateFull:
      return detail.limit === undefined
        ? reason
        : `${reason}: the rollup holds ${detail.accounts ?? detail.limit} accounts, the most this node admits is ${detail.limit} (--max-accounts); transfers to existing accounts and withdrawals are accepted`;
    default:
      return reason;
  }
}

/** Why a pending transaction left the pool without being sealed (reported through `onDrop`). */
export const DropReason = {
  /** The sealer reported it invalid at execution (`markRejected`). */
  rejected: "rejected",
  /** Its nonce is below the sender's confirmed nonce. */
  nonceTooLow: RejectionReason.nonceTooLow,
  /** The sender's confirmed balance no longer covers it after the lower-nonce ones. */
  insufficientFunds: RejectionReason.insufficientFunds,
  /** A future nonce whose gap was not filled within `futureLifetimeMs` (geth drops queued ones after 3 h). */
  expired: "expired: its nonce gap was not filled in time",
  /** The sender replaced it with a transaction of the same nonce and a fee at least 10% higher. */
  replaced: "replaced: the sender sent another transaction with this nonce and a higher fee",
} as const;
export type DropReason = (typeof DropReason)[keyof typeof DropReason];
