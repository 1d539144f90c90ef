/**
 * Searching by an L1 transaction (l1-queue-lookup.ts): the Rollup's queue events in a receipt
 * are found in the batch that processed them (by the cumulative queueCount, any batch count),
 * `queued` before; events of other contracts and receipts without queue events are not matches
 * (and are remembered); at most 8 L1 lookups run at once (503 beyond). Also the history cursor
 * parameter and the chart's latency line (one point per second, weighted by transactions).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getBytes, hexlify, Wallet } from "ethers";
import { L1QueueLookup, type L1Receipt } from "../../sequencer/explorer/l1-queue-lookup.ts";
import { ExplorerRequestError, parseHistoryCursor } from "../../sequencer/explorer/request-params.ts";
import { queueMessageView } from "../../sequencer/explorer/transaction-lookup.ts";
import { rollupInterface } from "../../sequencer/l1/rollup-abi.ts";
import { BatchHeader, Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import type { BatchRecord } from "../../sequencer/store/sealed-batch.ts";

/** The page's chart module (plain JS, no types): its latency aggregation. */
const chartModule: string = "../../sequencer/explorer/page/chart.js";
const { latencyPerSecond } = (await import(chartModule)) as { latencyPerSecond(l: { at: number; seconds: number; weight?: number }[]): { second: number; seconds: number }[] };

const ROLLUP = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const zero32 = new Uint8Array(32);
const OTHER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** Batches processing `perBatch[i]` queue messages each, as the store would hold them. */
function chain(perBatch: number[]) {
  const batches = new Map<number, { record: BatchRecord; txs: { hash: Uint8Array; record: Uint8Array; batch: number; index: number }[] }>();
  let queueCount = 0;
  perBatch.forEach((count, i) => {
    const number = i + 1;
    const txs = Array.from({ length: count }, (_, position) => {
      const record = Transaction.serialize({ kind: TxKind.deposit, from: new Uint8Array(20), to: new Uint8Array(20).fill(position + 1), amount: 1n, fee: 0n, nonce: queueCount + position, signature: new Uint8Array(65) });
      return { hash: Transaction.hashTreeRoot(Transaction.deserialize(record)), record, batch: number, index: position };
    });
    queueCount += count;
    const header = BatchHeader.serialize({ number, parentRoot: zero32, stateRoot: zero32, txRoot: zero32, exitRoot: zero32, queueCount, timestamp: 0, dataHash: zero32 });
    batches.set(number, { record: { number, header, root: zero32, txCount: count, withdrawalCount: 0, dataBytes: 0, status: "committed", sealedAt: 1_000 + number, committedAt: 2_000 + number } as BatchRecord, txs });
  });
  return {
    latestSealed: () => (perBatch.length === 0 ? undefined : perBatch.length),
    batch: (n: number) => batches.get(n)?.record,
    batchTransactions: (n: number, offset: number, limit: number) => (batches.get(n)?.txs ?? []).slice(offset, offset + limit),
    queued: queueCount,
  };
}

function depositReceipt(queueIndex: number, to: string, address = ROLLUP): L1Receipt {
  const iface = rollupInterface();
  const { data, topics } = iface.encodeEventLog(iface.getEvent("Deposited")!, [queueIndex, OTHER, to, 5n, 1_700_000_000]);
  return { logs: [{ address, topics, data, blockNumber: 7, transactionHash: `0x${"12".repeat(32)}`, index: 0 }] };
}

test("property: a queue message is found in the batch whose queue range holds it, at its position; later ones are queued", async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 12 }), fc.nat(60), async (perBatch, wanted) => {
    const reader = chain(perBatch);
    const [place] = await new L1QueueLookup(reader, ROLLUP, async () => depositReceipt(wanted, OTHER)).find(`0x${"12".repeat(32)}`);
    assert.ok(place);
    assert.equal(place.message.index, wanted);
    assert.equal(place.l1Timestamp, 1_700_000_000);
    if (wanted >= reader.queued) return assert.equal(place.stored, undefined);
    const stored = place.stored!;
    assert.equal(Transaction.deserialize(stored.record).nonce, wanted);
    const before = perBatch.slice(0, stored.batch - 1).reduce((a, b) => a + b, 0);
    assert.equal(stored.index, wanted - before);
  }), { seed: 20261204, numRuns: process.env.CI ? 40 : 80 });
});

