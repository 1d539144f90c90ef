/**
 * Gas of each proof kind at its worst case (docs/fraud-proofs.md §1 "Why K = 32"): the chunk proof
 * of 32 transfers between 64 distinct accounts plus the fee account (StateRoot: every check, both
 * multiproofs and the tx subtree run), one signature proof at a full chunk's last position, and the
 * txRoot and exitRoot proofs of a 1,500-transaction batch (every record a withdrawal), and
 * proveExitRoot at the commit limits (128 KB of data, 256 queue messages), its most expensive
 * input. Each must fit the 2^24 transaction gas cap; the figures are printed for docs/benchmarks.md.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loftDomain } from "../../sequencer/protocol/eip712.ts";
import type { Account } from "../../sequencer/protocol/ssz-types.ts";
import { encodeChunk, type ChunkEntry, type RecordEntry } from "./chunk-encoder.ts";
import { exitRootProof } from "../../sequencer/fraud/roots-proof.ts";
import { deployHarness, install, send } from "./fraud-chain.ts";
import { actor, batchData, buildHonestBatch, repost, withChunk, withSegment, type HonestBatch, type Intent } from "./batch-fixture.ts";
import { attack } from "./forge.ts";
import { CHAIN_ID, ETH } from "./scenario.ts";

const GAS_CAP = 2n ** 24n;
const report = (what: string, gas: bigint) => {
  console.log(`# gas ${what}: ${gas.toLocaleString("en-US")}`);
  assert.ok(gas < GAS_CAP, `${what} fits the gas cap`);
};

/** Accounts 0 (fee) … 64, each of 1–64 with 10 ETH. */
const genesis65: Account[] = Array.from({ length: 65 }, (_, i) => ({ address: actor(i).address, balance: i === 0 ? 0n : 10n * ETH, nonce: 3 }));

/** 32 transfers i → 32 + i (i = 1…32) with fees: 64 distinct accounts and the fee account. */
function distinctTransfers(address: string): HonestBatch {
  const intents: Intent[] = Array.from({ length: 32 }, (_, k) => ({
    type: "transfer", from: actor(1 + k), to: actor(33 + k).address, amount: 123_456_789_012_345_678n + BigInt(k), fee: 21_000_000_000_001n,
  }));
  return buildHonestBatch(genesis65, intents, loftDomain(CHAIN_ID, address));
}

/** `count` withdrawals from senders 1–64 in turn (each record adds a withdrawal). */
function withdrawals(address: string, count: number): HonestBatch {
  const intents: Intent[] = Array.from({ length: count }, (_, k) => ({
    type: "withdraw", from: actor(1 + (k % 64)), to: actor(1000 + k).address, amount: 1_000_000_007n + BigInt(k), fee: 21_000_000_001n,
  }));
  return buildHonestBatch(genesis65, intents, loftDomain(CHAIN_ID, address));
}

/** `count` queue messages: deposits to new accounts, every fifth a full exit of a funded account. */
function queueMessages(address: string, count: number): HonestBatch {
  const intents: Intent[] = Array.from({ length: count }, (_, k) =>
    k % 5 === 4 ? { type: "fullExit", sender: actor(1 + (k % 64)).address } : { type: "deposit", to: actor(2000 + k).address, amount: 10n ** 15n + BigInt(k) });
  return buildHonestBatch(genesis65, intents, loftDomain(CHAIN_ID, address));
}

