/**
 * Deterministic keys of the devnet: the 20 standard Hardhat dev accounts (mnemonic
 * "test test … junk", path m/44'/60'/0'/0/i) and any number of extra load-test keys, derived as
 * keccak256("loft dev account" ‖ uint32 i) so that a bench and the node agree without sharing files.
 * Never use any of these keys on a real chain.
 */
import { createRequire } from "node:module";
import { keccak_256 } from "@noble/hashes/sha3";
import { getBytes, HDNodeWallet } from "ethers";

const secp256k1 = createRequire(import.meta.url)("secp256k1/bindings.js") as typeof import("secp256k1");

export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
export const STANDARD_DEV_ACCOUNTS = 20;

export function standardDevKeys(count = STANDARD_DEV_ACCOUNTS): Uint8Array[] {
  const parent = HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, "m/44'/60'/0'/0"); // one PBKDF2 run
  return Array.from({ length: count }, (_, i) => getBytes(parent.deriveChild(i).privateKey));
}

const LOAD_KEY_LABEL = new TextEncoder().encode("loft dev account");

export function loadTestKey(i: number): Uint8Array {
  const input = new Uint8Array(LOAD_KEY_LABEL.length + 4);
  input.set(LOAD_KEY_LABEL);
  new DataView(input.buffer).setUint32(LOAD_KEY_LABEL.length, i);
  return keccak_256(input);
}

export function loadTestKeys(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => loadTestKey(i));
}

/** The Ethereum address of a private key (native libsecp256k1). */
export function addressOfKey(privateKey: Uint8Array): Uint8Array {
  const publicKey = secp256k1.publicKeyCreate(privateKey, false);
  return keccak_256(publicKey.subarray(1)).subarray(12);
}
