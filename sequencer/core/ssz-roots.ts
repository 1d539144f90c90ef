import type { WasmExports } from "./wasm-exports.ts";
import type { WasmMemory } from "./wasm-memory.ts";
import { expectBytes, expectItems, expectInteger } from "./input-checks.ts";

export const ACCOUNT_BYTES = 44;
export const TRANSACTION_BYTES = 146;
export const WITHDRAWAL_BYTES = 36;
export const BATCH_HEADER_BYTES = 184;

/**
 * SSZ hash_tree_root of the protocol's containers (from their serialization) and of lists of
 * roots, computed by the WASM core. Results equal @chainsafe/ssz's.
 *
 * @example
 *   core.ssz.accountRoot(Account.serialize({ address, balance: 1n, nonce: 0 }));
 */
export class SszRoots {
  constructor(private readonly wasm: WasmExports, private readonly memory: WasmMemory) {}

  accountRoot(account: Uint8Array): Uint8Array {
    return this.rootOf("account", account, ACCOUNT_BYTES, this.wasm.accountRoot, new Uint8Array(32));
  }

  accountRootInto(account: Uint8Array, out: Uint8Array): void {
    this.rootOf("account", account, ACCOUNT_BYTES, this.wasm.accountRoot, out);
  }

  /** Root of a Transaction: the hash of L1 queue messages (kinds 2 and 3). */
  transactionRoot(tx: Uint8Array): Uint8Array {
    return this.rootOf("tx", tx, TRANSACTION_BYTES, this.wasm.transactionRoot, new Uint8Array(32));
  }

  transactionRootInto(tx: Uint8Array, out: Uint8Array): void {
    this.rootOf("tx", tx, TRANSACTION_BYTES, this.wasm.transactionRoot, out);
  }

  withdrawalRoot(withdrawal: Uint8Array): Uint8Array {
    return this.rootOf("withdrawal", withdrawal, WITHDRAWAL_BYTES, this.wasm.withdrawalRoot, new Uint8Array(32));
  }

  withdrawalRootInto(withdrawal: Uint8Array, out: Uint8Array): void {
    this.rootOf("withdrawal", withdrawal, WITHDRAWAL_BYTES, this.wasm.withdrawalRoot, out);
  }

  /** The batch root (parentRoot of the next batch). */
  batchHeaderRoot(header: Uint8Array): Uint8Array {
    return this.rootOf("header", header, BATCH_HEADER_BYTES, this.wasm.batchHeaderRoot, new Uint8Array(32));
  }

  batchHeaderRootInto(header: Uint8Array, out: Uint8Array): void {
    this.rootOf("header", header, BATCH_HEADER_BYTES, this.wasm.batchHeaderRoot, out);
  }

  /** Root of a list whose element roots are `leaves` (32 bytes each), limit 2^depth, length mixed in. */
  listRoot(leaves: Uint8Array, depth: number): Uint8Array {
    expectInteger("depth", depth, 0, 32);
    expectItems("leaves", leaves, 32, 2 ** depth);
    const input = this.memory.write(0, leaves);
    const out = this.memory.reserve(1, 32);
    this.wasm.listRoot(input, leaves.length / 32, depth, out);
    return this.memory.copy(out, 32);
  }

  /** sha256(root ‖ uint256_le(length)). */
  mixInLength(root: Uint8Array, length: number): Uint8Array {
    expectBytes("root", root, 32);
    expectInteger("length", length, 0, Number.MAX_SAFE_INTEGER);
    const input = this.memory.write(0, root);
    const out = this.memory.reserve(1, 32);
    this.wasm.mixInLength(input, BigInt(length), out);
    return this.memory.copy(out, 32);
  }

  /** Root of an empty subtree of the given depth (zero hashes). */
  zeroHash(depth: number): Uint8Array {
    expectInteger("depth", depth, 0, 40);
    return this.memory.copy(this.wasm.zeroHash(depth), 32);
  }

  private rootOf(name: string, data: Uint8Array, size: number, run: (ptr: number, out: number) => void, out: Uint8Array): Uint8Array {
    expectBytes(name, data, size);
    expectBytes("out", out, 32);
    const input = this.memory.write(0, data);
    const result = this.memory.reserve(1, 32);
    run(input, result);
    this.memory.copyInto(result, 32, out);
    return out;
  }
}
