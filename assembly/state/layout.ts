// Where the account state lives in linear memory. Accounts are stored in chunks of 2^16, each
// chunk with the lower 16 levels of its Merkle subtree; a small top tree joins the chunk roots up
// to depth 32 (List[Account, 2^32]). Chunks are allocated as the state grows, so nothing is
// ever moved and memory use is proportional to the number of accounts.
import { reserve } from "../memory/arena";
import { zeroHash } from "../ssz/zero-hashes";

export const CHUNK_BITS: usize = 16;
export const CHUNK_SIZE: usize = 1 << CHUNK_BITS;
/** Up to 1024 chunks = 2^26 accounts (more than 4 GiB of linear memory can hold). */
export const MAX_CHUNKS: usize = 1024;
export const TREE_DEPTH: usize = 32;
/** Serialized Account (44 bytes) + the u32 batch mark used to list each dirty account once. */
export const RECORD: usize = 48;

const CHUNK_ACCOUNTS: usize = memory.data(<i32>(MAX_CHUNKS * 4), 16);
const CHUNK_TREES: usize = memory.data(<i32>(MAX_CHUNKS * 4), 16);
/** Byte offset of level l (0..16) inside a chunk's subtree block, and of level k (0..16) in the top tree. */
const CHUNK_LEVEL: usize = memory.data(17 * 4, 16);
const TOP_LEVEL: usize = memory.data(18 * 4, 16);
let top: usize = 0;
let chunks: usize = 0;

function initLevels(): void {
  let off: usize = 0;
  for (let l: usize = 0; l <= CHUNK_BITS; l++) {
    store<u32>(CHUNK_LEVEL + (l << 2), <u32>off);
    off += (CHUNK_SIZE >> l) << 5;
  }
  off = 0;
  for (let k: usize = 0; k <= 17; k++) {
    store<u32>(TOP_LEVEL + (k << 2), <u32>off);
    off += (topLevelSize(k) + 1) << 5;
  }
}
initLevels();

// @ts-ignore: decorator
@inline function topLevelSize(k: usize): usize {
  return k >= 10 ? 1 : MAX_CHUNKS >> k;
}

/** Allocates the top tree (filled with zero hashes) once, at the first chunk. */
function ensureTop(): void {
  if (top != 0) return;
  top = reserve(<usize>load<u32>(TOP_LEVEL + (17 << 2)));
  clearLayout();
}

/** Fills chunk `c` with empty accounts and the zero hashes of its subtree levels. */
function clearChunk(c: usize): void {
  memory.fill(<usize>load<u32>(CHUNK_ACCOUNTS + (c << 2)), 0, CHUNK_SIZE * RECORD);
  const tree = <usize>load<u32>(CHUNK_TREES + (c << 2));
  memory.fill(tree, 0, CHUNK_SIZE << 5);
  for (let l: usize = 1; l < CHUNK_BITS; l++) {
    const base = tree + <usize>load<u32>(CHUNK_LEVEL + (l << 2));
    const n = CHUNK_SIZE >> l;
    memory.copy(base, zeroHash(l), 32);
    for (let filled: usize = 1; filled < n; filled <<= 1) memory.copy(base + (filled << 5), base, min(filled, n - filled) << 5);
  }
}

/** Makes sure the chunk holding account `index` exists. Returns false when the state is full. */
export function ensureChunk(index: usize): bool {
  const c = index >> CHUNK_BITS;
  if (c >= MAX_CHUNKS) return false;
  ensureTop();
  while (chunks <= c) {
    if (load<u32>(CHUNK_ACCOUNTS + (chunks << 2)) == 0) {
      store<u32>(CHUNK_ACCOUNTS + (chunks << 2), <u32>reserve(CHUNK_SIZE * RECORD));
      store<u32>(CHUNK_TREES + (chunks << 2), <u32>reserve(<usize>load<u32>(CHUNK_LEVEL + (CHUNK_BITS << 2))));
    }
    clearChunk(chunks);
    chunks++;
  }
  return true;
}

/** Empties the state: chunks are kept for re-use, the top tree returns to zero hashes. */
export function clearLayout(): void {
  chunks = 0;
  if (top == 0) return;
  for (let k: usize = 0; k <= 16; k++) {
    const base = top + <usize>load<u32>(TOP_LEVEL + (k << 2));
    for (let i: usize = 0; i <= topLevelSize(k); i++) memory.copy(base + (i << 5), zeroHash(CHUNK_BITS + k), 32);
  }
}

/** Pointer to the 48-byte record of account `index` (its chunk must exist). */
// @ts-ignore: decorator
@inline export function accountPtr(index: usize): usize {
  return <usize>load<u32>(CHUNK_ACCOUNTS + ((index >> CHUNK_BITS) << 2)) + (index & (CHUNK_SIZE - 1)) * RECORD;
}

/** Pointer to node `index` of tree level `level` (0 = account roots, 32 = the data root). */
// @ts-ignore: decorator
@inline export function nodePtr(level: usize, index: usize): usize {
  if (level < CHUNK_BITS) {
    const shift = CHUNK_BITS - level;
    return <usize>load<u32>(CHUNK_TREES + ((index >> shift) << 2)) + <usize>load<u32>(CHUNK_LEVEL + (level << 2)) +
      ((index & ((<usize>1 << shift) - 1)) << 5);
  }
  return top + <usize>load<u32>(TOP_LEVEL + ((level - CHUNK_BITS) << 2)) + (index << 5);
}

