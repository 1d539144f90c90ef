/**
 * Transaction hashes (spec §1–2, v2). A transfer's or withdrawal's hash is
 * `keccak256(digest ‖ from)` (32 + 20 bytes): the EIP-712 digest followed by the sender's address,
 * so two senders who sign the same fields get different hashes (in v1 the hash was the digest
 * alone: anyone could copy a pending transaction's fields and make the victim's answer "already
 * known"). A client computes it from ethers' `TypedDataEncoder.hash` and its own address. An L1
 * queue message's (deposit, fullExit) hash is the SSZ hash_tree_root of its Transaction.
 *
 * @example
 *   const hash = userTransactionHash(transactionDigest(separator, fields), from);
 *   userTransactionHashesInto(core.hashing, digests, records, count, hashes); // a chunk at once
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { Transaction, TRANSACTION_SIZE, TxKind } from "./ssz-types.ts";
import { transactionDigest } from "./eip712.ts";
import type { UserTransaction } from "./transaction-params.ts";

/** Bytes hashed into a user transaction's hash: digest (32) ‖ from (20). */
export const HASH_PREIMAGE_SIZE = 52;
/** Where `from` sits in a 146-byte SSZ Transaction record (after the kind byte). */
const FROM_OFFSET = 1;

/** The hash of a signed transfer or withdrawal from its EIP-712 digest and its 20-byte sender. */
export function userTransactionHash(digest: Uint8Array, from: Uint8Array): Uint8Array {
  const preimage = new Uint8Array(HASH_PREIMAGE_SIZE);
  preimage.set(digest.subarray(0, 32), 0);
  preimage.set(from.subarray(0, 20), 32);
  return keccak_256(preimage);
}

/** The 0x-hex hash a client computes: `TypedDataEncoder.hash(domain, types, value)` and its own address. */
export function userTransactionHashHex(digestHex: string, fromHex: string): string {
  const hex = (s: string) => Buffer.from(s.replace(/^0x/, ""), "hex");
  return "0x" + Buffer.from(userTransactionHash(hex(digestHex), hex(fromHex))).toString("hex");
}

/**
 * Writes the hashes of `count` user transactions into `out` (32 bytes each): digest i from
 * `digests`, sender from record i's `from` field (146-byte SSZ records, senders filled in), hashed
 * in one batch keccak call of the WASM core. Meaningless where a record's digest or sender is.
 */
export function userTransactionHashesInto(
  hashing: { keccak256BatchInto(messages: Uint8Array, length: number, out: Uint8Array): void },
  digests: Uint8Array,
  records: Uint8Array,
  count: number,
  out: Uint8Array,
): void {
  if (count === 0) return;
  const preimages = new Uint8Array(count * HASH_PREIMAGE_SIZE);
  for (let i = 0; i < count; i++) {
    const at = i * HASH_PREIMAGE_SIZE;
    preimages.set(digests.subarray(i * 32, i * 32 + 32), at);
    const record = i * TRANSACTION_SIZE + FROM_OFFSET;
    preimages.set(records.subarray(record, record + 20), at + 32);
  }
  hashing.keccak256BatchInto(preimages, HASH_PREIMAGE_SIZE, out.subarray(0, count * 32));
}

export function transactionHash(separator: Uint8Array, tx: Transaction): Uint8Array {
  if (tx.kind === TxKind.transfer || tx.kind === TxKind.withdraw) {
    return userTransactionHash(transactionDigest(separator, { kind: tx.kind, to: tx.to, amount: tx.amount, fee: tx.fee, nonce: tx.nonce }), tx.from);
  }
  return Transaction.hashTreeRoot(tx);
}

/** The SSZ Transaction of a signed user transaction once its sender is known. */
export function toSszTransaction(tx: UserTransaction, from: Uint8Array): Transaction {
  return { kind: tx.kind, from, to: tx.to, amount: tx.amount, fee: tx.fee, nonce: tx.nonce, signature: tx.signature };
}