describe("worst-case gas of each proof kind", () => {
  it("proveStateTransition: 32 transfers between 65 distinct accounts (StateRoot, the longest path)", async () => {
    const outcome = await attack("proveStateTransition", (address) => {
      const honest = distinctTransfers(address);
      return { honest, forged: withSegment(honest, 0, { entry: new Uint8Array(32).fill(1) }) };
    }, 0, { kind: 8, position: 31 });
    report("proveStateTransition (32 transfers, 65 accounts)", outcome.gas);
  });

  it("proveStateTransition: the same chunk convicted at its last position (InsufficientBalance)", async () => {
    const outcome = await attack("proveStateTransition", (address) => {
      const honest = distinctTransfers(address);
      const entries = honest.entries[0]!.map((e, i): ChunkEntry => (i === 31 ? { record: { ...(e as { record: RecordEntry }).record, amount: 100n * ETH } } : e));
      return { honest, forged: withChunk(honest, 0, entries) };
    }, 0, { kind: 5, position: 31 });
    report("proveStateTransition (InsufficientBalance at position 31)", outcome.gas);
  });

  it("proveSignature: the last record of a full chunk", async () => {
    const outcome = await attack("proveSignature", (address) => {
      const honest = distinctTransfers(address);
      const entries = honest.entries[0]!.map((e, i): ChunkEntry => {
        if (i !== 31) return e;
        const rec = (e as { record: RecordEntry }).record;
        const signature = Uint8Array.from(rec.signature);
        signature[5] = signature[5]! ^ 1;
        return { record: { ...rec, signature } };
      });
      return { honest, forged: withChunk(honest, 0, entries) };
    }, 0, { kind: 9, position: 31 }, 31);
    report("proveSignature (position 31 of 32)", outcome.gas);
  });

  it("proveTxRoot: a 1,500-transaction batch", async () => {
    const outcome = await attack("proveTxRoot", (address) => {
      const honest = withdrawals(address, 1500);
      return { honest, forged: repost(honest, { txRoot: new Uint8Array(32).fill(1) }) };
    }, 0, { kind: 10, position: 0 });
    report("proveTxRoot (1,500 transactions, 47 chunks)", outcome.gas);
  });

  it("proveExitRoot: a 1,500-transaction batch, every one a withdrawal", async () => {
    const outcome = await attack("proveExitRoot", (address) => {
      const honest = withdrawals(address, 1500);
      return { honest, forged: repost(honest, { exitRoot: new Uint8Array(32).fill(1) }) };
    }, 0, { kind: 11, position: 0 });
    report("proveExitRoot (1,500 withdrawals, 47 chunks)", outcome.gas);
  });

  it("proveStateTransition: a chunk of 32 queue messages", async () => {
    const outcome = await attack("proveStateTransition", (address) => {
      const honest = queueMessages(address, 32);
      return { honest, forged: withSegment(honest, 0, { entry: new Uint8Array(32).fill(1) }) };
    }, 0, { kind: 8, position: 31 });
    report("proveStateTransition (32 queue messages)", outcome.gas);
  });

  it("proveExitRoot: a batch of 1,500 queue messages (a fifth of them full exits)", async () => {
    const outcome = await attack("proveExitRoot", (address) => {
      const honest = queueMessages(address, 1500);
      return { honest, forged: repost(honest, { exitRoot: new Uint8Array(32).fill(1) }) };
    }, 0, { kind: 11, position: 0 });
    report("proveExitRoot (1,500 queue messages)", outcome.gas);
  });
});

/** docs/fraud-proofs.md §3: a batch has at most 128 KB of data and 256 queue messages. */
const MAX_DATA_BYTES = 131_072;
const MAX_QUEUE = 256;
describe("proveExitRoot at the batch limits", () => {
  it("256 full exits with balances, then 128 KB of withdrawal records of the largest size (130 bytes)", async () => {
    const h = await deployHarness("RootsHarness");
    const big = (1n << 127n) + 1n; // odd, 127 bits: a 19-byte mantissa
    // Not a valid batch (its indices do not exist), but proveExitRoot only parses: its most expensive input.
    const exits: ChunkEntry[] = Array.from({ length: MAX_QUEUE }, (_, k) => ({ queue: { ref: 2 ** 31 + k, amount: big } }));
    const record = (k: number): ChunkEntry => ({
      record: { withdraw: true, from: 2 ** 31 + k, to: actor(5000 + k).address, amount: big, fee: big, signature: Uint8Array.from({ length: 65 }, (_, i) => (i * 37 + k) % 255 + 1) },
    });
    const queueBytes = encodeChunk(exits).length;
    const records = Array.from({ length: Math.floor((MAX_DATA_BYTES - queueBytes - 4000) / (130 + 1)) }, (_, k) => record(k));
    const entries = [...exits, ...records];
    const segments = Array.from({ length: Math.ceil(entries.length / 32) }, (_, c) => ({ entry: new Uint8Array(32).fill(1), chunk: encodeChunk(entries.slice(32 * c, 32 * c + 32)) }));
    const queue = exits.map((_, k) => ({ sender: actor(7000 + k).address, to: new Uint8Array(20), amount: 0n }));
    const base = withdrawals(h.address, 1);
    const posted = repost({ ...base, queue, userCount: records.length, segments }, { queueCount: MAX_QUEUE, exitRoot: new Uint8Array(32).fill(1) });
    assert.ok(batchData(posted).length <= MAX_DATA_BYTES, `${batchData(posted).length} bytes`);
    const d = await install(h, posted);
    const proof = exitRootProof(d.batch);
    assert.deepEqual(proof.fraud, { kind: 11, position: 0 });
    const outcome = await send(d, "proveExitRoot", proof.args);
    assert.ok(outcome.convicted && outcome.kind === 11, outcome.convicted ? "" : outcome.error);
    report(`proveExitRoot (${MAX_QUEUE} full exits and ${records.length} records of 130 bytes, ${batchData(posted).length} bytes)`, outcome.gas);
  });
});
