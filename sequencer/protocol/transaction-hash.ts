/**
 * Transaction hashes (spec §1–2): for transfers and withdrawals the EIP-712 digest (so a wallet
 * computes it locally with ethers' `TypedDataEncoder.hash`); for L1 queue messages (deposit,
 * fullExit) the SSZ hash_tree_root of the Transaction.
 */
import { Transaction, TxKind } from "./ssz-types.ts";
import { transactionDigest } from "./eip712.ts";
import type { UserTransaction } from "./transaction-params.ts";

export function transactionHash(separator: Uint8Array, tx: Transaction): Uint8Array {
  if (tx.kind === TxKind.transfer || tx.kind === TxKind.withdraw) {
    return transactionDigest(separator, { kind: tx.kind, to: tx.to, amount: tx.amount, fee: tx.fee, nonce: tx.nonce });
  }
  return Transaction.hashTreeRoot(tx);
}

/** The SSZ Transaction of a signed user transaction once its sender is known. */
export function toSszTransaction(tx: UserTransaction, from: Uint8Array): Transaction {
  return { kind: tx.kind, from, to: tx.to, amount: tx.amount, fee: tx.fee, nonce: tx.nonce, signature: tx.signature };
}