test("behavior: the view of a queued deposit has its future L2 hash, status queued and its L1 event time; a processed one its batch's", async () => {
  const reader = chain([2]);
  const to = Wallet.createRandom().address;
  const lookup = (index: number) => new L1QueueLookup(reader, ROLLUP, async () => depositReceipt(index, to)).find("0x01");
  const queued = queueMessageView({ reader: reader as never, challengeWindowSeconds: 30 }, "0xl1", await lookup(5)) as Record<string, any>;
  assert.deepEqual([queued.status, queued.type, queued.queueIndex, queued.l1TxHash, queued.queueMessages], ["queued", "deposit", 5, "0xl1", 1]);
  const record = Transaction.serialize({ kind: TxKind.deposit, from: new Uint8Array(20), to: getBytes(to), amount: 5n, fee: 0n, nonce: 5, signature: new Uint8Array(65) });
  assert.equal(queued.hash, hexlify(Transaction.hashTreeRoot(Transaction.deserialize(record))), "the hash it will have once executed");
  assert.equal(queued.timeline.submittedAt, 1_700_000_000_000);
  const processed = queueMessageView({ reader: reader as never, challengeWindowSeconds: 30 }, "0xl1", await lookup(1)) as Record<string, any>;
  assert.deepEqual([processed.status, processed.batch, processed.index], ["committed", 1, 1]);
  assert.deepEqual([processed.timeline.sealedAt, processed.timeline.committedAt, processed.timeline.finalAt], [1_001, 2_001, 2_001 + 30_000]);
});

test("error: other contracts' events and receipts without queue events are no match, remembered; more than 8 lookups at once answer 503", async () => {
  const reader = chain([1]);
  let asked = 0;
  const elsewhere = new L1QueueLookup(reader, ROLLUP, async () => (asked++, depositReceipt(0, Wallet.createRandom().address, Wallet.createRandom().address)));
  assert.deepEqual(await elsewhere.find("0xaa"), []);
  assert.deepEqual(await elsewhere.find("0xaa"), []);
  assert.equal(asked, 1, "a miss is remembered");
  assert.deepEqual(await new L1QueueLookup(reader, ROLLUP, async () => null).find("0xbb"), []);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow = new L1QueueLookup(reader, ROLLUP, async () => (await gate, null));
  const running = Array.from({ length: 8 }, (_, i) => slow.find(`0x${i}`));
  await assert.rejects(slow.find("0x9"), (error: unknown) => error instanceof ExplorerRequestError && error.status === 503);
  release();
  await Promise.all(running);
  assert.deepEqual(await slow.find("0x9"), [], "once they finished, lookups run again");
});

test("error: the history cursor is BATCH:INDEX, strictly", () => {
  assert.deepEqual(parseHistoryCursor("7:12"), { batch: 7, index: 12 });
  for (const bad of ["7", "7:", ":1", "7:1:2", "07:1", "7:65536", "-1:0", "a:b"]) assert.throws(() => parseHistoryCursor(bad), (error: unknown) => error instanceof ExplorerRequestError && error.parameter === "before", bad);
});

test("behavior: the latency line has one point per second, the transaction-weighted mean of its batches, in time order", () => {
  const points = latencyPerSecond([{ at: 2_500, seconds: 0.4, weight: 3 }, { at: 1_100, seconds: 0.1, weight: 1 }, { at: 2_100, seconds: 0.2, weight: 1 }, { at: 1_900, seconds: 0.3, weight: 1 }]);
  assert.deepEqual(points.map((p) => p.second), [1, 2]);
  assert.ok(Math.abs(points[0]!.seconds - 0.2) < 1e-12);
  assert.ok(Math.abs(points[1]!.seconds - (0.4 * 3 + 0.2) / 4) < 1e-12);
});
