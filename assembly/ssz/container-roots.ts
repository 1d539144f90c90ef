// hash_tree_root of the protocol's containers (spec §1) from their SSZ serialization.
// Each field is one 32-byte chunk (basic values little-endian, zero-padded); Bytes65 is itself
// a 3-chunk vector. The ×4 variants hash four independent containers on the SIMD path.
import { hash64 } from "../hash/sha256";
import { hash64x4 } from "../hash/sha256-simd";

/** Per-lane scratch: 8 chunks of the container plus 4 chunks of a Bytes65 (384 bytes per lane). */
const LANE: usize = 384;
const SCRATCH: usize = memory.data(<i32>(LANE * 4), 16);

// Serialized layouts (byte offsets).
export const ACCOUNT_SIZE: usize = 44;
export const TX_SIZE: usize = 146;
export const WITHDRAWAL_SIZE: usize = 36;
export const HEADER_SIZE: usize = 184;

// Chunk writers with plain loads/stores (bulk-memory calls cost more than the copy at these sizes).
// @ts-ignore: decorator
@inline function chunk8(dst: usize, src: usize): void {
  v128.store(dst, i64x2.replace_lane(i64x2.splat(0), 0, load<u64>(src)));
  v128.store(dst, i64x2.splat(0), 16);
}
// @ts-ignore: decorator
@inline function chunk16(dst: usize, src: usize): void {
  v128.store(dst, v128.load(src));
  v128.store(dst, i64x2.splat(0), 16);
}
// @ts-ignore: decorator
@inline function chunk20(dst: usize, src: usize): void {
  v128.store(dst, v128.load(src));
  v128.store(dst, i32x4.replace_lane(i32x4.splat(0), 0, load<u32>(src, 16)), 16);
}
// @ts-ignore: decorator
@inline function chunk32(dst: usize, src: usize): void {
  v128.store(dst, v128.load(src));
  v128.store(dst, v128.load(src, 16), 16);
}
// @ts-ignore: decorator
@inline function zero32(dst: usize): void {
  v128.store(dst, i64x2.splat(0));
  v128.store(dst, i64x2.splat(0), 16);
}
// @ts-ignore: decorator
@inline function chunk1(dst: usize, src: usize): void {
  zero32(dst);
  store<u8>(dst, load<u8>(src));
}

// Merkleization plans: (from, to) scratch offsets, each step hashing the 64 bytes at `from` into
// the 32 bytes at `to`, in order; the last step hashes scratch[0..64) into the output.
/** Account: 4 chunks → 2 → root. */
const ACCOUNT_PLAN: usize = memory.data<u16>([0, 0, 64, 32]);
/** Transaction: Bytes65 root into chunk 6 first, then 8 chunks → 4 → 2 → root. */
const TRANSACTION_PLAN: usize = memory.data<u16>([256, 256, 320, 288, 256, 192, 0, 0, 64, 32, 128, 64, 192, 96, 0, 0, 64, 32]);
/** BatchHeader: 8 chunks → 4 → 2 → root. */
const HEADER_PLAN: usize = memory.data<u16>([0, 0, 64, 32, 128, 64, 192, 96, 0, 0, 64, 32]);

// @ts-ignore: decorator
@inline function stepFrom(plan: usize, i: usize): usize { return <usize>load<u16>(plan + (i << 2)); }
// @ts-ignore: decorator
@inline function stepTo(plan: usize, i: usize): usize { return <usize>load<u16>(plan + (i << 2) + 2); }

/** Runs `steps` steps of `plan` on lane 0's scratch (scalar path), then the root into `out`. */
function runPlan(plan: usize, steps: usize, out: usize): void {
  for (let i: usize = 0; i < steps; i++) hash64(SCRATCH + stepFrom(plan, i), SCRATCH + stepTo(plan, i));
  hash64(SCRATCH, out);
}

