// The account list: append-only records, each account's dirty mark, and the list of accounts
// changed since the last root (each listed once, in first-touch order).
import { reserve } from "../memory/arena";
import { accountPtr, ensureChunk, clearLayout } from "./layout";
import { indexAccount, reserveIndex, clearIndex, sameAddress, insertUnique } from "./address-index";
import { beginTouches, noteTouch } from "./touched";

let count: usize = 0;
/** Current generation: an account whose mark equals it is already in the dirty list. */
let generation: u32 = 1;
let dirty: usize = 0;
let dirtyCount: usize = 0;
let dirtyCap: usize = 0;

export function accountCount(): usize {
  return count;
}

export function dirtyList(): usize {
  return dirty;
}

export function dirtyLength(): usize {
  return dirtyCount;
}

/** Starts a new generation: the dirty list is empty again. */
export function clearDirty(): void {
  dirtyCount = 0;
  generation++;
}

/**
 * Starts a batch's list of touched accounts (touched.ts), right after a commit. Generations only
 * grow during a batch (one per chunk commit, at most 2^11 + 2): near the u32 limit every mark is
 * reset first, so "older than the batch" stays a plain comparison.
 */
export function beginBatch(): void {
  if (generation > GENERATION_RESET) {
    for (let i: usize = 0; i < count; i++) store<u32>(accountPtr(i) + 44, 0);
    generation = 1;
  }
  beginTouches(generation);
}

const GENERATION_RESET: u32 = 0xffff_0000;

/** Lists account `index` as changed (once per generation, and once per batch in touched.ts). */
export function markDirty(index: usize): void {
  const mark = accountPtr(index) + 44;
  const previous = load<u32>(mark);
  if (previous == generation) return;
  store<u32>(mark, generation);
  noteTouch(index, previous);
  if (dirtyCount == dirtyCap) {
    const cap: usize = dirtyCap == 0 ? <usize>(1 << 14) : dirtyCap << 1;
    const next = reserve(cap << 2);
    if (dirtyCount > 0) memory.copy(next, dirty, dirtyCount << 2);
    dirty = next;
    dirtyCap = cap;
  }
  store<u32>(dirty + (dirtyCount << 2), <u32>index);
  dirtyCount++;
}

/** Appends an account with the given address (20 bytes at `address`), zero balance and nonce. Returns its index or -1 when full. */
export function createAccount(address: usize): i32 {
  const index = count;
  if (!ensureChunk(index)) return -1;
  const p = accountPtr(index);
  memory.copy(p, address, 20);
  memory.fill(p + 20, 0, 24);
  count++;
  indexAccount(index, count);
  markDirty(index);
  return <i32>index;
}

/**
 * Appends `n` serialized Accounts (44 bytes each) at `input`, in index order. Returns -1, or the
 * position of the first account whose address is already present (then the state is emptied).
 */
export function loadAccounts(input: usize, n: usize): i32 {
  reserveIndex(count + n, count);
  for (let i: usize = 0; i < n; i++) {
    if (!ensureChunk(count)) {
      clearAccounts();
      return <i32>i;
    }
    const p = accountPtr(count);
    memory.copy(p, input + i * 44, 44);
    if (!insertUnique(count)) {
      clearAccounts();
      return <i32>i;
    }
    count++;
    markDirty(count - 1);
  }
  return -1;
}

/** Overwrites balances and nonces from (u32 index ‖ 44-byte Account) records; see stateWrite. */
export function writeAccounts(records: usize, n: usize): i32 {
  for (let i: usize = 0; i < n; i++) {
    const r = records + i * 48;
    const index = <usize>load<u32>(r);
    if (index >= count || !sameAddress(accountPtr(index), r + 4)) return <i32>i;
  }
  for (let i: usize = 0; i < n; i++) {
    const r = records + i * 48;
    const index = <usize>load<u32>(r);
    memory.copy(accountPtr(index) + 20, r + 24, 24);
    markDirty(index);
  }
  return -1;
}

/** Empties the state. */
export function clearAccounts(): void {
  count = 0;
  clearLayout();
  clearIndex();
  clearDirty();
}

/** Copies account `index` (44 bytes, serialized) to `out`. */
export function readAccount(index: usize, out: usize): void {
  memory.copy(out, accountPtr(index), 44);
}
