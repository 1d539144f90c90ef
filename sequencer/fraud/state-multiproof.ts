/**
 * The state multiproof of docs/fraud-proofs.md §4 over the 32 levels of List[Account, 2^32]'s data
 * tree: which decommitment nodes a set of leaf indices needs, in the order the contract consumes
 * them (contracts/src/fraud/lib/StateMultiproof.sol), and the root they give with some leaves.
 */
import { sha256 } from "@noble/hashes/sha2";

export const STATE_DEPTH = 32;

export function sha256Pair(left: Uint8Array, right: Uint8Array): Uint8Array {
  const both = new Uint8Array(64);
  both.set(left, 0);
  both.set(right, 32);
  return sha256(both);
}

/** SSZ mix_in_length: sha256(root ‖ uint256 length little-endian). */
export function mixInLength(root: Uint8Array, length: number): Uint8Array {
  const chunk = new Uint8Array(32);
  new DataView(chunk.buffer).setBigUint64(0, BigInt(length), true);
  return sha256Pair(root, chunk);
}

/**
 * Walks the algorithm over `indices` (strictly increasing): `pair` merges two known siblings,
 * `sibling` takes the next node for a lone node at (level, index) whose sibling is at `siblingIndex`.
 */
function walk<T>(
  indices: number[],
  values: T[],
  pair: (left: T, right: T) => T,
  sibling: (level: number, index: number, value: T) => T,
): T {
  let idx = indices.slice();
  let vals = values.slice();
  for (let level = 0; level < STATE_DEPTH; level++) {
    const nextIdx: number[] = [];
    const nextVals: T[] = [];
    for (let j = 0; j < idx.length; ) {
      const i = idx[j]!;
      if (i % 2 === 0 && idx[j + 1] === i + 1) {
        nextVals.push(pair(vals[j]!, vals[j + 1]!));
        j += 2;
      } else {
        nextVals.push(sibling(level, i, vals[j]!));
        j += 1;
      }
      nextIdx.push(Math.floor(i / 2));
    }
    idx = nextIdx;
    vals = nextVals;
  }
  return vals[0]!;
}

function checkIndices(indices: number[]): void {
  if (indices.length === 0) throw new RangeError("a multiproof needs at least one leaf");
  for (let j = 1; j < indices.length; j++) {
    if (!(indices[j]! > indices[j - 1]!)) throw new RangeError(`leaf indices must increase strictly (${indices[j - 1]}, ${indices[j]})`);
  }
}

/** The decommitment nodes for `indices`, read from the tree with `node(level, index)`. */
export function multiproofNodes(indices: number[], node: (level: number, index: number) => Uint8Array): Uint8Array[] {
  checkIndices(indices);
  const nodes: Uint8Array[] = [];
  walk(indices, indices.map(() => 0), () => 0, (level, i) => {
    nodes.push(node(level, i ^ 1));
    return 0;
  });
  return nodes;
}

/** mix_in_length(data root from `leaves` at `indices` and `nodes`, length); throws when the node count is wrong. */
export function multiproofRoot(indices: number[], leaves: Uint8Array[], nodes: Uint8Array[], length: number): Uint8Array {
  checkIndices(indices);
  let k = 0;
  const root = walk(indices, leaves, sha256Pair, (_level, i, value) => {
    const other = nodes[k++];
    if (!other) throw new RangeError(`the multiproof needs more than ${nodes.length} nodes`);
    return i % 2 === 0 ? sha256Pair(value, other) : sha256Pair(other, value);
  });
  if (k !== nodes.length) throw new RangeError(`the multiproof consumed ${k} of ${nodes.length} nodes`);
  return mixInLength(root, length);
}
