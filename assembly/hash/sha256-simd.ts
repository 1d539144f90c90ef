// SHA-256 of four independent 64-byte messages at once: lane j of every v128 holds message j's
// word. This is the path the SSZ trees use; hash64 in sha256.ts is the scalar reference.
import { K, PAD64_WK } from "./sha256";

/** K[i] and the padding block's W[i]+K[i], each splatted to four lanes (64 v128 each). */
export const K4: usize = memory.data(1024, 16);
export const PAD4: usize = memory.data(1024, 16);
/** The four-lane message schedule (64 v128). */
const W4: usize = memory.data(1024, 16);
/** The four-lane state after the first block (8 v128). */
const S4: usize = memory.data(128, 16);

function initTables(): void {
  for (let i: usize = 0; i < 64; i++) {
    v128.store(K4 + (i << 4), i32x4.splat(load<u32>(K + (i << 2))));
    v128.store(PAD4 + (i << 4), i32x4.splat(load<u32>(PAD64_WK + (i << 2))));
  }
}
initTables();

// @ts-ignore: decorator
@inline export function bswap4(v: v128): v128 {
  return i8x16.swizzle(v, i8x16(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12));
}

// @ts-ignore: decorator
@inline export function rotr4(x: v128, n: i32): v128 {
  return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n));
}

/** Loads words 4i..4i+3 of the four messages and stores them lane-wise into w4[4i..4i+3]. */
// @ts-ignore: decorator
@inline export function loadWords(W4: usize, p0: usize, p1: usize, p2: usize, p3: usize, i: usize): void {
  const v0 = v128.load(p0 + (i << 4)), v1 = v128.load(p1 + (i << 4));
  const v2 = v128.load(p2 + (i << 4)), v3 = v128.load(p3 + (i << 4));
  const t0 = v128.shuffle<i32>(v0, v1, 0, 4, 1, 5), t1 = v128.shuffle<i32>(v2, v3, 0, 4, 1, 5);
  const t2 = v128.shuffle<i32>(v0, v1, 2, 6, 3, 7), t3 = v128.shuffle<i32>(v2, v3, 2, 6, 3, 7);
  const w = W4 + (i << 6);
  v128.store(w, bswap4(v128.shuffle<i64>(t0, t1, 0, 2)));
  v128.store(w, bswap4(v128.shuffle<i64>(t0, t1, 1, 3)), 16);
  v128.store(w, bswap4(v128.shuffle<i64>(t2, t3, 0, 2)), 32);
  v128.store(w, bswap4(v128.shuffle<i64>(t2, t3, 1, 3)), 48);
}

/** Writes state words a,b,c,d (one v128 each) of lane j to out_j + offset, big-endian. */
// @ts-ignore: decorator
@inline export function storeWords(a: v128, b: v128, c: v128, d: v128, o0: usize, o1: usize, o2: usize, o3: usize, offset: usize): void {
  const t0 = v128.shuffle<i32>(a, b, 0, 4, 1, 5), t1 = v128.shuffle<i32>(c, d, 0, 4, 1, 5);
  const t2 = v128.shuffle<i32>(a, b, 2, 6, 3, 7), t3 = v128.shuffle<i32>(c, d, 2, 6, 3, 7);
  v128.store(o0 + offset, bswap4(v128.shuffle<i64>(t0, t1, 0, 2)));
  v128.store(o1 + offset, bswap4(v128.shuffle<i64>(t0, t1, 1, 3)));
  v128.store(o2 + offset, bswap4(v128.shuffle<i64>(t2, t3, 0, 2)));
  v128.store(o3 + offset, bswap4(v128.shuffle<i64>(t2, t3, 1, 3)));
}

/** Expands the four-lane schedule w4[0..16) to w4[0..64). */
// @ts-ignore: decorator
@inline export function expandSchedule4(W4: usize): void {
  for (let i: usize = 16; i < 64; i++) {
    const w15 = v128.load(W4 + ((i - 15) << 4)), w2 = v128.load(W4 + ((i - 2) << 4));
    const s0 = v128.xor(v128.xor(rotr4(w15, 7), rotr4(w15, 18)), i32x4.shr_u(w15, 3));
    const s1 = v128.xor(v128.xor(rotr4(w2, 17), rotr4(w2, 19)), i32x4.shr_u(w2, 10));
    const w = i32x4.add(i32x4.add(s1, v128.load(W4 + ((i - 7) << 4))), i32x4.add(s0, v128.load(W4 + ((i - 16) << 4))));
    v128.store(W4 + (i << 4), w);
  }
}

