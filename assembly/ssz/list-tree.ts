// Merkle tree of a bounded SSZ list (limit 2^depth), all levels kept so that proofs can be read
// after the root: level l holds ceil(n / 2^l) nodes, a missing right sibling is zero[l].
import { hashNodes } from "../hash/nodes";
import { reserve } from "../memory/arena";
import { zeroHash } from "./zero-hashes";
import { mixInLength } from "./mix-in-length";

/**
 * A list tree lives in a descriptor of 3 + 2·41 u32 words: [capacity bytes, buffer ptr, count,
 * then per level (offset, node count)]; created by newListTree and re-used batch after batch.
 */
export function newListTree(): usize {
  return reserve(4 * (3 + 2 * 41));
}

// @ts-ignore: decorator
@inline function levelPtr(tree: usize, level: usize): usize {
  return <usize>load<u32>(tree + 4) + <usize>load<u32>(tree + 12 + (level << 3));
}
// @ts-ignore: decorator
@inline function levelCount(tree: usize, level: usize): usize {
  return <usize>load<u32>(tree + 16 + (level << 3));
}

/** Pointer to where `count` 32-byte leaves must be written before buildListTree (level 0). */
export function listTreeLeaves(tree: usize, count: usize, depth: usize): usize {
  let bytes: usize = 0;
  let n = count;
  for (let l: usize = 0; l <= depth; l++) {
    store<u32>(tree + 12 + (l << 3), <u32>bytes);
    store<u32>(tree + 16 + (l << 3), <u32>n);
    bytes += (n + 1) << 5;
    n = (n + 1) >> 1;
  }
  if (bytes > <usize>load<u32>(tree)) {
    store<u32>(tree + 4, <u32>reserve(bytes * 2));
    store<u32>(tree, <u32>(bytes * 2));
  }
  store<u32>(tree + 8, <u32>count);
  return levelPtr(tree, 0);
}

/** Hashes the levels above the leaves and writes the list root (with the length mixed in) to `out`. */
export function buildListTree(tree: usize, depth: usize, out: usize): void {
  const count = <usize>load<u32>(tree + 8);
  if (count == 0) {
    mixInLength(zeroHash(depth), 0, out);
    return;
  }
  for (let l: usize = 0; l < depth; l++) {
    const n = levelCount(tree, l);
    const ptr = levelPtr(tree, l);
    if (n & 1) memory.copy(ptr + (n << 5), zeroHash(l), 32);
    hashNodes(ptr, (n + 1) >> 1, levelPtr(tree, l + 1));
  }
  mixInLength(levelPtr(tree, depth), <u64>count, out);
}

/** Writes the `depth` sibling hashes (bottom-up) of leaf `index` to `out`. */
export function listTreeProof(tree: usize, depth: usize, index: usize, out: usize): void {
  for (let l: usize = 0; l < depth; l++) {
    const sibling = (index >> l) ^ 1;
    const src = sibling < levelCount(tree, l) ? levelPtr(tree, l) + (sibling << 5) : zeroHash(l);
    memory.copy(out + (l << 5), src, 32);
  }
}

/** Pointer to node `index` of `level` of the tree's last build (zero[level] past its nodes). */
export function listTreeNode(tree: usize, level: usize, index: usize): usize {
  return index < levelCount(tree, level) ? levelPtr(tree, level) + (index << 5) : zeroHash(level);
}

/** Number of leaves of the tree's last build. */
export function listTreeCount(tree: usize): usize {
  return <usize>load<u32>(tree + 8);
}
