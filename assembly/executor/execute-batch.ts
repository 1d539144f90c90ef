// Executes a whole batch in one call: applies each transaction, then computes the three roots.
// Inputs: `count` Transactions (146 bytes each) at `txs`. Outputs are read through the getters.
import { reserve } from "../memory/arena";
import { hashNodes } from "../hash/nodes";
import { transactionRoot, transactionRoot4, TX_SIZE } from "../ssz/container-roots";
import { newListTree, listTreeLeaves, buildListTree, listTreeProof, listTreeCount } from "../ssz/list-tree";
import { accountCount, beginBatch } from "../state/accounts";
import { commitState, stateRootPtr } from "../state/state-root";
import { endTouches, touchedList, touchedLength } from "../state/touched";
import { applyTransaction, exitAddress, exitLo, exitHi, exited } from "./apply";
import { beginChunks, closeChunk, finishChunks, CHUNK_SIZE } from "./chunk-roots";
import { OK } from "./status";

const LIST_DEPTH: usize = 16;
/** stateRoot ‖ txRoot ‖ exitRoot */
const ROOTS: usize = memory.data(96, 16);
const txTree = newListTree();
const exitTree = newListTree();

let included: usize = 0; // the OK transactions, compacted (146 bytes each)
let exits: usize = 0; // Withdrawals serialized (36 bytes each)
let exitChunks: usize = 0; // the same as chunk pairs (64 bytes each) for hashing
let capacity: usize = 0;
let includedCount: usize = 0;
let exitCount: usize = 0;
let createdFrom: usize = 0;
let queueNext: u64 = 0;

function ensureCapacity(count: usize): void {
  if (count <= capacity) return;
  capacity = max(count, 1024);
  included = reserve(capacity * TX_SIZE);
  exits = reserve(capacity * 36);
  exitChunks = reserve(capacity << 6);
}

function recordExit(): void {
  const w = exits + exitCount * 36;
  memory.copy(w, exitAddress, 20);
  store<u64>(w + 20, exitLo);
  store<u64>(w + 28, exitHi);
  const c = exitChunks + (exitCount << 6);
  memory.fill(c, 0, 64);
  memory.copy(c, exitAddress, 20);
  store<u64>(c + 32, exitLo);
  store<u64>(c + 40, exitHi);
  exitCount++;
}

function hashTransactions(): void {
  const leaves = listTreeLeaves(txTree, includedCount, LIST_DEPTH);
  let i: usize = 0;
  for (; i + 4 <= includedCount; i += 4) {
    const t = included + i * TX_SIZE, o = leaves + (i << 5);
    transactionRoot4(t, t + TX_SIZE, t + 2 * TX_SIZE, t + 3 * TX_SIZE, o, o + 32, o + 64, o + 96);
  }
  for (; i < includedCount; i++) transactionRoot(included + i * TX_SIZE, leaves + (i << 5));
  buildListTree(txTree, LIST_DEPTH, ROOTS + 32);
}

/**
 * Executes `count` transactions at `txs` (at most 2^16), L1 queue messages expected from queue
 * index `queueStart`. Writes one status byte per transaction to `statuses`; returns how many
 * were included. fullExit amounts are written back into the input transactions. The state is
 * committed after every 32nd included transaction and at the end (chunk-roots.ts).
 */
export function executeBatch(txs: usize, count: usize, queueStart: u64, statuses: usize): usize {
  commitState(); // anything loaded before belongs to the previous root
  beginBatch();
  ensureCapacity(count);
  beginChunks(count);
  includedCount = 0;
  exitCount = 0;
  createdFrom = accountCount();
  queueNext = queueStart;
  for (let i: usize = 0; i < count; i++) {
    const tx = txs + i * TX_SIZE;
    const status = applyTransaction(tx, queueNext);
    store<u8>(statuses + i, status);
    if (status != OK) continue;
    if (load<u8>(tx) >= 2) queueNext++;
    memory.copy(included + includedCount * TX_SIZE, tx, TX_SIZE);
    includedCount++;
    if (exited) recordExit();
    if ((includedCount & (CHUNK_SIZE - 1)) == 0) closeChunk();
  }
  if ((includedCount & (CHUNK_SIZE - 1)) != 0) closeChunk();
  commitState();
  endTouches();
  memory.copy(ROOTS, stateRootPtr(), 32);
  hashTransactions();
  finishChunks(txTree);
  const leaves = listTreeLeaves(exitTree, exitCount, LIST_DEPTH);
  hashNodes(exitChunks, exitCount, leaves);
  buildListTree(exitTree, LIST_DEPTH, ROOTS + 64);
  return includedCount;
}

export function batchRoots(): usize { return ROOTS; }
export function includedTransactions(): usize { return included; }
export function batchExits(): usize { return exits; }
export function batchExitCount(): usize { return exitCount; }
export function touchedAccounts(): usize { return touchedList(); }
export function batchTouchedCount(): usize { return touchedLength(); }
export function createdStart(): usize { return createdFrom; }
export function queueEnd(): u64 { return queueNext; }

/** Writes the 16 siblings of withdrawal `index` of the last batch's exit list to `out`. */
export function exitProof(index: usize, out: usize): void {
  listTreeProof(exitTree, LIST_DEPTH, index, out);
}

export function lastExitCount(): usize {
  return listTreeCount(exitTree);
}