/** Runs `plan` on the four lanes' scratch at once (SIMD path), then the roots into o0..o3. */
function runPlan4(plan: usize, steps: usize, o0: usize, o1: usize, o2: usize, o3: usize): void {
  for (let i: usize = 0; i < steps; i++) {
    const from = SCRATCH + stepFrom(plan, i), to = SCRATCH + stepTo(plan, i);
    hash64x4(from, from + LANE, from + 2 * LANE, from + 3 * LANE, to, to + LANE, to + 2 * LANE, to + 3 * LANE);
  }
  hash64x4(SCRATCH, SCRATCH + LANE, SCRATCH + 2 * LANE, SCRATCH + 3 * LANE, o0, o1, o2, o3);
}

// @ts-ignore: decorator
@inline function accountChunks(s: usize, account: usize): void {
  chunk20(s, account);
  chunk16(s + 32, account + 20);
  chunk8(s + 64, account + 36);
  zero32(s + 96);
}

/** Root of the Account serialized at `account` (44 bytes). */
export function accountRoot(account: usize, out: usize): void {
  accountChunks(SCRATCH, account);
  runPlan(ACCOUNT_PLAN, 2, out);
}

/** Roots of four Accounts at a0..a3, written to o0..o3. */
export function accountRoot4(a0: usize, a1: usize, a2: usize, a3: usize, o0: usize, o1: usize, o2: usize, o3: usize): void {
  accountChunks(SCRATCH, a0);
  accountChunks(SCRATCH + LANE, a1);
  accountChunks(SCRATCH + 2 * LANE, a2);
  accountChunks(SCRATCH + 3 * LANE, a3);
  runPlan4(ACCOUNT_PLAN, 2, o0, o1, o2, o3);
}

/** Root of the Withdrawal serialized at `w` (36 bytes). */
export function withdrawalRoot(w: usize, out: usize): void {
  chunk20(SCRATCH, w);
  chunk16(SCRATCH + 32, w + 20);
  hash64(SCRATCH, out);
}

// @ts-ignore: decorator
@inline function transactionChunks(s: usize, tx: usize): void {
  chunk1(s, tx);
  chunk20(s + 32, tx + 1);
  chunk20(s + 64, tx + 21);
  chunk16(s + 96, tx + 41);
  chunk16(s + 128, tx + 57);
  chunk8(s + 160, tx + 73);
  zero32(s + 224); // padding chunk 7 (chunk 6, the signature root, is computed below)
  chunk32(s + 256, tx + 81); // Bytes65 → 3 chunks + 1 padding chunk
  chunk32(s + 288, tx + 113);
  chunk1(s + 320, tx + 145);
  zero32(s + 352);
}

/** Root of the Transaction serialized at `tx` (146 bytes). */
export function transactionRoot(tx: usize, out: usize): void {
  transactionChunks(SCRATCH, tx);
  runPlan(TRANSACTION_PLAN, 9, out);
}

/** Roots of four Transactions at t0..t3, written to o0..o3. */
export function transactionRoot4(t0: usize, t1: usize, t2: usize, t3: usize, o0: usize, o1: usize, o2: usize, o3: usize): void {
  transactionChunks(SCRATCH, t0);
  transactionChunks(SCRATCH + LANE, t1);
  transactionChunks(SCRATCH + 2 * LANE, t2);
  transactionChunks(SCRATCH + 3 * LANE, t3);
  runPlan4(TRANSACTION_PLAN, 9, o0, o1, o2, o3);
}

/** Root of the BatchHeader serialized at `h` (184 bytes). */
export function batchHeaderRoot(h: usize, out: usize): void {
  const s = SCRATCH;
  chunk8(s, h);
  memory.copy(s + 32, h + 8, 128); // parentRoot, stateRoot, txRoot, exitRoot
  chunk8(s + 160, h + 136);
  chunk8(s + 192, h + 144);
  chunk32(s + 224, h + 152);
  runPlan(HEADER_PLAN, 6, out);
}
