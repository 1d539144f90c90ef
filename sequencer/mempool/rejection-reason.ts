/**
 * Why the mempool refuses a transaction: exactly the strings Ethereum nodes answer and wallets
 * (ethers, MetaMask) map to error codes, so the RPC layer can pass them through unchanged.
 *
 * - "nonce too low": below the sender's confirmed nonce (already used by a sealed transaction).
 * - "nonce too high": at or beyond confirmed nonce + `nonceWindow`.
 * - "insufficient funds": amount + fee exceeds the confirmed balance minus what the sender's
 *   pending transactions already spend (an unknown account has balance 0, as in Ethereum).
 * - "already known": a transaction with the same hash is pending.
 * - "replacement transaction underpriced": geth's answer to a different transaction with the same
 *   sender and nonce as a pending one (ethers: REPLACEMENT_UNDERPRICED). Loft v1 has no
 *   replacement-by-fee: no fee makes a replacement acceptable; the pending one stays.
 * - "mempool full": the global cap, or the cap on non-executable (future-nonce) transactions.
 */
export const RejectionReason = {
  nonceTooLow: "nonce too low",
  nonceTooHigh: "nonce too high",
  insufficientFunds: "insufficient funds",
  alreadyKnown: "already known",
  replacementUnderpriced: "replacement transaction underpriced",
  mempoolFull: "mempool full",
} as const;
export type RejectionReason = (typeof RejectionReason)[keyof typeof RejectionReason];

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
} as const;
export type DropReason = (typeof DropReason)[keyof typeof DropReason];
