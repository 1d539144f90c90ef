/**
 * 65-byte r‖s‖v signatures (spec §2): v ∈ {27, 28}, 0 < r < n, 0 < s ≤ n/2 (high-s rejected,
 * as EIP-2 does for Ethereum transactions), and signer recovery with native libsecp256k1.
 */
import { createRequire } from "node:module";
import { keccak_256 } from "@noble/hashes/sha3";

const require = createRequire(import.meta.url);
/** The native addon itself, never the package entry that may fall back to pure JS. */
const secp256k1 = require("secp256k1/bindings.js") as typeof import("secp256k1");

export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
export const SECP256K1_HALF_N = SECP256K1_N >> 1n;

export type SignatureProblem =
  | "wrong length"
  | "bad v"
  | "r is zero or not below the curve order"
  | "s is zero or not below the curve order"
  | "high s";

function readUint256(bytes: Uint8Array, offset: number): bigint {
  let value = 0n;
  for (let i = offset; i < offset + 32; i++) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

/** Why a signature is not canonical, or undefined when it is. */
export function signatureProblem(signature: Uint8Array): SignatureProblem | undefined {
  if (signature.length !== 65) return "wrong length";
  const v = signature[64]!;
  if (v !== 27 && v !== 28) return "bad v";
  const r = readUint256(signature, 0);
  if (r === 0n || r >= SECP256K1_N) return "r is zero or not below the curve order";
  const s = readUint256(signature, 32);
  if (s === 0n || s >= SECP256K1_N) return "s is zero or not below the curve order";
  if (s > SECP256K1_HALF_N) return "high s";
  return undefined;
}

/**
 * The 20-byte address that signed `digest`, or undefined when the signature recovers no key.
 * The signature must already have passed {@link signatureProblem}.
 */
export function recoverSigner(digest: Uint8Array, signature: Uint8Array): Uint8Array | undefined {
  let publicKey: Uint8Array;
  try {
    publicKey = secp256k1.ecdsaRecover(signature.subarray(0, 64), signature[64]! - 27, digest, false);
  } catch {
    return undefined;
  }
  return keccak_256(publicKey.subarray(1)).subarray(12);
}

/** Signs a 32-byte digest with native libsecp256k1 (RFC 6979 nonces, low-s): r‖s‖v with v ∈ {27, 28}. */
export function signDigest(digest: Uint8Array, privateKey: Uint8Array): Uint8Array {
  const { signature, recid } = secp256k1.ecdsaSign(digest, privateKey);
  const out = new Uint8Array(65);
  out.set(signature, 0);
  out[64] = 27 + recid;
  return out;
}