/**
 * SHA-256 of four 64-byte messages at p0..p3, digests written to o0..o3 (32 bytes each).
 * All inputs are read before any output is written, so outputs may alias inputs.
 */
export function hash64x4(p0: usize, p1: usize, p2: usize, p3: usize, o0: usize, o1: usize, o2: usize, o3: usize): void {
  for (let i: usize = 0; i < 4; i++) loadWords(W4, p0, p1, p2, p3, i);
  expandSchedule4(W4);
  // First block: the message.
  let a = i32x4.splat(0x6a09e667), b = i32x4.splat(0xbb67ae85), c = i32x4.splat(0x3c6ef372), d = i32x4.splat(0xa54ff53a);
  let e = i32x4.splat(0x510e527f), f = i32x4.splat(0x9b05688c), g = i32x4.splat(0x1f83d9ab), h = i32x4.splat(0x5be0cd19);
  for (let i: usize = 0; i < 64; i++) {
    const wk = i32x4.add(v128.load(W4 + (i << 4)), v128.load(K4 + (i << 4)));
    const t1 = i32x4.add(i32x4.add(h, v128.xor(v128.xor(rotr4(e, 6), rotr4(e, 11)), rotr4(e, 25))), i32x4.add(v128.bitselect(f, g, e), wk));
    const t2 = i32x4.add(v128.xor(v128.xor(rotr4(a, 2), rotr4(a, 13)), rotr4(a, 22)), v128.bitselect(c, a, v128.xor(a, b)));
    h = g; g = f; f = e; e = i32x4.add(d, t1); d = c; c = b; b = a; a = i32x4.add(t1, t2);
  }
  a = i32x4.add(a, i32x4.splat(0x6a09e667)); b = i32x4.add(b, i32x4.splat(0xbb67ae85));
  c = i32x4.add(c, i32x4.splat(0x3c6ef372)); d = i32x4.add(d, i32x4.splat(0xa54ff53a));
  e = i32x4.add(e, i32x4.splat(0x510e527f)); f = i32x4.add(f, i32x4.splat(0x9b05688c));
  g = i32x4.add(g, i32x4.splat(0x1f83d9ab)); h = i32x4.add(h, i32x4.splat(0x5be0cd19));
  v128.store(S4, a); v128.store(S4, b, 16); v128.store(S4, c, 32); v128.store(S4, d, 48);
  v128.store(S4, e, 64); v128.store(S4, f, 80); v128.store(S4, g, 96); v128.store(S4, h, 112);
  // Second block: the constant padding of a 64-byte message.
  for (let i: usize = 0; i < 64; i++) {
    const wk = v128.load(PAD4 + (i << 4));
    const t1 = i32x4.add(i32x4.add(h, v128.xor(v128.xor(rotr4(e, 6), rotr4(e, 11)), rotr4(e, 25))), i32x4.add(v128.bitselect(f, g, e), wk));
    const t2 = i32x4.add(v128.xor(v128.xor(rotr4(a, 2), rotr4(a, 13)), rotr4(a, 22)), v128.bitselect(c, a, v128.xor(a, b)));
    h = g; g = f; f = e; e = i32x4.add(d, t1); d = c; c = b; b = a; a = i32x4.add(t1, t2);
  }
  a = i32x4.add(a, v128.load(S4)); b = i32x4.add(b, v128.load(S4, 16));
  c = i32x4.add(c, v128.load(S4, 32)); d = i32x4.add(d, v128.load(S4, 48));
  e = i32x4.add(e, v128.load(S4, 64)); f = i32x4.add(f, v128.load(S4, 80));
  g = i32x4.add(g, v128.load(S4, 96)); h = i32x4.add(h, v128.load(S4, 112));
  storeWords(a, b, c, d, o0, o1, o2, o3, 0);
  storeWords(e, f, g, h, o0, o1, o2, o3, 16);
}
