/**
 * The state before a chunk, backed by the WASM core (docs/fraud-proofs.md §4): the proof builders'
 * PreChunkState over `core.state` (accounts, address lookup and the nodes of the state tree the
 * multiproof takes), and the application of an honest chunk's effects to it, so that a challenger
 * walks a batch chunk by chunk on the real state without re-implementing execution: the effects
 * are those of the builders' own TypeScript mirror of the contract (chunk-execution.ts).
 */
import type { LoftCore } from "../core/index.ts";
import { ACCOUNT_SIZE } from "../protocol/ssz-types.ts";
import type { ChunkExecution } from "./chunk-execution.ts";
import type { PreChunkState } from "./fraud-inputs.ts";

const BALANCE_OFFSET = 20;
const NONCE_OFFSET = 36;

/** Reads one 44-byte serialized Account (address ‖ uint128 LE balance ‖ uint64 LE nonce). */
function accountOf(record: Uint8Array): { address: Uint8Array; balance: bigint; nonce: bigint } {
  const view = new DataView(record.buffer, record.byteOffset, ACCOUNT_SIZE);
  const balance = view.getBigUint64(BALANCE_OFFSET, true) | (view.getBigUint64(BALANCE_OFFSET + 8, true) << 64n);
  return { address: record.slice(0, 20), balance, nonce: view.getBigUint64(NONCE_OFFSET, true) };
}

function recordOf(value: { address: Uint8Array; balance: bigint; nonce: bigint }): Uint8Array {
  const out = new Uint8Array(ACCOUNT_SIZE);
  const view = new DataView(out.buffer);
  out.set(value.address, 0);
  view.setBigUint64(BALANCE_OFFSET, value.balance & ((1n << 64n) - 1n), true);
  view.setBigUint64(BALANCE_OFFSET + 8, value.balance >> 64n, true);
  view.setBigUint64(NONCE_OFFSET, value.nonce, true);
  return out;
}

/** The core's current state as the builders read it (the root is re-hashed first, so nodes are current). */
export function coreChunkState(core: LoftCore): PreChunkState {
  core.state.root();
  return {
    count: core.state.count,
    account: (index) => accountOf(core.state.account(index)),
    node: (level, index) => core.state.node(level, index),
    indexOf: (address) => {
      const index = core.state.indexOf(address);
      return index < 0 ? undefined : index;
    },
  };
}

/**
 * Applies a chunk that executed without fraud: the witnessed accounts' values after it are
 * written back, and the accounts it created appended in index order. Returns the new state root.
 */
export function applyChunk(core: LoftCore, run: ChunkExecution): Uint8Array {
  if (run.fraud) throw new Error(`a chunk with fraud at position ${run.fraud.position} has no effects to apply`);
  const before = core.state.count;
  const existing = [...run.accounts.entries()].filter(([index]) => index < before);
  if (existing.length > 0) {
    const records = new Uint8Array(existing.length * (4 + ACCOUNT_SIZE));
    const view = new DataView(records.buffer);
    existing.forEach(([index, value], i) => {
      view.setUint32(i * (4 + ACCOUNT_SIZE), index, true);
      records.set(recordOf(value), i * (4 + ACCOUNT_SIZE) + 4);
    });
    core.state.write(records);
  }
  const created = new Uint8Array((run.count - before) * ACCOUNT_SIZE);
  for (let index = before; index < run.count; index++) {
    const value = run.accounts.get(index);
    if (!value) throw new Error(`account ${index} was created by the chunk but not recorded`);
    created.set(recordOf(value), (index - before) * ACCOUNT_SIZE);
  }
  if (created.length > 0) core.state.load(created);
  return core.state.root();
}
