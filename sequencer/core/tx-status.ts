/**
 * Status of each transaction after execution (one byte per transaction, assembly/executor/status.ts).
 * For transfers and withdrawals the checks run in this order: UnknownSender, BadNonce,
 * ZeroRecipient, Overflow (amount + fee, or nonce at 2^64 − 1), InsufficientBalance, then
 * Overflow of a credit (fee recipient, recipient) and StateFull. For L1 messages: BadQueueIndex,
 * MalformedQueueMessage (nonzero from/fee/signature), then ZeroRecipient (deposit) and Overflow.
 */
export enum TxStatus {
  Ok = 0,
  BadNonce = 1,
  InsufficientBalance = 2,
  Overflow = 3,
  UnknownSender = 4,
  ZeroRecipient = 5,
  UnknownKind = 6,
  BadQueueIndex = 7,
  MalformedQueueMessage = 8,
  StateFull = 9,
}

/** Wallet-style reason of a status (as node error strings, e.g. "nonce too low"). */
export const txStatusReason: Record<TxStatus, string> = {
  [TxStatus.Ok]: "ok",
  [TxStatus.BadNonce]: "bad nonce",
  [TxStatus.InsufficientBalance]: "insufficient funds",
  [TxStatus.Overflow]: "balance overflow",
  [TxStatus.UnknownSender]: "unknown sender",
  [TxStatus.ZeroRecipient]: "zero recipient",
  [TxStatus.UnknownKind]: "unknown transaction kind",
  [TxStatus.BadQueueIndex]: "L1 queue message out of order",
  [TxStatus.MalformedQueueMessage]: "malformed L1 queue message",
  [TxStatus.StateFull]: "account state full",
};
