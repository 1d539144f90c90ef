// EIP-712 digests of Loft transfers and withdrawals (spec §2), many per call, for the
// signature-checking pool. Transactions are read in their 146-byte SSZ layout.
import { keccak256, keccak256x2 } from "./keccak";

/** keccak256("Transfer(address to,uint256 amount,uint256 fee,uint64 nonce)") */
const TRANSFER_TYPEHASH: usize = memory.data<u8>([
  248, 63, 32, 189, 212, 82, 30, 5, 17, 173, 69, 208, 149, 253, 54, 249,
  160, 89, 57, 206, 158, 87, 13, 37, 236, 107, 166, 137, 137, 205, 11, 216,
]);
/** keccak256("Withdraw(address recipient,uint256 amount,uint256 fee,uint64 nonce)") */
const WITHDRAW_TYPEHASH: usize = memory.data<u8>([
  203, 196, 230, 167, 88, 57, 204, 245, 128, 100, 7, 241, 167, 152, 121, 90,
  34, 30, 235, 48, 24, 195, 125, 157, 167, 66, 7, 91, 238, 122, 140, 5,
]);

/** typeHash ‖ pad32(to) ‖ uint256(amount) ‖ uint256(fee) ‖ uint256(nonce), for two transactions. */
const STRUCT: usize = memory.data(320, 16);
/** 0x19 0x01 ‖ domainSeparator ‖ structHash, for two transactions. */
const ENVELOPE: usize = memory.data(132, 16);

const TX_SIZE: usize = 146;

/** Writes the `len`-byte little-endian integer at `src` as a big-endian uint256 at `dst`. */
// @ts-ignore: decorator
@inline function uint256FromLE(src: usize, len: usize, dst: usize): void {
  memory.fill(dst, 0, 32);
  for (let i: usize = 0; i < len; i++) store<u8>(dst + 31 - i, load<u8>(src + i));
}

/** Encodes the struct of the transaction at `tx` into `dst` (160 bytes). */
// @ts-ignore: decorator
@inline function encodeStruct(tx: usize, dst: usize): void {
  memory.copy(dst, load<u8>(tx) == 0 ? TRANSFER_TYPEHASH : WITHDRAW_TYPEHASH, 32);
  memory.fill(dst + 32, 0, 12);
  memory.copy(dst + 44, tx + 21, 20);
  uint256FromLE(tx + 41, 16, dst + 64);
  uint256FromLE(tx + 57, 16, dst + 96);
  uint256FromLE(tx + 73, 8, dst + 128);
}

/**
 * Writes the EIP-712 digest of each of `count` transactions at `txs` (146 bytes each) to `out`
 * (32 bytes each), under the 32-byte domain separator at `domain`; two at a time on SIMD.
 * Returns -1, or the index of the first transaction whose kind is not 0 (transfer) or 1 (withdraw).
 */
export function eip712Digests(domain: usize, txs: usize, count: usize, out: usize): i32 {
  for (let i: usize = 0; i < count; i++) if (load<u8>(txs + i * TX_SIZE) > 1) return <i32>i;
  for (let e: usize = 0; e < 2; e++) {
    store<u8>(ENVELOPE + e * 66, 0x19);
    store<u8>(ENVELOPE + e * 66 + 1, 0x01);
    memory.copy(ENVELOPE + e * 66 + 2, domain, 32);
  }
  let i: usize = 0;
  for (; i + 2 <= count; i += 2) {
    encodeStruct(txs + i * TX_SIZE, STRUCT);
    encodeStruct(txs + (i + 1) * TX_SIZE, STRUCT + 160);
    keccak256x2(STRUCT, STRUCT + 160, 160, ENVELOPE + 34, ENVELOPE + 100);
    keccak256x2(ENVELOPE, ENVELOPE + 66, 66, out + (i << 5), out + ((i + 1) << 5));
  }
  if (i < count) {
    encodeStruct(txs + i * TX_SIZE, STRUCT);
    keccak256(STRUCT, 160, ENVELOPE + 34);
    keccak256(ENVELOPE, 66, out + (i << 5));
  }
  return -1;
}
