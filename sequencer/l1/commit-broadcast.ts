/**
 * What an L1 node's answer to eth_sendRawTransaction means for a commit. Only "accepted" and
 * "known" (this very transaction is already in its pool) mean the transaction is in; "nonce too
 * low" means some transaction with that nonce was mined — perhaps this one, perhaps not — and
 * "replacement underpriced" that another one holds the nonce in the pool: neither is success,
 * and the poster decides from receipts and the contract's state. A revert at submission (a node
 * that executes on arrival, such as Hardhat with automine) names the contract's error.
 */
export type BroadcastOutcome = "sent" | "known" | "nonce-too-low" | "underpriced" | "insufficient-funds" | "reverted";

export interface BroadcastAnswer {
  outcome: BroadcastOutcome;
  /** The node's message, for every outcome but "sent". */
  message?: string;
  /** The contract's custom error, for "reverted". */
  revert?: string;
}

/** Classifies an eth_sendRawTransaction answer's error message; undefined for an error the caller should throw (retried later). */
export function broadcastAnswerOf(message: string): BroadcastAnswer | undefined {
  if (/already known|known transaction|already imported|transaction already exists/i.test(message)) return { outcome: "known", message };
  if (/nonce too low|nonce has already been used|nonce is too low|old nonce/i.test(message)) return { outcome: "nonce-too-low", message };
  if (/replacement transaction underpriced|replacement fee too low|underpriced|could not replace existing tx/i.test(message)) return { outcome: "underpriced", message };
  if (/insufficient funds/i.test(message)) return { outcome: "insufficient-funds", message };
  const revert = /reverted with (?:custom error )?'?([^'"]+)'?/.exec(message) ?? /execution reverted:? ?(.*)$/.exec(message);
  if (revert) return { outcome: "reverted", message, revert: revert[1] || "without a reason" };
  return undefined;
}

/**
 * Contract errors that mean "not now" rather than "the chains disagree": the poster's view of L1
 * was a moment old (WrongBatchNumber), L1 lost a queue message or time in a reorg and has not got
 * them back yet (QueueCountPastQueue, TimestampInFuture), the bond is short (BondTooLow: the
 * operator tops it up) or the rollup froze (RollupFrozen). The poster waits and tries again; every
 * other revert (WrongParentRoot, DataHashMismatch, NotSequencer, …) is a conflict.
 */
export function isRetryableRevert(revert: string): boolean {
  return /^(WrongBatchNumber|QueueCountPastQueue|TimestampInFuture|BondTooLow|RollupFrozen)\b/.test(revert);
}
