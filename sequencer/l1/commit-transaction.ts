/**
 * The `commitBatch(header, data)` call of a stored batch and its gas limit. Several batches are in
 * flight at once, so the limit cannot come from eth_estimateGas (batch n+1 reverts against a chain
 * without batch n): it is computed from the calldata, under both the standard and the EIP-7623
 * floor pricing, plus a fixed allowance for the contract's work (measured in docs/benchmarks.md).
 */
import { getBytes } from "ethers";
import { BatchHeader } from "../protocol/ssz-types.ts";
import { rollupInterface } from "./rollup-abi.ts";

/** commitBatch's own work: SHA-256 header root, keccak of the data, two storage writes; measured < 100k. */
export const COMMIT_EXECUTION_ALLOWANCE = 150_000n;

export function commitCalldata(header: BatchHeader, data: Uint8Array): string {
  return `0x${Buffer.from(commitCalldataBytes(header, data)).toString("hex")}`;
}

/**
 * ABI encoding of commitBatch(header, data) written directly (the header tuple is static, so it is
 * inline: 8 words, then the offset of `data`, its length and its bytes padded to 32), equal to
 * ethers' `encodeFunctionData` (tested) without its per-byte hex handling of ~100 KB.
 */
export function commitCalldataBytes(header: BatchHeader, data: Uint8Array): Uint8Array {
  const selector = getBytes(rollupInterface().getFunction("commitBatch")!.selector);
  const out = new Uint8Array(4 + 32 * 10 + Math.ceil(data.length / 32) * 32);
  const view = new DataView(out.buffer);
  out.set(selector, 0);
  const word = (i: number) => 4 + i * 32;
  view.setBigUint64(word(0) + 24, BigInt(header.number));
  out.set(header.parentRoot, word(1));
  out.set(header.stateRoot, word(2));
  out.set(header.txRoot, word(3));
  out.set(header.exitRoot, word(4));
  view.setBigUint64(word(5) + 24, BigInt(header.queueCount));
  view.setBigUint64(word(6) + 24, BigInt(header.timestamp));
  out.set(header.dataHash, word(7));
  view.setUint32(word(8) + 28, 9 * 32); // offset of `data` from the start of the arguments
  view.setUint32(word(9) + 28, data.length);
  out.set(data, word(10));
  return out;
}

export function commitGasLimit(calldata: string | Uint8Array): bigint {
  const bytes = typeof calldata === "string" ? Buffer.from(calldata.slice(2), "hex") : calldata;
  let zero = 0n;
  for (const byte of bytes) if (byte === 0) zero++;
  const nonZero = BigInt(bytes.length) - zero;
  const standard = 4n * zero + 16n * nonZero + COMMIT_EXECUTION_ALLOWANCE;
  const floor = 10n * (zero + 4n * nonZero);
  return 21_000n + (standard > floor ? standard : floor);
}

export class CommitCalldataError extends Error {
  override name = "CommitCalldataError";
}

/** The header and data of commitBatch calldata (the inverse of commitCalldataBytes), checked strictly. */
export function decodeCommitCalldata(calldata: Uint8Array): { header: BatchHeader; data: Uint8Array } {
  const selector = getBytes(rollupInterface().getFunction("commitBatch")!.selector);
  if (calldata.length < 4 + 32 * 10 || !selector.every((b, i) => calldata[i] === b)) throw new CommitCalldataError("not a commitBatch call");
  const view = new DataView(calldata.buffer, calldata.byteOffset, calldata.byteLength);
  const word = (i: number) => 4 + i * 32;
  const uint64At = (i: number, what: string) => {
    if (view.getBigUint64(word(i)) !== 0n || view.getBigUint64(word(i) + 8) !== 0n || view.getBigUint64(word(i) + 16) !== 0n) throw new CommitCalldataError(`${what} does not fit uint64`);
    const value = view.getBigUint64(word(i) + 24);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new CommitCalldataError(`${what} is above 2^53 - 1`);
    return Number(value);
  };
  const bytes32At = (i: number) => calldata.slice(word(i), word(i) + 32);
  if (uint64At(8, "the data offset") !== 9 * 32) throw new CommitCalldataError("unexpected offset of the data argument");
  const length = uint64At(9, "the data length");
  if (word(10) + length > calldata.length) throw new CommitCalldataError(`data of ${length} bytes runs past the calldata`);
  const header: BatchHeader = {
    number: uint64At(0, "number"), parentRoot: bytes32At(1), stateRoot: bytes32At(2), txRoot: bytes32At(3), exitRoot: bytes32At(4),
    queueCount: uint64At(5, "queueCount"), timestamp: uint64At(6, "timestamp"), dataHash: bytes32At(7),
  };
  return { header, data: calldata.slice(word(10), word(10) + length) };
}
