// address → account index: open addressing (linear probing) over u32 slots holding index + 1,
// at most half full. The hash is keyed by a seed chosen by the host, so addresses cannot be
// mined to collide.
import { reserve } from "../memory/arena";
import { accountPtr } from "./layout";

let slots: usize = 0;
let mask: usize = 0;
let seed: u64 = 0x9e3779b97f4a7c15;

export function setIndexSeed(s: u64): void {
  seed = s | 1;
}

// @ts-ignore: decorator
@inline function slotOf(address: usize): usize {
  let h = seed ^ load<u64>(address);
  h = (h ^ (h >> 29)) * 0xbf58476d1ce4e5b9;
  h ^= load<u64>(address, 8);
  h = (h ^ (h >> 31)) * 0x94d049bb133111eb;
  h ^= <u64>load<u32>(address, 16);
  h = (h ^ (h >> 32)) * 0xbf58476d1ce4e5b9;
  return <usize>(h >> 32) & mask;
}

// @ts-ignore: decorator
@inline export function sameAddress(a: usize, b: usize): bool {
  return load<u64>(a) == load<u64>(b) && load<u64>(a, 8) == load<u64>(b, 8) && load<u32>(a, 16) == load<u32>(b, 16);
}

/** Index of the account with the 20-byte address at `address`, or -1. */
export function findAccount(address: usize): i32 {
  if (slots == 0) return -1;
  let s = slotOf(address);
  while (true) {
    const v = load<u32>(slots + (s << 2));
    if (v == 0) return -1;
    if (sameAddress(accountPtr(<usize>v - 1), address)) return <i32>(v - 1);
    s = (s + 1) & mask;
  }
  return -1;
}

function insertSlot(index: usize): void {
  let s = slotOf(accountPtr(index));
  while (load<u32>(slots + (s << 2)) != 0) s = (s + 1) & mask;
  store<u32>(slots + (s << 2), <u32>(index + 1));
}

/**
 * Records account `index` (address already stored) unless its address is present: one probe
 * sequence for both the duplicate check and the insertion. Returns false for a duplicate.
 * The index must have room (reserveIndex) for it.
 */
export function insertUnique(index: usize): bool {
  const address = accountPtr(index);
  let s = slotOf(address);
  while (true) {
    const v = load<u32>(slots + (s << 2));
    if (v == 0) break;
    if (sameAddress(accountPtr(<usize>v - 1), address)) return false;
    s = (s + 1) & mask;
  }
  store<u32>(slots + (s << 2), <u32>(index + 1));
  return true;
}

/** Makes room for `total` accounts (load factor at most 1/2), re-inserting the `count` existing ones. */
export function reserveIndex(total: usize, count: usize): void {
  if (slots != 0 && total * 2 <= mask) return;
  let size: usize = 1 << 16;
  while (size <= total * 2) size <<= 1;
  slots = reserve(size << 2);
  mask = size - 1;
  for (let i: usize = 0; i < count; i++) insertSlot(i);
}

/** Records account `index` (whose address is already stored); `count` accounts exist including it. */
export function indexAccount(index: usize, count: usize): void {
  if (slots == 0 || count * 2 > mask) {
    reserveIndex(count, count);
    return;
  }
  insertSlot(index);
}

/** Empties the index (its table is kept). */
export function clearIndex(): void {
  if (slots != 0) memory.fill(slots, 0, (mask + 1) << 2);
}
