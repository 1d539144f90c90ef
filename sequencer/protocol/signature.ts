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

const N_BYTES = bigEndian32(SECP256K1_N);
const HALF_N_BYTES = bigEndian32(SECP256K1_HALF_N);

function bigEndian32(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, value >>= 8n) out[i] = Number(value & 0xffn);
  return out;
}

/** Sign of (the 32-byte big-endian number at bytes[offset]) − limit, without allocating. */
function compare32(bytes: Uint8Array, offset: number, limit: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const difference = bytes[offset + i]! - limit[i]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

function isZero32(bytes: Uint8Array, offset: number): boolean {
  for (let i = offset; i < offset + 32; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Why a signature is not canonical, or undefined when it is. */
export function signatureProblem(signature: Uint8Array): SignatureProblem | undefined {
  if (signature.length !== 65) return "wrong length";
  const v = signature[64]!;
  if (v !== 27 && v !== 28) return "bad v";
  if (isZero32(signature, 0) || compare32(signature, 0, N_BYTES) >= 0) return "r is zero or not below the curve order";
  if (isZero32(signature, 32) || compare32(signature, 32, N_BYTES) >= 0) return "s is zero or not below the curve order";
  if (compare32(signature, 32, HALF_N_BYTES) > 0) return "high s";
  return undefined;
}

/**
 * Writes the 65-byte uncompressed public key (0x04 ‖ x ‖ y) that signed `digest` into `out`;
 * false when the signature recovers no key. The signature must already have passed
 * {@link signatureProblem}. Hashing the key into an address is left to the caller, so a chunk's
 * keys can go through the WASM core's batch keccak in one call.
 */
export function recoverPublicKeyInto(digest: Uint8Array, signature: Uint8Array, out: Uint8Array): boolean {
  try {
    secp256k1.ecdsaRecover(signature.subarray(0, 64), signature[64]! - 27, digest, false, out);
    return true;
  } catch {
    return false;
  }
}

/**
 * The 20-byte address that signed `digest`, or undefined when the signature recovers no key.
 * The signature must already have passed {@link signatureProblem}.
 */
export function recoverSigner(digest: Uint8Array, signature: Uint8Array): Uint8Array | undefined {
  const publicKey = new Uint8Array(65);
  if (!recoverPublicKeyInto(digest, signature, publicKey)) return undefined;
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
