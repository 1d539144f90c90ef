/**
 * Each fraud kind of proveStateTransition (docs/fraud-proofs.md §4, kinds 1–8): a forged chunk is
 * proven wrong at the position and with the kind the TypeScript reference predicts, and the same
 * proof of the honest chunk reverts NoFraud.
 */
import { describe, it } from "node:test";
import type { RecordEntry, ChunkEntry, QueueEntry } from "./chunk-encoder.ts";
import { actor, withChunk, withSegment, repost, type HonestBatch } from "./batch-fixture.ts";
import { attack } from "./forge.ts";
import { ETH, mixedBatch } from "./scenario.ts";

/** The mixed batch's last position (its second chunk's last). */
const LAST = 39;
const K = { Undecodable: 1, UnknownAccount: 2, DuplicateAccount: 3, ZeroRecipient: 4, InsufficientBalance: 5, Overflow: 6, QueueMismatch: 7, StateRoot: 8 };

/** Honest mixed batch (two chunks) and a forgery whose chunk `c` position `p` is changed by `edit`. */
function editing(c: number, p: number, edit: (entry: ChunkEntry) => ChunkEntry) {
  return (address: string) => {
    const honest = mixedBatch(address, 40);
    const entries = honest.entries[c]!.map((e, i) => (i === p - 32 * c ? edit(e) : e));
    return { honest, forged: withChunk(honest, c, entries) };
  };
}
const record = (patch: Partial<RecordEntry>) => (e: ChunkEntry): ChunkEntry => ({ record: { ...(e as { record: RecordEntry }).record, ...patch } });
const queued = (patch: Partial<QueueEntry>) => (e: ChunkEntry): ChunkEntry => ({ queue: { ...(e as { queue: QueueEntry }).queue, ...patch } });
const forging = (f: (honest: HonestBatch) => ReturnType<typeof withChunk>) => (address: string) => {
  const honest = mixedBatch(address, 40);
  return { honest, forged: f(honest) };
};

describe("proveStateTransition convicts forged chunks and only them", () => {
  it("Undecodable: a byte after the chunk's last position", async () => {
    await attack("proveStateTransition", forging((h) => withSegment(h, 0, { chunk: Uint8Array.from([...h.segments[0]!.chunk, 0]) })), 0, { kind: K.Undecodable, position: 31 });
  });

  it("Undecodable: a record cut short (the last chunk ends inside its signature)", async () => {
    await attack("proveStateTransition", forging((h) => withSegment(h, 1, { chunk: h.segments[1]!.chunk.slice(0, -1) })), 1, { kind: K.Undecodable, position: LAST });
  });

  it("UnknownAccount: a sender index past the account count", async () => {
    await attack("proveStateTransition", editing(0, 4, record({ from: 500 })), 0, { kind: K.UnknownAccount, position: 4 });
  });

  it("UnknownAccount: a deposit ref past the account count", async () => {
    await attack("proveStateTransition", editing(0, 1, queued({ ref: 77 })), 0, { kind: K.UnknownAccount, position: 1 });
  });

  it("DuplicateAccount: a raw recipient that already has an account (witnessed by the builder)", async () => {
    await attack("proveStateTransition", editing(0, 5, record({ to: actor(2).address })), 0, { kind: K.DuplicateAccount, position: 5 });
  });

  it("DuplicateAccount: a raw recipient created earlier in the same chunk", async () => {
    await attack("proveStateTransition", editing(0, 8, record({ to: actor(20).address })), 0, { kind: K.DuplicateAccount, position: 8 });
  });

  it("ZeroRecipient: a withdrawal to the zero address", async () => {
    await attack("proveStateTransition", editing(0, 7, record({ to: new Uint8Array(20) })), 0, { kind: K.ZeroRecipient, position: 7 });
  });

  it("InsufficientBalance: a transfer above the sender's balance", async () => {
    await attack("proveStateTransition", editing(0, 4, record({ amount: 100n * ETH })), 0, { kind: K.InsufficientBalance, position: 4 });
  });

  it("Overflow: amount + fee above 2^128 − 1", async () => {
    await attack("proveStateTransition", editing(0, 4, record({ amount: 1n << 127n, fee: 1n << 127n })), 0, { kind: K.Overflow, position: 4 });
  });

  it("QueueMismatch: a deposit credited to another account", async () => {
    await attack("proveStateTransition", editing(0, 1, queued({ ref: 4 })), 0, { kind: K.QueueMismatch, position: 1 });
  });

  it("QueueMismatch: a full exit that withdraws less than the balance", async () => {
    await attack("proveStateTransition", editing(0, 2, queued({ amount: 9n * ETH })), 0, { kind: K.QueueMismatch, position: 2 });
  });

  it("QueueMismatch: a full exit skipped as if the account did not exist", async () => {
    await attack("proveStateTransition", editing(0, 2, queued({ ref: 0, amount: undefined })), 0, { kind: K.QueueMismatch, position: 2 });
  });

  it("StateRoot: a chunk entry that is not the chunk's roots", async () => {
    await attack("proveStateTransition", forging((h) => withSegment(h, 0, { entry: new Uint8Array(32).fill(9) })), 0, { kind: K.StateRoot, position: 31 });
  });

  it("StateRoot: the last chunk's roots are its entry but not the header's stateRoot", async () => {
    await attack("proveStateTransition", forging((h) => repost(h, { stateRoot: new Uint8Array(32).fill(5) })), 1, { kind: K.StateRoot, position: LAST });
  });
});
