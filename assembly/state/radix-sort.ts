// LSD radix sort of u32 keys (8-bit digits), used to order the dirty leaves of a batch.
import { reserve } from "../memory/arena";

const COUNTS: usize = memory.data(256 * 4, 16);
let temp: usize = 0;
let tempCap: usize = 0;

/** Sorts the `n` u32 values at `keys` ascending, in place. */
export function sortU32(keys: usize, n: usize): void {
  if (n < 2) return;
  if (n > tempCap) {
    tempCap = n * 2;
    temp = reserve(tempCap << 2);
  }
  let max: u32 = 0;
  for (let i: usize = 0; i < n; i++) max |= load<u32>(keys + (i << 2));
  let src = keys, dst = temp;
  for (let shift: u32 = 0; shift < 32; shift += 8) {
    if ((max >>> shift) == 0) break;
    memory.fill(COUNTS, 0, 1024);
    for (let i: usize = 0; i < n; i++) {
      const d = ((load<u32>(src + (i << 2)) >>> shift) & 0xff) << 2;
      store<u32>(COUNTS + d, load<u32>(COUNTS + d) + 1);
    }
    let sum: u32 = 0;
    for (let d: usize = 0; d < 256; d++) {
      const c = load<u32>(COUNTS + (d << 2));
      store<u32>(COUNTS + (d << 2), sum);
      sum += c;
    }
    for (let i: usize = 0; i < n; i++) {
      const v = load<u32>(src + (i << 2));
      const d = ((v >>> shift) & 0xff) << 2;
      const at = load<u32>(COUNTS + d);
      store<u32>(dst + (<usize>at << 2), v);
      store<u32>(COUNTS + d, at + 1);
    }
    const t = src; src = dst; dst = t;
  }
  if (src != keys) memory.copy(keys, src, n << 2);
}
