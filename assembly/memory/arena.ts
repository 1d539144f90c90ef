// Linear-memory arena of the core. The module runs with the stub runtime and never creates
// managed objects: every buffer is a raw region reserved here, 64-byte aligned, and the memory
// grows on demand. Regions are never returned (the state only grows; scratch buffers are kept
// and re-used while large enough).

let top: usize = 0;

/** Reserves `bytes` zeroed bytes, 64-byte aligned, growing the memory when needed. */
export function reserve(bytes: usize): usize {
  if (top == 0) top = (__heap_base + 63) & ~<usize>63;
  const start = top;
  const end = start + ((bytes + 63) & ~<usize>63);
  if (end < start || bytes > end) unreachable(); // past 4 GiB: a trap, reported as CoreTrapError
  const have = <usize>memory.size() << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) unreachable(); // memory exhausted: a trap, reported as CoreTrapError
  }
  top = end;
  return start;
}

/** Bytes of linear memory in use by the arena (for the per-account memory figure). */
export function arenaUsed(): usize {
  return top == 0 ? 0 : top;
}
