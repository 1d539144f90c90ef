// Keccak-256 (the original Keccak padding 0x01…0x80 that Ethereum uses, not SHA3-256's 0x06).
// keccak256x2 hashes two messages of the same length at once on the two-lane SIMD permutation.
import { keccakF, keccakF2 } from "./keccak-permutation";

const RATE: usize = 136;
const STATE: usize = memory.data(200, 16);
const STATE2: usize = memory.data(400, 16);
const TAIL: usize = memory.data(136, 16);
const TAIL_B: usize = memory.data(136, 16);

/**
 * Copies the last partial block of a `len`-byte message at `input` into `tail`, with Keccak
 * padding (plain loads and stores: bulk-memory calls cost more than the copy at this size).
 */
// @ts-ignore: decorator
@inline function padTail(input: usize, len: usize, tail: usize): void {
  const rest = len % RATE;
  const src = input + len - rest;
  const words = rest >> 3;
  for (let i: usize = 0; i < words; i++) store<u64>(tail + (i << 3), load<u64>(src + (i << 3)));
  for (let i: usize = words; i < 17; i++) store<u64>(tail + (i << 3), 0);
  for (let i: usize = words << 3; i < rest; i++) store<u8>(tail + i, load<u8>(src + i));
  store<u8>(tail + rest, load<u8>(tail + rest) | 0x01);
  store<u8>(tail + RATE - 1, load<u8>(tail + RATE - 1) | 0x80);
}

// @ts-ignore: decorator
@inline function zero(p: usize, words: usize): void {
  for (let i: usize = 0; i < words; i++) store<u64>(p + (i << 3), 0);
}

// @ts-ignore: decorator
@inline function absorb(block: usize): void {
  for (let i: usize = 0; i < RATE; i += 8) store<u64>(STATE + i, load<u64>(STATE + i) ^ load<u64>(block + i));
  keccakF(STATE);
}

// @ts-ignore: decorator
@inline function absorb2(a: usize, b: usize): void {
  for (let i: usize = 0; i < RATE; i += 8) {
    const lanes = i64x2.replace_lane(i64x2.splat(load<u64>(a + i)), 1, load<u64>(b + i));
    v128.store(STATE2 + (i << 1), v128.xor(v128.load(STATE2 + (i << 1)), lanes));
  }
  keccakF2(STATE2);
}

/** Keccak-256 of `len` bytes at `input`, 32 bytes written at `out`. */
export function keccak256(input: usize, len: usize, out: usize): void {
  zero(STATE, 25);
  const full = len - len % RATE;
  for (let done: usize = 0; done < full; done += RATE) absorb(input + done);
  padTail(input, len, TAIL);
  absorb(TAIL);
  for (let i: usize = 0; i < 4; i++) store<u64>(out + (i << 3), load<u64>(STATE + (i << 3)));
}

/** Keccak-256 of two `len`-byte messages at `a` and `b`, digests at `outA` and `outB`. */
export function keccak256x2(a: usize, b: usize, len: usize, outA: usize, outB: usize): void {
  zero(STATE2, 50);
  const full = len - len % RATE;
  for (let done: usize = 0; done < full; done += RATE) absorb2(a + done, b + done);
  padTail(a, len, TAIL);
  padTail(b, len, TAIL_B);
  absorb2(TAIL, TAIL_B);
  for (let i: usize = 0; i < 4; i++) {
    const lanes = v128.load(STATE2 + (i << 4));
    store<u64>(outA + (i << 3), i64x2.extract_lane(lanes, 0));
    store<u64>(outB + (i << 3), i64x2.extract_lane(lanes, 1));
  }
}

/** Keccak-256 of `count` messages of `len` bytes each, contiguous at `input`; digests contiguous at `out`. */
export function keccak256Batch(input: usize, len: usize, count: usize, out: usize): void {
  let i: usize = 0;
  for (; i + 2 <= count; i += 2) keccak256x2(input + i * len, input + (i + 1) * len, len, out + (i << 5), out + ((i + 1) << 5));
  if (i < count) keccak256(input + i * len, len, out + (i << 5));
}
