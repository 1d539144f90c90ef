// SHA-256 (FIPS 180-4), scalar path: arbitrary messages and the 64-byte node hash of SSZ
// merkleization. The second block of a 64-byte message is constant padding, so its message
// schedule (plus round constants) is computed once at start-up.

export const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const IV: usize = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** Message schedule of the current block (64 words). */
const W: usize = memory.data(256, 16);
/** W[i] + K[i] of the padding block that follows a 64-byte message. */
export const PAD64_WK: usize = memory.data(256, 16);
/** Running hash state H0..H7. */
const H: usize = memory.data(32, 16);
/** Tail buffer for the final one or two padded blocks of an arbitrary message. */
const TAIL: usize = memory.data(128, 16);

@inline function s0(x: u32): u32 { return rotr<u32>(x, 7) ^ rotr<u32>(x, 18) ^ (x >>> 3); }
@inline function s1(x: u32): u32 { return rotr<u32>(x, 17) ^ rotr<u32>(x, 19) ^ (x >>> 10); }

/** Expands W[0..16) to the full 64-word schedule. */
@inline function expandSchedule(): void {
  for (let i: usize = 16; i < 64; i++) {
    const w = s1(load<u32>(W + ((i - 2) << 2))) + load<u32>(W + ((i - 7) << 2)) +
      s0(load<u32>(W + ((i - 15) << 2))) + load<u32>(W + ((i - 16) << 2));
    store<u32>(W + (i << 2), w);
  }
}

/** 64 rounds over H with the schedule `w` (and K added unless `wk` already holds W+K). */
@inline function rounds(w: usize, addK: bool): void {
  let a = load<u32>(H), b = load<u32>(H, 4), c = load<u32>(H, 8), d = load<u32>(H, 12);
  let e = load<u32>(H, 16), f = load<u32>(H, 20), g = load<u32>(H, 24), h = load<u32>(H, 28);
  for (let i: usize = 0; i < 64; i++) {
    let wk = load<u32>(w + (i << 2));
    if (addK) wk += load<u32>(K + (i << 2));
    const t1 = h + (rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25)) + ((e & f) ^ (~e & g)) + wk;
    const t2 = (rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  store<u32>(H, load<u32>(H) + a); store<u32>(H, load<u32>(H, 4) + b, 4);
  store<u32>(H, load<u32>(H, 8) + c, 8); store<u32>(H, load<u32>(H, 12) + d, 12);
  store<u32>(H, load<u32>(H, 16) + e, 16); store<u32>(H, load<u32>(H, 20) + f, 20);
  store<u32>(H, load<u32>(H, 24) + g, 24); store<u32>(H, load<u32>(H, 28) + h, 28);
}

/** Compresses one 64-byte block read (big-endian words) from `block`. */
function compress(block: usize): void {
  for (let i: usize = 0; i < 16; i++) store<u32>(W + (i << 2), bswap<u32>(load<u32>(block + (i << 2))));
  expandSchedule();
  rounds(W, true);
}

@inline function resetState(): void {
  memory.copy(H, IV, 32);
}

@inline function writeDigest(out: usize): void {
  for (let i: usize = 0; i < 8; i++) store<u32>(out + (i << 2), bswap<u32>(load<u32>(H + (i << 2))));
}

function initPadding(): void {
  memory.fill(W, 0, 64);
  store<u32>(W, 0x80000000);
  store<u32>(W + 60, 512);
  expandSchedule();
  for (let i: usize = 0; i < 64; i++) {
    store<u32>(PAD64_WK + (i << 2), load<u32>(W + (i << 2)) + load<u32>(K + (i << 2)));
  }
}
initPadding();

/** SHA-256 of the 64 bytes at `input`, written as 32 bytes at `out` (may alias `input`). */
export function hash64(input: usize, out: usize): void {
  resetState();
  compress(input);
  rounds(PAD64_WK, false);
  writeDigest(out);
}

/** SHA-256 of `len` bytes at `input`, written as 32 bytes at `out`. */
export function sha256(input: usize, len: usize, out: usize): void {
  resetState();
  let done: usize = 0;
  while (len - done >= 64) {
    compress(input + done);
    done += 64;
  }
  const rest = len - done;
  memory.fill(TAIL, 0, 128);
  memory.copy(TAIL, input + done, rest);
  store<u8>(TAIL + rest, 0x80);
  const blocks: usize = rest < 56 ? 1 : 2;
  const bits: u64 = <u64>len << 3;
  store<u64>(TAIL + (blocks << 6) - 8, bswap<u64>(bits));
  compress(TAIL);
  if (blocks == 2) compress(TAIL + 64);
  writeDigest(out);
}
