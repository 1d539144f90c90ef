/** Checks that a caller hands the mempool a well-formed transaction object (a bug otherwise). */
import type { MempoolTransaction } from "./mempool-transaction.ts";

export function checkTransactionShape(tx: MempoolTransaction): void {
  if (!(tx.hash instanceof Uint8Array) || tx.hash.length !== 32) throw new TypeError("mempool: tx.hash must be a 32-byte Uint8Array");
  if (!(tx.from instanceof Uint8Array) || tx.from.length !== 20) throw new TypeError("mempool: tx.from must be a 20-byte Uint8Array");
  if (!Number.isSafeInteger(tx.nonce) || tx.nonce < 0) throw new TypeError(`mempool: tx.nonce must be a safe non-negative integer, got ${tx.nonce}`);
  if (typeof tx.amount !== "bigint" || tx.amount < 0n) throw new TypeError("mempool: tx.amount must be a non-negative bigint");
  if (typeof tx.fee !== "bigint" || tx.fee < 0n) throw new TypeError("mempool: tx.fee must be a non-negative bigint");
}
