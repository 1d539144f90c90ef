// SHA-256 of eight independent 64-byte messages: two four-lane streams (sha256-simd.ts) whose
// rounds are interleaved, so the CPU overlaps two dependency chains (the rounds of one stream are
// strictly serial). Used where a tree level has eight or more nodes to hash.
import { K4, PAD4, bswap4, rotr4, loadWords, storeWords, expandSchedule4 } from "./sha256-simd";

const WA: usize = memory.data(1024, 16);
const WB: usize = memory.data(1024, 16);
/** The two streams' states after the first block (8 v128 each). */
const SA: usize = memory.data(128, 16);
const SB: usize = memory.data(128, 16);

// @ts-ignore: decorator
@inline function sigma1(e: v128): v128 {
  return v128.xor(v128.xor(rotr4(e, 6), rotr4(e, 11)), rotr4(e, 25));
}
// @ts-ignore: decorator
@inline function sigma0(a: v128): v128 {
  return v128.xor(v128.xor(rotr4(a, 2), rotr4(a, 13)), rotr4(a, 22));
}

/**
 * SHA-256 of the 64-byte messages at p0..p7, digests to o0..o7 (32 bytes each). All inputs are
 * read before any output is written, so outputs may alias inputs.
 */
export function hash64x8(
  p0: usize, p1: usize, p2: usize, p3: usize, p4: usize, p5: usize, p6: usize, p7: usize,
  o0: usize, o1: usize, o2: usize, o3: usize, o4: usize, o5: usize, o6: usize, o7: usize,
): void {
  for (let i: usize = 0; i < 4; i++) {
    loadWords(WA, p0, p1, p2, p3, i);
    loadWords(WB, p4, p5, p6, p7, i);
  }
  expandSchedule4(WA);
  expandSchedule4(WB);
  let a = i32x4.splat(0x6a09e667), b = i32x4.splat(0xbb67ae85), c = i32x4.splat(0x3c6ef372), d = i32x4.splat(0xa54ff53a);
  let e = i32x4.splat(0x510e527f), f = i32x4.splat(0x9b05688c), g = i32x4.splat(0x1f83d9ab), h = i32x4.splat(0x5be0cd19);
  let A = a, B = b, C = c, D = d, E = e, F = f, G = g, H = h;
  for (let i: usize = 0; i < 64; i++) {
    const k = v128.load(K4 + (i << 4));
    const t1 = i32x4.add(i32x4.add(h, sigma1(e)), i32x4.add(v128.bitselect(f, g, e), i32x4.add(v128.load(WA + (i << 4)), k)));
    const T1 = i32x4.add(i32x4.add(H, sigma1(E)), i32x4.add(v128.bitselect(F, G, E), i32x4.add(v128.load(WB + (i << 4)), k)));
    const t2 = i32x4.add(sigma0(a), v128.bitselect(c, a, v128.xor(a, b)));
    const T2 = i32x4.add(sigma0(A), v128.bitselect(C, A, v128.xor(A, B)));
    h = g; g = f; f = e; e = i32x4.add(d, t1); d = c; c = b; b = a; a = i32x4.add(t1, t2);
    H = G; G = F; F = E; E = i32x4.add(D, T1); D = C; C = B; B = A; A = i32x4.add(T1, T2);
  }
  a = i32x4.add(a, i32x4.splat(0x6a09e667)); b = i32x4.add(b, i32x4.splat(0xbb67ae85));
  c = i32x4.add(c, i32x4.splat(0x3c6ef372)); d = i32x4.add(d, i32x4.splat(0xa54ff53a));
  e = i32x4.add(e, i32x4.splat(0x510e527f)); f = i32x4.add(f, i32x4.splat(0x9b05688c));
  g = i32x4.add(g, i32x4.splat(0x1f83d9ab)); h = i32x4.add(h, i32x4.splat(0x5be0cd19));
  A = i32x4.add(A, i32x4.splat(0x6a09e667)); B = i32x4.add(B, i32x4.splat(0xbb67ae85));
  C = i32x4.add(C, i32x4.splat(0x3c6ef372)); D = i32x4.add(D, i32x4.splat(0xa54ff53a));
  E = i32x4.add(E, i32x4.splat(0x510e527f)); F = i32x4.add(F, i32x4.splat(0x9b05688c));
  G = i32x4.add(G, i32x4.splat(0x1f83d9ab)); H = i32x4.add(H, i32x4.splat(0x5be0cd19));
  v128.store(SA, a); v128.store(SA, b, 16); v128.store(SA, c, 32); v128.store(SA, d, 48);
  v128.store(SA, e, 64); v128.store(SA, f, 80); v128.store(SA, g, 96); v128.store(SA, h, 112);
  v128.store(SB, A); v128.store(SB, B, 16); v128.store(SB, C, 32); v128.store(SB, D, 48);
  v128.store(SB, E, 64); v128.store(SB, F, 80); v128.store(SB, G, 96); v128.store(SB, H, 112);
  // Second block: the constant padding of a 64-byte message, the same for both streams.
  for (let i: usize = 0; i < 64; i++) {
    const wk = v128.load(PAD4 + (i << 4));
    const t1 = i32x4.add(i32x4.add(h, sigma1(e)), i32x4.add(v128.bitselect(f, g, e), wk));
    const T1 = i32x4.add(i32x4.add(H, sigma1(E)), i32x4.add(v128.bitselect(F, G, E), wk));
    const t2 = i32x4.add(sigma0(a), v128.bitselect(c, a, v128.xor(a, b)));
    const T2 = i32x4.add(sigma0(A), v128.bitselect(C, A, v128.xor(A, B)));
    h = g; g = f; f = e; e = i32x4.add(d, t1); d = c; c = b; b = a; a = i32x4.add(t1, t2);
    H = G; G = F; F = E; E = i32x4.add(D, T1); D = C; C = B; B = A; A = i32x4.add(T1, T2);
  }
  a = i32x4.add(a, v128.load(SA)); b = i32x4.add(b, v128.load(SA, 16)); c = i32x4.add(c, v128.load(SA, 32)); d = i32x4.add(d, v128.load(SA, 48));
  e = i32x4.add(e, v128.load(SA, 64)); f = i32x4.add(f, v128.load(SA, 80)); g = i32x4.add(g, v128.load(SA, 96)); h = i32x4.add(h, v128.load(SA, 112));
  A = i32x4.add(A, v128.load(SB)); B = i32x4.add(B, v128.load(SB, 16)); C = i32x4.add(C, v128.load(SB, 32)); D = i32x4.add(D, v128.load(SB, 48));
  E = i32x4.add(E, v128.load(SB, 64)); F = i32x4.add(F, v128.load(SB, 80)); G = i32x4.add(G, v128.load(SB, 96)); H = i32x4.add(H, v128.load(SB, 112));
  storeWords(a, b, c, d, o0, o1, o2, o3, 0);
  storeWords(e, f, g, h, o0, o1, o2, o3, 16);
  storeWords(A, B, C, D, o4, o5, o6, o7, 0);
  storeWords(E, F, G, H, o4, o5, o6, o7, 16);
}
