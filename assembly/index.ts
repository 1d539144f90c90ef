// Entry of the WASM core (issue 3): every export the TypeScript loader (sequencer/core/) uses.
// Pointers are byte offsets into the exported memory; buffers are owned by the module.
import { reserve, arenaUsed } from "./memory/arena";
import { accountCount, loadAccounts, clearAccounts, readAccount, writeAccounts } from "./state/accounts";
import { findAccount, setIndexSeed, reserveIndex } from "./state/address-index";
import { commitState, invalidateRoot, stateRootPtr } from "./state/state-root";

export { sha256, hash64 } from "./hash/sha256";
export { hash64x4 } from "./hash/sha256-simd";
export { hashNodes, hashNodesScalar } from "./hash/nodes";
export { keccak256, keccak256Batch } from "./hash/keccak";
export { eip712Digests } from "./hash/eip712";
export { zeroHash } from "./ssz/zero-hashes";
export { mixInLength } from "./ssz/mix-in-length";
export { accountRoot, transactionRoot, withdrawalRoot, batchHeaderRoot } from "./ssz/container-roots";
export { accountProof, hashedNodeCount, stateNode } from "./state/state-root";
export {
  executeBatch, batchRoots, includedTransactions, batchExits, batchExitCount, touchedAccounts,
  batchTouchedCount, createdStart, queueEnd, exitProof, lastExitCount,
} from "./executor/execute-batch";
export { chunkCount, chunkPairs, chunkEntries, setIntermediateRoots } from "./executor/chunk-roots";
import { newListTree, listTreeLeaves, buildListTree } from "./ssz/list-tree";

export function coreVersion(): u32 {
  return 1;
}

const IO_SLOTS: usize = memory.data(32, 16); // 2 × (pointer, capacity)

/**
 * Host-shared buffer `slot` (0 = input, 1 = output) of at least `bytes`, re-used while large
 * enough (its address changes when it has to grow).
 */
export function ioBuffer(slot: usize, bytes: usize): usize {
  const at = IO_SLOTS + ((slot & 1) << 3);
  if (bytes > <usize>load<u32>(at, 4)) {
    const cap = max(bytes, <usize>load<u32>(at, 4) * 2);
    store<u32>(at, <u32>reserve(cap));
    store<u32>(at, <u32>cap, 4);
  }
  return <usize>load<u32>(at);
}

export function memoryUsed(): usize {
  return arenaUsed();
}

const listTree = newListTree();

/** hash_tree_root of a list of `count` 32-byte leaf roots at `leaves`, limit 2^depth (depth ≤ 32), into `out`. */
export function listRoot(leaves: usize, count: usize, depth: usize, out: usize): void {
  memory.copy(listTreeLeaves(listTree, count, depth), leaves, count << 5);
  buildListTree(listTree, depth, out);
}

export function stateSeed(seedLo: u32, seedHi: u32): void {
  setIndexSeed((<u64>seedHi << 32) | <u64>seedLo);
}

export function stateClear(): void {
  clearAccounts();
  invalidateRoot();
}

/** Appends `count` serialized Accounts; -1 or the position of the first duplicate address (state then cleared). */
export function stateLoad(accounts: usize, count: usize): i32 {
  const result = loadAccounts(accounts, count);
  invalidateRoot();
  return result;
}

/** Sizes the address index for `total` accounts at once (before loading them in slices). */
export function stateReserve(total: usize): void {
  reserveIndex(total, accountCount());
}

export function stateCount(): usize {
  return accountCount();
}

/** Brings the tree up to date and returns a pointer to the 32-byte state root. */
export function stateRoot(): usize {
  commitState();
  return stateRootPtr();
}

export function stateFind(address: usize): i32 {
  return findAccount(address);
}

/**
 * Overwrites existing accounts: `count` records of a u32 index followed by the 44-byte Account,
 * whose address must equal the stored one. Returns -1, or the position of the first bad record
 * (then nothing was written).
 */
export function stateWrite(records: usize, count: usize): i32 {
  return writeAccounts(records, count);
}

export function stateRead(index: usize, out: usize): void {
  readAccount(index, out);
}
