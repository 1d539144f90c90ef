/**
 * The JSON-RPC error of a refused submission (loft_sendTransaction, and eth_sendRawTransaction
 * once native transfers exist): geth's code -32000 and message for every transaction-pool refusal,
 * so ethers (NONCE_EXPIRED, INSUFFICIENT_FUNDS, REPLACEMENT_UNDERPRICED) and viem
 * (NonceTooLowError, NonceTooHighError, InsufficientFundsError) recognise them; the node's own
 * codes for what Ethereum has no word for (bad signature, malformed transaction, busy).
 */
import { INTAKE_STATUS_TEXT, IntakeStatus } from "../node/intake-status.ts";
import { alreadyKnown, insufficientFunds, mempoolFull, nonceTooHigh, nonceTooLow, replacementUnderpriced, RpcError, RpcErrorCode } from "../rpc/index.ts";

export const INVALID_SIGNATURE = -32010;
export const INVALID_TRANSACTION = -32011;
export const BUSY = -32012;
export const FOLLOWER_TAKES_NO_TRANSACTIONS = -32020;

/** What the sender's account looked like when the transaction was refused (for the message). */
export interface SenderState {
  nonce: number;
  pendingNonce: number;
  balance: bigint;
}

/** Maps a refusal: `sender` (when known) adds geth's details (next nonce, balance, cost). */
export function admissionError(status: IntakeStatus, tx: { nonce: number; amount: bigint; fee: bigint }, sender?: SenderState): RpcError {
  switch (status) {
    case IntakeStatus.nonceTooLow: return nonceTooLow(sender && `next nonce ${sender.nonce}, tx nonce ${tx.nonce}`);
    case IntakeStatus.nonceTooHigh: return nonceTooHigh(sender && `next nonce ${sender.pendingNonce}, tx nonce ${tx.nonce}`);
    case IntakeStatus.insufficientFunds:
      return insufficientFunds(sender && `balance ${sender.balance} (before pending transactions), tx cost ${tx.amount + tx.fee} (amount + fee)`);
    case IntakeStatus.alreadyKnown: return alreadyKnown();
    case IntakeStatus.mempoolFull: return mempoolFull();
    case IntakeStatus.replacementUnderpriced: return replacementUnderpriced("a transaction with this sender and nonce is pending (no replacement by fee)");
    case IntakeStatus.invalidSignature: return new RpcError(INVALID_SIGNATURE, INTAKE_STATUS_TEXT[status]);
    case IntakeStatus.busy: return new RpcError(BUSY, INTAKE_STATUS_TEXT[status]);
    case IntakeStatus.invalidTransaction: return new RpcError(INVALID_TRANSACTION, INTAKE_STATUS_TEXT[status]);
    default: {
      // statuses added later (e.g. a fee below the node's minimum) keep their own text; a fee refusal is geth's "transaction underpriced"
      const text = (INTAKE_STATUS_TEXT as Record<number, string>)[status] ?? "invalid transaction";
      if (/fee|underpriced/i.test(text)) return new RpcError(RpcErrorCode.transactionRejected, text.startsWith("transaction underpriced") ? text : `transaction underpriced: ${text}`, { reason: "UNDERPRICED" });
      return new RpcError(INVALID_TRANSACTION, text);
    }
  }
}
