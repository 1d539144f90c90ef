// Batch hashing of 64-byte nodes (two 32-byte children → parent), the unit of SSZ merkleization.
import { hash64 } from "./sha256";
import { hash64x4 } from "./sha256-simd";
import { hash64x8 } from "./sha256-simd8";

/** Hashes `count` contiguous 64-byte nodes at `input` into `count` 32-byte digests at `out`, eight then four lanes at a time. */
export function hashNodes(input: usize, count: usize, out: usize): void {
  let i: usize = 0;
  for (; i + 8 <= count; i += 8) {
    const p = input + (i << 6), o = out + (i << 5);
    hash64x8(p, p + 64, p + 128, p + 192, p + 256, p + 320, p + 384, p + 448, o, o + 32, o + 64, o + 96, o + 128, o + 160, o + 192, o + 224);
  }
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
