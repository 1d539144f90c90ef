/**
 * The `commitBatch(header, data)` call of a stored batch and its gas limit. Several batches are in
 * flight at once, so the limit cannot come from eth_estimateGas (batch n+1 reverts against a chain
 * without batch n): it is computed from the calldata, under both the standard and the EIP-7623
 * floor pricing, plus a fixed allowance for the contract's work (measured in docs/benchmarks.md).
 */
import { hexlify } from "ethers";
import { BatchHeader } from "../protocol/ssz-types.ts";
import { rollupInterface } from "./rollup-abi.ts";

/** commitBatch's own work: SHA-256 header root, keccak of the data, two storage writes; measured < 100k. */
export const COMMIT_EXECUTION_ALLOWANCE = 150_000n;

export function commitCalldata(header: BatchHeader, data: Uint8Array): string {
  const tuple = [header.number, hexlify(header.parentRoot), hexlify(header.stateRoot), hexlify(header.txRoot), hexlify(header.exitRoot), header.queueCount, header.timestamp, hexlify(header.dataHash)];
  return rollupInterface().encodeFunctionData("commitBatch", [tuple, data]);
}

export function commitGasLimit(calldataHex: string): bigint {
  let zero = 0n;
  let nonZero = 0n;
  for (let i = 2; i < calldataHex.length; i += 2) {
    if (calldataHex[i] === "0" && calldataHex[i + 1] === "0") zero++;
    else nonZero++;
  }
  const standard = 4n * zero + 16n * nonZero + COMMIT_EXECUTION_ALLOWANCE;
  const floor = 10n * (zero + 4n * nonZero);
  return 21_000n + (standard > floor ? standard : floor);
}
