// zero[0] = 32 zero bytes, zero[i+1] = sha256(zero[i] ‖ zero[i]): the roots of empty subtrees.
import { hash64 } from "../hash/sha256";

export const MAX_DEPTH: usize = 40;
const ZERO: usize = memory.data(<i32>((MAX_DEPTH + 2) * 32), 16);

function initZeroHashes(): void {
  for (let i: usize = 0; i < MAX_DEPTH; i++) hash64(ZERO + (i << 5), ZERO + ((i + 1) << 5));
}
initZeroHashes();

/** Pointer to the root of an empty subtree of the given depth. */
// @ts-ignore: decorator
@inline export function zeroHash(depth: usize): usize {
  return ZERO + (depth << 5);
}

/** Pointer to a 64-byte zero buffer (zero[0] ‖ zero[0]). */
export const ZERO_CHUNKS: usize = ZERO;
