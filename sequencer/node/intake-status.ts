/**
 * What happened to a submitted transaction at admission, one byte each: the status bytes of the
 * binary fast path's reply (docs/node-api.md), and the error of loft_sendTransaction.
 */
export const IntakeStatus = {
  accepted: 0,
  nonceTooLow: 1,
  nonceTooHigh: 2,
  insufficientFunds: 3,
  alreadyKnown: 4,
  mempoolFull: 5,
  invalidSignature: 6,
  invalidTransaction: 7,
  replacementUnderpriced: 8,
  busy: 9,
  /** The Rollup is frozen (protocol.md §5): nothing is sequenced any more; accounts escape on L1. */
  rollupFrozen: 10,
  /** The storage refuses writes (disk full, I/O error): nothing is accepted until it takes them again; reads are served. */
  storageFault: 11,
  // 12–17: issue 15's admission limits (sequencer/mempool/rejection-reason.ts has their precise wire messages)
  replacementInFlight: 12,
  senderPendingLimit: 13,
  feeTooLow: 14,
  connectionRateLimited: 15,
  senderRateLimited: 16,
  stateFull: 17,
} as const;
export type IntakeStatus = (typeof IntakeStatus)[keyof typeof IntakeStatus];

export const INTAKE_STATUS_TEXT: Record<IntakeStatus, string> = {
  0: "accepted",
  1: "nonce too low",
  2: "nonce too high",
  3: "insufficient funds",
  4: "already known",
  5: "mempool full",
  6: "invalid signature",
  7: "invalid transaction",
  8: "replacement transaction underpriced",
  9: "node busy: signature checks are saturated, retry",
  10: "rollup is frozen: escape is open",
  11: "storage fault: the node takes no transactions until its data dir takes writes again (reads are served)",
  12: "replacement refused: the pending transaction with this nonce is already being sealed",
  13: "too many pending transactions from this sender",
  14: "fee too low",
  15: "rate limited: too many transactions from this connection",
  16: "rate limited: too many transactions from this sender",
  17: "state full: transfers to new accounts are refused",
};
