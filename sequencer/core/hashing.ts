import type { WasmExports } from "./wasm-exports.ts";
import type { WasmMemory } from "./wasm-memory.ts";
import { expectBytes, expectItems, CoreInputError } from "./input-checks.ts";

const TX_SIZE = 146;

/**
 * SHA-256 and keccak-256 of the WASM core. Every method has an `…Into` twin that writes into a
 * caller-owned buffer and allocates nothing.
 *
 * @example
 *   const core = await loadCore();
 *   core.hashing.sha256(new Uint8Array(64)); // 32-byte digest
 */
export class Hashing {
  constructor(private readonly wasm: WasmExports, private readonly memory: WasmMemory) {}

  /** SHA-256 of arbitrary bytes. */
  sha256(data: Uint8Array): Uint8Array {
    const out = new Uint8Array(32);
    this.sha256Into(data, out);
    return out;
  }

  sha256Into(data: Uint8Array, out: Uint8Array): void {
    expectItems("data", data, 1);
    expectBytes("out", out, 32);
    const input = this.memory.write(0, data);
    const result = this.memory.reserve(1, 32);
    this.wasm.sha256(input, data.length, result);
    this.memory.copyInto(result, 32, out);
  }

  /** SHA-256 of each 64-byte node (two 32-byte children) in `nodes`; 32 bytes per node, SIMD four at a time. */
  hashNodes(nodes: Uint8Array): Uint8Array {
    expectItems("nodes", nodes, 64);
    const out = new Uint8Array(nodes.length / 2);
    this.hashNodesInto(nodes, out);
    return out;
  }

  hashNodesInto(nodes: Uint8Array, out: Uint8Array, path: "simd" | "scalar" = "simd"): void {
    expectItems("nodes", nodes, 64);
    expectBytes("out", out, nodes.length / 2);
    const count = nodes.length / 64;
    const input = this.memory.write(0, nodes);
    const result = this.memory.reserve(1, count * 32);
    if (path === "simd") this.wasm.hashNodes(input, count, result);
    else this.wasm.hashNodesScalar(input, count, result);
    this.memory.copyInto(result, count * 32, out);
  }

  /** Keccak-256 (Ethereum's) of arbitrary bytes, e.g. the batch data hash. */
  keccak256(data: Uint8Array): Uint8Array {
    const out = new Uint8Array(32);
    this.keccak256Into(data, out);
    return out;
  }

  keccak256Into(data: Uint8Array, out: Uint8Array): void {
    expectItems("data", data, 1);
    expectBytes("out", out, 32);
    const input = this.memory.write(0, data);
    const result = this.memory.reserve(1, 32);
    this.wasm.keccak256(input, data.length, result);
    this.memory.copyInto(result, 32, out);
  }

  /** Keccak-256 of `messages`: consecutive messages of `length` bytes each, digests concatenated. */
  keccak256BatchInto(messages: Uint8Array, length: number, out: Uint8Array): void {
    if (!Number.isInteger(length) || length <= 0) throw new CoreInputError(`length: expected positive integer, got ${length}`);
    expectItems("messages", messages, length);
    const count = messages.length / length;
    expectBytes("out", out, count * 32);
    const input = this.memory.write(0, messages);
    const result = this.memory.reserve(1, count * 32);
    this.wasm.keccak256Batch(input, length, count, result);
    this.memory.copyInto(result, count * 32, out);
  }

  /**
   * EIP-712 digests (spec §2) of transfers and withdrawals given in the 146-byte SSZ layout,
   * under `domainSeparator` (32 bytes); 32 bytes per transaction.
   */
  eip712Digests(domainSeparator: Uint8Array, txs: Uint8Array): Uint8Array {
    expectItems("txs", txs, TX_SIZE);
    const out = new Uint8Array((txs.length / TX_SIZE) * 32);
    this.eip712DigestsInto(domainSeparator, txs, out);
    return out;
  }

  eip712DigestsInto(domainSeparator: Uint8Array, txs: Uint8Array, out: Uint8Array): void {
    expectBytes("domainSeparator", domainSeparator, 32);
    expectItems("txs", txs, TX_SIZE);
    const count = txs.length / TX_SIZE;
    expectBytes("out", out, count * 32);
    const input = this.memory.write(0, txs);
    const result = this.memory.write(1, domainSeparator, count * 32);
    const bad = this.wasm.eip712Digests(result, input, count, result + 32);
    if (bad >= 0) {
      throw new CoreInputError(
        `txs[${bad}]: kind ${txs[bad * TX_SIZE]} has no EIP-712 digest (only 0 transfer and 1 withdraw are signed)`,
      );
    }
    this.memory.copyInto(result + 32, count * 32, out);
  }
}
