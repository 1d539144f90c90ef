// Incremental state root: the dirty accounts are sorted, their leaves re-hashed, then level by
// level each parent of a dirty node is hashed exactly once, four nodes per SIMD call.
import { hash64 } from "../hash/sha256";
import { hash64x4 } from "../hash/sha256-simd";
import { hash64x8 } from "../hash/sha256-simd8";
import { accountRoot, accountRoot4 } from "../ssz/container-roots";
import { mixInLength } from "../ssz/mix-in-length";
import { accountPtr, nodePtr, TREE_DEPTH } from "./layout";
import { accountCount, dirtyList, dirtyLength, clearDirty } from "./accounts";
import { sortU32 } from "./radix-sort";
import { zeroHash } from "../ssz/zero-hashes";

const ROOT: usize = memory.data(32, 16);
let rootValid = false;
/** Nodes hashed by the last commits (for tests of the once-per-batch property). */
let hashedNodes: u64 = 0;

// @ts-ignore: decorator
@inline function at(list: usize, i: usize): usize {
  return <usize>load<u32>(list + (i << 2));
}

function hashLeaves(list: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) {
    const a = at(list, i), b = at(list, i + 1), c = at(list, i + 2), d = at(list, i + 3);
    accountRoot4(accountPtr(a), accountPtr(b), accountPtr(c), accountPtr(d), nodePtr(0, a), nodePtr(0, b), nodePtr(0, c), nodePtr(0, d));
  }
  for (; i < n; i++) accountRoot(accountPtr(at(list, i)), nodePtr(0, at(list, i)));
  hashedNodes += <u64>n;
}

/** Replaces the sorted node indices of `list` by their distinct parents; returns how many. */
function toParents(list: usize, n: usize): usize {
  let m: usize = 0;
  let last: usize = <usize>-1;
  for (let i: usize = 0; i < n; i++) {
    const p = at(list, i) >> 1;
    if (p != last) {
      store<u32>(list + (m << 2), <u32>p);
      m++;
      last = p;
    }
  }
  return m;
}

function hashParents(level: usize, list: usize, n: usize): void {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const a = at(list, i), b = at(list, i + 1), c = at(list, i + 2), d = at(list, i + 3);
    const e = at(list, i + 4), f = at(list, i + 5), g = at(list, i + 6), h = at(list, i + 7);
    hash64x8(nodePtr(level, a << 1), nodePtr(level, b << 1), nodePtr(level, c << 1), nodePtr(level, d << 1),
      nodePtr(level, e << 1), nodePtr(level, f << 1), nodePtr(level, g << 1), nodePtr(level, h << 1),
      nodePtr(level + 1, a), nodePtr(level + 1, b), nodePtr(level + 1, c), nodePtr(level + 1, d),
      nodePtr(level + 1, e), nodePtr(level + 1, f), nodePtr(level + 1, g), nodePtr(level + 1, h));
  }
  for (; i + 4 <= n; i += 4) {
    const a = at(list, i), b = at(list, i + 1), c = at(list, i + 2), d = at(list, i + 3);
    hash64x4(nodePtr(level, a << 1), nodePtr(level, b << 1), nodePtr(level, c << 1), nodePtr(level, d << 1),
      nodePtr(level + 1, a), nodePtr(level + 1, b), nodePtr(level + 1, c), nodePtr(level + 1, d));
  }
  for (; i < n; i++) hash64(nodePtr(level, at(list, i) << 1), nodePtr(level + 1, at(list, i)));
  hashedNodes += <u64>n;
}

function isAscending(list: usize, n: usize): bool {
  for (let i: usize = 1; i < n; i++) if (at(list, i - 1) >= at(list, i)) return false;
  return true;
}

/** Brings the tree up to date with every dirty account and clears the dirty list. */
export function commitState(): void {
  let n = dirtyLength();
  if (n == 0 && rootValid) return;
  const list = dirtyList();
  if (n > 0) {
    if (!isAscending(list, n)) sortU32(list, n); // a bulk load lists its accounts in order already
    hashLeaves(list, n);
    for (let level: usize = 0; level < TREE_DEPTH; level++) {
      n = toParents(list, n);
      hashParents(level, list, n);
    }
  }
  clearDirty();
  if (accountCount() == 0) mixInLength(zeroHash(TREE_DEPTH), 0, ROOT);
  else mixInLength(nodePtr(TREE_DEPTH, 0), <u64>accountCount(), ROOT);
  rootValid = true;
}

/** Marks the cached root stale (after the state was emptied). */
export function invalidateRoot(): void {
  rootValid = false;
}

/** The state root after commitState (32 bytes). */
export function stateRootPtr(): usize {
  return ROOT;
}

export function hashedNodeCount(): u64 {
  return hashedNodes;
}

/** Writes the 32 siblings (bottom-up) of account `index` to `out`; the tree must be committed. */
export function accountProof(index: usize, out: usize): void {
  for (let level: usize = 0; level < TREE_DEPTH; level++) {
    memory.copy(out + (level << 5), nodePtr(level, (index >> level) ^ 1), 32);
  }
}

/**
 * Copies node `index` of tree level `level` (0 = account roots, 32 = the data root) of the
 * committed tree to `out`: zero[level] for a subtree entirely past the accounts (fraud-proof
 * multiproofs, docs/fraud-proofs.md §4, read any node).
 */
export function stateNode(level: usize, index: usize, out: usize): void {
  commitState();
  const past = (<u64>index << <u64>level) >= <u64>accountCount();
  memory.copy(out, past ? zeroHash(level) : nodePtr(level, index), 32);
}
