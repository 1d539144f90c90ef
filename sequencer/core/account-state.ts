import { randomBytes } from "node:crypto";
import type { WasmExports } from "./wasm-exports.ts";
import type { WasmMemory } from "./wasm-memory.ts";
import { expectBytes, expectItems, expectInteger, CoreInputError } from "./input-checks.ts";
import { ACCOUNT_BYTES } from "./ssz-roots.ts";
import { guardTrap } from "./trap-guard.ts";

/** A Merkle proof of a list element: siblings bottom-up, and the list length mixed into the root. */
export type ListProof = { branch: Uint8Array[]; length: number };

export const STATE_DEPTH = 32;
const LOAD_SLICE = 1 << 16;

/**
 * The account state held in WASM memory: accounts by index, address lookup, the incremental
 * Merkle tree of List[Account, 2^32] and proofs against its root.
 *
 * @example
 *   core.state.load(storedAccounts); // 44-byte serialized Accounts, index order
 *   core.state.root();               // stateRoot (32 bytes)
 */
export class AccountState {
  constructor(private readonly wasm: WasmExports, private readonly memory: WasmMemory) {
    const seed = randomBytes(8);
    wasm.stateSeed(seed.readUInt32LE(0), seed.readUInt32LE(4));
  }

  /** Number of accounts. */
  get count(): number {
    return this.wasm.stateCount();
  }

  /** Empties the state. */
  clear(): void {
    this.wasm.stateClear();
  }

  /**
   * Appends serialized Accounts (44 bytes each, concatenated in index order): genesis, or the
   * stored state at start-up. A repeated address is an error, and then the state is emptied.
   */
  load(accounts: Uint8Array): void {
    expectItems("accounts", accounts, ACCOUNT_BYTES);
    const before = this.count;
    const total = accounts.length / ACCOUNT_BYTES;
    this.wasm.stateReserve(before + total);
    // In slices, so that the host buffer stays small whatever the size of the state.
    for (let start = 0; start < total; start += LOAD_SLICE) {
      const slice = accounts.subarray(start * ACCOUNT_BYTES, Math.min(total, start + LOAD_SLICE) * ACCOUNT_BYTES);
      const bad = guardTrap("load", () => this.wasm.stateLoad(this.memory.write(0, slice), slice.length / ACCOUNT_BYTES));
      if (bad >= 0) {
        throw new CoreInputError(`accounts[${start + bad}]: address already present (account index ${before + start + bad}); the state was cleared`);
      }
    }
  }

  /** The state root: hash_tree_root(List[Account, 2^32]) (re-hashes only what changed). */
  root(): Uint8Array {
    return this.memory.copy(this.wasm.stateRoot(), 32);
  }

  rootInto(out: Uint8Array): void {
    expectBytes("out", out, 32);
    this.memory.copyInto(this.wasm.stateRoot(), 32, out);
  }

  /** Index of the account with this 20-byte address, or -1. */
  indexOf(address: Uint8Array): number {
    expectBytes("address", address, 20);
    const ptr = this.memory.write(0, address);
    return this.wasm.stateFind(ptr);
  }

  /** The serialized Account (44 bytes) at `index`. */
  account(index: number): Uint8Array {
    const out = new Uint8Array(ACCOUNT_BYTES);
    this.accountInto(index, out);
    return out;
  }

  accountInto(index: number, out: Uint8Array): void {
    this.expectIndex(index);
    expectBytes("out", out, ACCOUNT_BYTES);
    const ptr = this.memory.reserve(1, ACCOUNT_BYTES);
    this.wasm.stateRead(index, ptr);
    this.memory.copyInto(ptr, ACCOUNT_BYTES, out);
  }

  /** Serialized Accounts (44 bytes each, concatenated) at `indices`, e.g. the accounts a batch touched. */
  exportAccounts(indices: Uint32Array): Uint8Array {
    const out = new Uint8Array(indices.length * ACCOUNT_BYTES);
    const ptr = this.memory.reserve(1, ACCOUNT_BYTES);
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i]!;
      this.expectIndex(index);
      this.wasm.stateRead(index, ptr);
      this.memory.copyInto(ptr, ACCOUNT_BYTES, out.subarray(i * ACCOUNT_BYTES, (i + 1) * ACCOUNT_BYTES));
    }
    return out;
  }

  /**
   * Overwrites balance and nonce of existing accounts: records of a u32 little-endian index then
   * the 44-byte Account whose address must equal the stored one (48 bytes each). All or nothing.
   */
  write(records: Uint8Array): void {
    expectItems("records", records, 48);
    const ptr = this.memory.write(0, records);
    const bad = this.wasm.stateWrite(ptr, records.length / 48);
    if (bad >= 0) {
      const view = new DataView(records.buffer, records.byteOffset);
      throw new CoreInputError(`records[${bad}]: no account with this address at index ${view.getUint32(bad * 48, true)}; nothing was written`);
    }
  }

  /** Merkle proof of account `index` against root(): 32 siblings bottom-up and the list length. */
  accountProof(index: number): ListProof {
    this.expectIndex(index);
    this.wasm.stateRoot();
    const ptr = this.memory.reserve(1, STATE_DEPTH * 32);
    this.wasm.accountProof(index, ptr);
    const bytes = this.memory.copy(ptr, STATE_DEPTH * 32);
    const branch = Array.from({ length: STATE_DEPTH }, (_, i) => bytes.subarray(i * 32, i * 32 + 32));
    return { branch, length: this.count };
  }

  /**
   * Node `index` of level `level` of the committed state tree (0 = account roots, 32 = the data
   * root before the length is mixed in), 32 bytes; zero_hash(level) for a subtree entirely past
   * the accounts. Fraud-proof builders read multiproof nodes with it (docs/fraud-proofs.md §4).
   */
  node(level: number, index: number): Uint8Array {
    expectInteger("level", level, 0, STATE_DEPTH);
    expectInteger("index", index, 0, 2 ** (STATE_DEPTH - level) - 1);
    const ptr = this.memory.reserve(1, 32);
    this.wasm.stateNode(level, index, ptr);
    return this.memory.copy(ptr, 32);
  }

  /** Bytes of WASM memory in use (state, trees, buffers). */
  memoryUsed(): number {
    return this.wasm.memoryUsed();
  }

  private expectIndex(index: number): void {
    expectInteger("index", index, 0, this.count - 1);
  }
}
