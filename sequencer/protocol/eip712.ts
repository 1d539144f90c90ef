/**
 * EIP-712 signing domain and types of Loft transactions (spec §2), with a fast digest path:
 * the domain separator and type hashes are computed once, and a digest is two keccak-256 calls
 * over fixed-size buffers, never ethers' TypedDataEncoder (about 4,300 digests/s here).
 *
 * @example
 *   const domain = loftDomain(31337n, rollupAddress);
 *   const separator = domainSeparator(domain);
 *   const hash = transactionDigest(separator, { kind: TxKind.transfer, to, amount, fee, nonce });
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { TxKind } from "./ssz-types.ts";
import { getAddress } from "ethers";

export interface LoftDomain {
  name: "Loft";
  version: "1";
  chainId: bigint;
  verifyingContract: string;
}

/** The types as wallets receive them (ethers `signTypedData`, MetaMask `eth_signTypedData_v4`). */
export const LOFT_EIP712_TYPES = {
  Transfer: [
    { name: "to", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "fee", type: "uint256" },
    { name: "nonce", type: "uint64" },
  ],
  Withdraw: [
    { name: "recipient", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "fee", type: "uint256" },
    { name: "nonce", type: "uint64" },
  ],
} as const;

export const EIP712_DOMAIN_TYPE = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
] as const;

const utf8 = (text: string) => new TextEncoder().encode(text);

export const DOMAIN_TYPE_HASH = keccak_256(
  utf8("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
);
export const TRANSFER_TYPE_HASH = keccak_256(utf8("Transfer(address to,uint256 amount,uint256 fee,uint64 nonce)"));
export const WITHDRAW_TYPE_HASH = keccak_256(utf8("Withdraw(address recipient,uint256 amount,uint256 fee,uint64 nonce)"));

export function loftDomain(chainId: bigint, verifyingContract: string): LoftDomain {
  return { name: "Loft", version: "1", chainId, verifyingContract: getAddress(verifyingContract) };
}

/** Writes `value` as a big-endian uint256 into `out` at `offset` (value must be < 2^256). */
export function writeUint256(out: Uint8Array, offset: number, value: bigint): void {
  let v = value;
  for (let i = offset + 31; i >= offset; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

function addressBytes(address: string): Uint8Array {
  const hex = address.slice(2);
  const bytes = new Uint8Array(20);
  for (let i = 0; i < 20; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function domainSeparator(domain: LoftDomain): Uint8Array {
  const buf = new Uint8Array(5 * 32);
  buf.set(DOMAIN_TYPE_HASH, 0);
  buf.set(keccak_256(utf8(domain.name)), 32);
  buf.set(keccak_256(utf8(domain.version)), 64);
  writeUint256(buf, 96, domain.chainId);
  buf.set(addressBytes(domain.verifyingContract), 128 + 12);
  return keccak_256(buf);
}

/** The signed fields of a user transaction (kind 0 transfer or 1 withdraw; `to` = recipient for withdraw). */
export interface SignedFields {
  kind: typeof TxKind.transfer | typeof TxKind.withdraw;
  to: Uint8Array;
  amount: bigint;
  fee: bigint;
  nonce: number;
}

/**
 * The EIP-712 digest of a transfer or withdraw, which is also its transaction hash.
 * `scratch` (at least 160 bytes) may be passed to avoid allocating on hot paths.
 */
export function transactionDigest(separator: Uint8Array, tx: SignedFields, scratch = new Uint8Array(160)): Uint8Array {
  const struct = scratch.subarray(0, 160);
  struct.fill(0);
  struct.set(tx.kind === TxKind.transfer ? TRANSFER_TYPE_HASH : WITHDRAW_TYPE_HASH, 0);
  struct.set(tx.to, 32 + 12);
  writeUint256(struct, 64, tx.amount);
  writeUint256(struct, 96, tx.fee);
  writeUint256(struct, 128, BigInt(tx.nonce));
  const structHash = keccak_256(struct);
  const message = scratch.subarray(0, 66); // the struct is hashed: its bytes can be reused
  message[0] = 0x19;
  message[1] = 0x01;
  message.set(separator, 2);
  message.set(structHash, 34);
  return keccak_256(message);
}
