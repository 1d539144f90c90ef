/**
 * The fixed-depth keccak-256 Merkle trees of commits (depth 8) and chunk tables (depth 11),
 * docs/fraud-proofs.md §3: leaves padded with zero, zero_{l+1} = keccak(zero_l ‖ zero_l),
 * parent = keccak256(left ‖ right), branches bottom-up. Mirrors contracts/src/lib/KeccakMerkle.sol.
 */
import { keccak_256 } from "@noble/hashes/sha3";

export const COMMIT_TREE_DEPTH = 8;
export const TABLE_TREE_DEPTH = 11;

export function keccakPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  const both = new Uint8Array(64);
  both.set(left, 0);
  both.set(right, 32);
  return keccak_256(both);
}

/** zero_l for l = 0..depth. */
function zeros(depth: number): Uint8Array[] {
  const out: Uint8Array[] = [new Uint8Array(32)];
  for (let l = 0; l < depth; l++) out.push(keccakPair(out[l]!, out[l]!));
  return out;
}

/** Every level of the tree, bottom-up (level l has ceil(n / 2^l) nodes; missing ones are zero_l). */
function levels(leaves: Uint8Array[], depth: number): Uint8Array[][] {
  const zero = zeros(depth);
  const out = [leaves];
  for (let l = 0; l < depth; l++) {
    const below = out[l]!;
    const above: Uint8Array[] = [];
    for (let i = 0; i < below.length; i += 2) above.push(keccakPair(below[i]!, below[i + 1] ?? zero[l]!));
    out.push(above);
  }
  return out;
}

export function keccakRoot(leaves: Uint8Array[], depth: number): Uint8Array {
  if (leaves.length > 2 ** depth) throw new RangeError(`${leaves.length} leaves do not fit a tree of depth ${depth}`);
  return levels(leaves, depth)[depth]![0] ?? zeros(depth)[depth]!;
}

/** The siblings of leaf `index`, bottom-up. */
export function keccakBranch(leaves: Uint8Array[], index: number, depth: number): Uint8Array[] {
  if (index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} of ${leaves.length}`);
  const zero = zeros(depth);
  const all = levels(leaves, depth);
  const branch: Uint8Array[] = [];
  for (let l = 0, i = index; l < depth; l++, i >>= 1) branch.push(all[l]![i ^ 1] ?? zero[l]!);
  return branch;
}
