/**
 * The node's decoder (sequencer/batch-data/decode-batch-data.ts, what a follower runs first) and
 * the contract's chunk proof, as findChunkFraud predicts it, name the same kind at the same position
 * for every fault the decoder can see without balances (docs/fraud-proofs.md §2, §4): a follower
 * that refuses a batch can always prove it wrong, and never refuses one the contract accepts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BatchDataError } from "../../sequencer/batch-data/batch-data-error.ts";
import { decodeBatchData } from "../../sequencer/batch-data/decode-batch-data.ts";
import { Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { findChunkFraud } from "../../sequencer/fraud/chunk-fraud.ts";
import { chunkWindow, FraudKind } from "../../sequencer/fraud/fraud-inputs.ts";
import type { ChunkEntry, QueueEntry, RecordEntry } from "./chunk-encoder.ts";
import { actor, batchData, withChunk, withSegment, type HonestBatch, type PostedBatch } from "./batch-fixture.ts";
import { mixedBatch } from "./scenario.ts";
import { stateAccessor } from "./state-accessor.ts";

const hex = (a: Uint8Array) => Buffer.from(a).toString("hex");

/** What the node's decoder says: undefined, or the kind and position of its BatchDataError. */
function nodeVerdict(b: PostedBatch, honest: HonestBatch): { kind: number; position: number } | undefined {
  const genesis = honest.preStates[0]!;
  const index = new Map(genesis.map((a, i) => [hex(a.address), i]));
  const queue = b.queue.map((m, i) => Transaction.serialize({
    kind: m.amount === 0n ? TxKind.fullExit : TxKind.deposit, from: new Uint8Array(20), to: m.amount === 0n ? m.sender : m.to,
    amount: m.amount, fee: 0n, nonce: b.parent.queueCount + i, signature: new Uint8Array(65),
  }));
  try {
    decodeBatchData(batchData(b), queue, {
      accountCount: genesis.length, addressAt: (i) => genesis[i]!.address, nonceAt: (i) => Number(genesis[i]!.nonce), indexOf: (a) => index.get(hex(a)),
    });
    return undefined;
  } catch (error) {
    if (!(error instanceof BatchDataError)) throw error;
    return { kind: FraudKind[error.kind], position: error.position! };
  }
}

/** What the contract concludes about chunk `c` (from the honest batch's pre-state). */
function contractVerdict(b: PostedBatch, honest: HonestBatch, c: number) {
  const w = chunkWindow(c, b.parent.queueCount, b.queue.length, b.userCount);
  const queue = b.queue.slice(w.start, Math.max(w.start, Math.min(w.end, w.queueCount)));
  const claim = { entry: b.segments[c]!.entry, last: c === b.segments.length - 1, batchStateRoot: b.header.stateRoot };
  return findChunkFraud(b.segments[c]!.chunk, w, queue, stateAccessor(honest.preStates[c]!), claim).fraud;
}

const record = (patch: Partial<RecordEntry>) => (e: ChunkEntry): ChunkEntry => ({ record: { ...(e as { record: RecordEntry }).record, ...patch } });
const queued = (patch: Partial<QueueEntry>) => (e: ChunkEntry): ChunkEntry => ({ queue: { ...(e as { queue: QueueEntry }).queue, ...patch } });
const editing = (h: HonestBatch, c: number, p: number, edit: (e: ChunkEntry) => ChunkEntry) =>
  withChunk(h, c, h.entries[c]!.map((e, i) => (i === p - 32 * c ? edit(e) : e)));

const FORGERIES: Array<[string, number, (h: HonestBatch) => PostedBatch]> = [
  ["a byte after the chunk", 0, (h) => withSegment(h, 0, { chunk: Uint8Array.from([...h.segments[0]!.chunk, 0]) })],
  ["a record cut short", 1, (h) => withSegment(h, 1, { chunk: h.segments[1]!.chunk.slice(0, -1) })],
  ["a reserved tag bit", 0, (h) => withSegment(h, 0, { chunk: Uint8Array.from(h.segments[0]!.chunk.map((b, i) => (i === 4 ? b | 0x80 : b))) })],
  ["a sender index past the count", 0, (h) => editing(h, 0, 4, record({ from: 500 }))],
  ["a recipient index past the count", 0, (h) => editing(h, 0, 4, record({ to: 41 }))],
  ["a deposit ref past the count", 0, (h) => editing(h, 0, 1, queued({ ref: 77 }))],
  ["a raw recipient that has an account", 0, (h) => editing(h, 0, 5, record({ to: actor(2).address }))],
  ["a raw recipient created earlier in the chunk", 0, (h) => editing(h, 0, 8, record({ to: actor(20).address }))],
  ["a deposit credited to another account", 0, (h) => editing(h, 0, 1, queued({ ref: 4 }))],
  ["a deposit creating an existing account", 0, (h) => editing(h, 0, 1, queued({ ref: 0 }))],
  ["a full exit of an existing account skipped", 0, (h) => editing(h, 0, 2, queued({ ref: 0, amount: undefined }))],
  ["a full exit of another account", 0, (h) => editing(h, 0, 2, queued({ ref: 4 }))],
];

describe("the node's decoder and the contract agree on decode-level frauds", () => {
  const honest = mixedBatch("0x" + "11".repeat(20), 40);

  it("an honest batch: neither finds anything", () => {
    assert.equal(nodeVerdict(honest, honest), undefined);
    for (let c = 0; c < honest.segments.length; c++) assert.equal(contractVerdict(honest, honest, c), undefined);
  });

  for (const [what, c, forge] of FORGERIES) {
    it(what, () => {
      const forged = forge(honest);
      const contract = contractVerdict(forged, honest, c);
      assert.ok(contract, "the contract convicts");
      assert.deepEqual(nodeVerdict(forged, honest), contract);
    });
  }
});
