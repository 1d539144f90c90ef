// Batch hashing of 64-byte nodes (two 32-byte children → parent), the unit of SSZ merkleization.
import { hash64 } from "./sha256";
import { hash64x4 } from "./sha256-simd";

/** Hashes `count` contiguous 64-byte nodes at `input` into `count` 32-byte digests at `out`, four lanes at a time. */
export function hashNodes(input: usize, count: usize, out: usize): void {
  let i: usize = 0;
  for (; i + 4 <= count; i += 4) {
    const p = input + (i << 6), o = out + (i << 5);
    hash64x4(p, p + 64, p + 128, p + 192, o, o + 32, o + 64, o + 96);
  }
  for (; i < count; i++) hash64(input + (i << 6), out + (i << 5));
}

/** The same as hashNodes on the scalar path only (parity reference). */
export function hashNodesScalar(input: usize, count: usize, out: usize): void {
  for (let i: usize = 0; i < count; i++) hash64(input + (i << 6), out + (i << 5));
}
