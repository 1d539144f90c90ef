/**
 * The SSZ leaves a chunk proof recomputes (protocol.md §1): hash_tree_root(Account) and
 * hash_tree_root(Transaction) with uint64 nonces as bigints (a nonce of 2^64 − 1 is a state the
 * Overflow check must see), and the 5-level chunk subtree of List[Transaction, 2^16]
 * (docs/fraud-proofs.md §1 txSubtree_c). Roots equal those of sequencer/protocol/ssz-types.ts.
 */
import { ContainerType, UintBigintType } from "@chainsafe/ssz";
import { Bytes20, Bytes65, Uint128, Uint8, TxKind } from "../protocol/ssz-types.ts";
import type { ChunkRecord } from "./chunk-reader.ts";
import { CHUNK_SIZE, type AccountValue } from "./fraud-inputs.ts";
import { sha256Pair } from "./state-multiproof.ts";

const Uint64Big = new UintBigintType(8);
const AccountBig = new ContainerType({ address: Bytes20, balance: Uint128, nonce: Uint64Big });
const TransactionBig = new ContainerType({
  kind: Uint8, from: Bytes20, to: Bytes20, amount: Uint128, fee: Uint128, nonce: Uint64Big, signature: Bytes65,
});
const ZERO_ADDRESS = new Uint8Array(20);

export const accountLeaf = (a: AccountValue): Uint8Array => AccountBig.hashTreeRoot(a);

/** The transaction of a record: `to` the resolved L2 recipient or the L1 recipient. */
export function recordLeaf(rec: ChunkRecord, from: Uint8Array, to: Uint8Array, nonce: bigint): Uint8Array {
  const signature = new Uint8Array(65);
  signature.set(rec.r, 0);
  signature.set(rec.s, 32);
  signature[64] = rec.v;
  const kind = rec.withdraw ? TxKind.withdraw : TxKind.transfer;
  return TransactionBig.hashTreeRoot({ kind, from, to, amount: rec.amount, fee: rec.fee, nonce, signature });
}

/** A queue message's transaction: kind 2 deposit or 3 full exit, nonce the queue index. */
export function queuedLeaf(kind: typeof TxKind.deposit | typeof TxKind.fullExit, to: Uint8Array, amount: bigint, queueIndex: number): Uint8Array {
  return TransactionBig.hashTreeRoot({
    kind, from: ZERO_ADDRESS, to, amount, fee: 0n, nonce: BigInt(queueIndex), signature: new Uint8Array(65),
  });
}

/** The 6 levels of a chunk's subtree, leaves (zero chunks past its last position) to root. */
function subtreeLevels(leaves: Uint8Array[]): Uint8Array[][] {
  const levels = [Array.from({ length: CHUNK_SIZE }, (_, i) => leaves[i] ?? new Uint8Array(32))];
  while (levels.at(-1)!.length > 1) {
    const level = levels.at(-1)!;
    const up: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(sha256Pair(level[i]!, level[i + 1]!));
    levels.push(up);
  }
  return levels;
}

/** Root of a chunk's 32 leaves (zero chunks past its last position). */
export function chunkSubtree(leaves: Uint8Array[]): Uint8Array {
  return subtreeLevels(leaves).at(-1)![0]!;
}

/** The 5 siblings of leaf `offset` (< 32) in the chunk's subtree, bottom-up. */
export function chunkSubtreeBranch(leaves: Uint8Array[], offset: number): Uint8Array[] {
  return subtreeLevels(leaves).slice(0, -1).map((level, depth) => level[(offset >> depth) ^ 1]!);
}
