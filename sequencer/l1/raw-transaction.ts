/**
 * Signed EIP-1559 transactions built directly on bytes: RLP with Buffers, keccak-256 from
 * @noble/hashes unless the caller passes a faster one (the node passes the WASM core's: two
 * hashes of ~100 KB per commit cost ~7 ms in JS), signatures from native libsecp256k1. The poster signs `commitBatch` transactions
 * with ~100 KB of calldata; ethers 6 spends about 300 ms in JavaScript hex and RLP handling on each
 * (measured by the TPS bench's node profile), which capped L1 posting at about one commit per second.
 * The output is byte for byte what ethers' `Wallet.signTransaction` produces (test/l1/raw-transaction.test.ts).
 */
import { createRequire } from "node:module";
import { keccak_256 } from "@noble/hashes/sha3";

const secp256k1 = createRequire(import.meta.url)("secp256k1/bindings.js") as typeof import("secp256k1");

export interface Eip1559Fields {
  chainId: bigint;
  nonce: number;
  maxPriorityFeePerGas: bigint;
  maxFeePerGas: bigint;
  gasLimit: bigint;
  to: Uint8Array;
  value: bigint;
  data: Uint8Array;
}

/** Minimal big-endian bytes of a non-negative integer (zero is empty, as RLP wants). */
function uintBytes(value: bigint | number): Uint8Array {
  let hex = BigInt(value).toString(16);
  if (hex === "0") return new Uint8Array(0);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, "hex");
}

function rlpLength(length: number, offset: number): Buffer {
  if (length < 56) return Buffer.from([offset + length]);
  const bytes = uintBytes(length);
  return Buffer.concat([Buffer.from([offset + 55 + bytes.length]), bytes]);
}

function rlpItem(bytes: Uint8Array): Buffer {
  if (bytes.length === 1 && bytes[0]! < 0x80) return Buffer.from(bytes);
  return Buffer.concat([rlpLength(bytes.length, 0x80), bytes]);
}

function rlpList(items: Uint8Array[]): Buffer {
  const body = Buffer.concat(items);
  return Buffer.concat([rlpLength(body.length, 0xc0), body]);
}

function fieldItems(tx: Eip1559Fields): Buffer[] {
  return [
    rlpItem(uintBytes(tx.chainId)), rlpItem(uintBytes(tx.nonce)), rlpItem(uintBytes(tx.maxPriorityFeePerGas)),
    rlpItem(uintBytes(tx.maxFeePerGas)), rlpItem(uintBytes(tx.gasLimit)), rlpItem(tx.to), rlpItem(uintBytes(tx.value)),
    rlpItem(tx.data), rlpList([]),
  ];
}

/** Keccak-256 of arbitrary bytes. */
export type Keccak256 = (data: Uint8Array) => Uint8Array;

/** The signed transaction (type 2) and its hash. */
export function signEip1559(tx: Eip1559Fields, privateKey: Uint8Array, keccak256: Keccak256 = keccak_256): { raw: Uint8Array; hash: Uint8Array } {
  if (tx.to.length !== 20) throw new Error(`expected a 20-byte to, got ${tx.to.length} bytes`);
  const items = fieldItems(tx);
  const digest = keccak256(Buffer.concat([Buffer.from([2]), rlpList(items)]));
  const { signature, recid } = secp256k1.ecdsaSign(digest, privateKey);
  const r = signature.subarray(0, 32);
  const s = signature.subarray(32, 64);
  const strip = (bytes: Uint8Array) => uintBytes(BigInt(`0x${Buffer.from(bytes).toString("hex")}`));
  const raw = Buffer.concat([Buffer.from([2]), rlpList([...items, rlpItem(uintBytes(recid)), rlpItem(strip(r)), rlpItem(strip(s))])]);
  return { raw, hash: keccak256(raw) };
}
