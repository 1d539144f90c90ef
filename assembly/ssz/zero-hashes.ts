// zero[0] = 32 zero bytes, zero[i+1] = sha256(zero[i] ‖ zero[i]): the roots of empty subtrees.
import { hash64 } from "../hash/sha256";

export const MAX_DEPTH: usize = 40;
const ZERO: usize = memory.data(<i32>((MAX_DEPTH + 2) * 32), 16);

const PAIR: usize = memory.data(64, 16);

function initZeroHashes(): void {
  for (let i: usize = 0; i < MAX_DEPTH; i++) {
    memory.copy(PAIR, ZERO + (i << 5), 32);
    memory.copy(PAIR + 32, ZERO + (i << 5), 32);
    hash64(PAIR, ZERO + ((i + 1) << 5));
  }
}
initZeroHashes();

/** Pointer to the root of an empty subtree of the given depth. */
// @ts-ignore: decorator
@inline export function zeroHash(depth: usize): usize {
  return ZERO + (depth << 5);
}

