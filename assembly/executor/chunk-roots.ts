// Intermediate roots of a batch (docs/fraud-proofs.md §1): after every CHUNK = 32 included
// positions and at the end, the state root; once the transaction tree is built, each chunk's
// subtree of it (level 5: leaves [32c, 32c + 32), zero leaves past the end) and the posted entry
// sha256(stateRoot_c ‖ txSubtree_c). A mid-batch commit re-hashes only the chunk's dirty paths.
import { reserve } from "../memory/arena";
import { hashNodes } from "../hash/nodes";
import { listTreeNode } from "../ssz/list-tree";
import { commitState, stateRootPtr } from "../state/state-root";

export const CHUNK_BITS: usize = 5;
export const CHUNK_SIZE: usize = 1 << CHUNK_BITS;

let pairs: usize = 0; // stateRoot_c ‖ txSubtree_c, 64 bytes per chunk
let entries: usize = 0; // entry_c, 32 bytes per chunk
let capacity: usize = 0;
let count: usize = 0;
/** Off only for bench:tps's side-by-side measure of what the roots cost: the batches then carry zero chunk state roots, which fraud proofs convict. */
let intermediate = true;

export function setIntermediateRoots(on: u32): void {
  intermediate = on != 0;
}

/** Room for the chunks of a batch of `positions` and no chunk recorded yet. */
export function beginChunks(positions: usize): void {
  const needed = (positions + CHUNK_SIZE - 1) >> CHUNK_BITS;
  if (needed > capacity) {
    capacity = max(needed, 64);
    pairs = reserve(capacity << 6);
    entries = reserve(capacity << 5);
  }
  count = 0;
}

/** Ends the current chunk: commits the state tree and records its root. */
export function closeChunk(): void {
  if (intermediate) {
    commitState();
    memory.copy(pairs + (count << 6), stateRootPtr(), 32);
  } else memory.fill(pairs + (count << 6), 0, 32);
  count++;
}

/** Fills in each chunk's transaction subtree from `txTree` (built) and hashes the entries. */
export function finishChunks(txTree: usize): void {
  for (let c: usize = 0; c < count; c++) memory.copy(pairs + (c << 6) + 32, listTreeNode(txTree, CHUNK_BITS, c), 32);
  hashNodes(pairs, count, entries);
}

export function chunkCount(): usize { return count; }
export function chunkPairs(): usize { return pairs; }
export function chunkEntries(): usize { return entries; }
