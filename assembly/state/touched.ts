// The accounts one batch changed, each listed once, in first-touch order. The batch commits the
// state tree after every chunk (docs/fraud-proofs.md §1) and each commit empties the dirty list,
// so the batch's own list is kept here: an account is added when its dirty mark (the generation
// of its last change) is older than the generation the batch started in.
import { reserve } from "../memory/arena";

/** Generation at the start of the current batch; 0 outside a batch (nothing is listed then). */
let since: u32 = 0;
let list: usize = 0;
let length: usize = 0;
let cap: usize = 0;

export function beginTouches(generation: u32): void {
  since = generation;
  length = 0;
}

export function endTouches(): void {
  since = 0;
}

/** Called when account `index` is marked dirty; `previousMark` is the generation of its last change. */
// @ts-ignore: decorator
@inline export function noteTouch(index: usize, previousMark: u32): void {
  if (previousMark >= since) return;
  if (length == cap) grow();
  store<u32>(list + (length << 2), <u32>index);
  length++;
}

function grow(): void {
  const next: usize = cap == 0 ? <usize>(1 << 14) : cap << 1;
  const bigger = reserve(next << 2);
  if (length > 0) memory.copy(bigger, list, length << 2);
  list = bigger;
  cap = next;
}

export function touchedList(): usize {
  return list;
}

export function touchedLength(): usize {
  return length;
}
