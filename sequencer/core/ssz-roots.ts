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
    expectBytes("account", account, ACCOUNT_BYTES);
    return this.containerRoot(account, (p, o) => this.wasm.accountRoot(p, o));
  }

  transactionRoot(tx: Uint8Array): Uint8Array {
    expectBytes("tx", tx, TRANSACTION_BYTES);
    return this.containerRoot(tx, (p, o) => this.wasm.transactionRoot(p, o));
  }

  withdrawalRoot(withdrawal: Uint8Array): Uint8Array {
    expectBytes("withdrawal", withdrawal, WITHDRAWAL_BYTES);
    return this.containerRoot(withdrawal, (p, o) => this.wasm.withdrawalRoot(p, o));
  }

  batchHeaderRoot(header: Uint8Array): Uint8Array {
    expectBytes("header", header, BATCH_HEADER_BYTES);
    return this.containerRoot(header, (p, o) => this.wasm.batchHeaderRoot(p, o));
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

  private containerRoot(data: Uint8Array, run: (ptr: number, out: number) => void): Uint8Array {
    const input = this.memory.write(0, data);
    const out = this.memory.reserve(1, 32);
    run(input, out);
    return this.memory.copy(out, 32);
  }
}
