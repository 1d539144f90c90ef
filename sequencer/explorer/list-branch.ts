/**
 * Merkle branches of SSZ lists hashed by the WASM core: leaf roots of stored records, cached for
 * the last few lists asked for, and the siblings of one leaf. Used for transaction proofs
 * (txRoot) and withdrawal claims (exitRoot); a 5,000-leaf list costs milliseconds, not the
 * hundreds @chainsafe/ssz in JS would take on the node's main thread.
 */
import type { Hashing, SszRoots } from "../core/index.ts";

export interface ListHashing {
  ssz: Pick<SszRoots, "zeroHash">;
  hashing: Pick<Hashing, "hashNodes">;
}

/** Siblings of leaf `index`, bottom-up, in a depth-`depth` tree whose first leaves are `leaves` (32 bytes each; the rest zero). */
export function wasmListBranch(core: ListHashing, leaves: Uint8Array, index: number, depth: number): Uint8Array[] {
  const branch: Uint8Array[] = [];
  let level = leaves;
  let position = index;
  for (let d = 0; d < depth; d++) {
    const zero = core.ssz.zeroHash(d);
    const nodes = level.length / 32;
    const sibling = position ^ 1;
    branch.push(sibling < nodes ? level.slice(sibling * 32, sibling * 32 + 32) : zero);
    if (nodes % 2 === 1) {
      const padded = new Uint8Array(level.length + 32);
      padded.set(level);
      padded.set(zero, level.length);
      level = padded;
    }
    level = core.hashing.hashNodes(level);
    position >>= 1;
  }
  return branch;
}

/** Leaf roots by list key (a batch number), computed once and kept for the last `size` keys. */
export class LeafCache<T = Uint8Array> {
  private readonly entries = new Map<number, T>();

  constructor(private readonly size = 8) {}

  get(key: number, compute: () => T): T {
    const cached = this.entries.get(key);
    if (cached) return cached;
    const leaves = compute();
    this.entries.set(key, leaves);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return leaves;
  }
}
