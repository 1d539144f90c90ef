// Keccak-256 (the original Keccak padding 0x01…0x80 that Ethereum uses, not SHA3-256's 0x06).
import { keccakF } from "./keccak-permutation";

const RATE: usize = 136;
const STATE: usize = memory.data(200, 16);
const TAIL: usize = memory.data(136, 16);

/** XORs one 136-byte block at `block` into the state and permutes. */
// @ts-ignore: decorator
@inline function absorb(block: usize): void {
  for (let i: usize = 0; i < RATE; i += 8) store<u64>(STATE + i, load<u64>(STATE + i) ^ load<u64>(block + i));
  keccakF(STATE);
}

/** Keccak-256 of `len` bytes at `input`, 32 bytes written at `out`. */
export function keccak256(input: usize, len: usize, out: usize): void {
  memory.fill(STATE, 0, 200);
  let done: usize = 0;
  while (len - done >= RATE) {
    absorb(input + done);
    done += RATE;
  }
  const rest = len - done;
  memory.fill(TAIL, 0, RATE);
  memory.copy(TAIL, input + done, rest);
  store<u8>(TAIL + rest, load<u8>(TAIL + rest) | 0x01);
  store<u8>(TAIL + RATE - 1, load<u8>(TAIL + RATE - 1) | 0x80);
  absorb(TAIL);
  memory.copy(out, STATE, 32);
}

/** Keccak-256 of `count` messages of `len` bytes each, contiguous at `input`; digests contiguous at `out`. */
export function keccak256Batch(input: usize, len: usize, count: usize, out: usize): void {
  for (let i: usize = 0; i < count; i++) keccak256(input + i * len, len, out + (i << 5));
}
