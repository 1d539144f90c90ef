/** ReceiptNotifier: who hears which status, in what JSON, grouped per connection and batch. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { toQuantity } from "ethers";
import { ReceiptNotifier, type ReceiptSink } from "../../sequencer/node/receipt-notifier.ts";

function recordingSink() {
  const sent: { connection: number; results: unknown[] }[] = [];
  const sink: ReceiptSink = {
    notifyReceipts: (connection, result) => (sent.push({ connection, results: [result] }), true),
    notifyReceiptsJson: (connection, results) => (sent.push({ connection, results: results.map((text) => JSON.parse(text)) }), true),
  };
  return { sink, sent };
}

const hash = (n: number) => new Uint8Array(32).fill(n);
const hex = (n: number) => `0x${n.toString(16).padStart(2, "0").repeat(32)}`;

test("default: sealed, committed and finalized receipts, one group per connection in batch order", () => {
  const { sink, sent } = recordingSink();
  const notifier = new ReceiptNotifier(sink);
  notifier.sealed(300, [
    { hash: hash(1), index: 0, connection: 7 },
    { hash: hash(9), index: 1, connection: undefined }, // not sent over a WebSocket (e.g. an L1 message)
    { hash: hash(2), index: 2, connection: 8 },
    { hash: hash(3), index: 17, connection: 7 },
  ]);
  const sealed = (n: number, index: number) => ({ hash: hex(n), status: "sealed", batch: toQuantity(300), index: toQuantity(index) });
  assert.deepEqual(sent, [
    { connection: 7, results: [sealed(1, 0), sealed(3, 17)] },
    { connection: 8, results: [sealed(2, 2)] },
  ]);
  sent.length = 0;
  const l1TxHash = `0x${"ab".repeat(32)}`;
  notifier.batchStatus(300, "committed", l1TxHash);
  notifier.batchStatus(300, "finalized", l1TxHash);
  const later = (n: number, index: number, status: string) => ({ ...sealed(n, index), status, l1TxHash });
  assert.deepEqual(sent, [
    { connection: 7, results: [later(1, 0, "committed"), later(3, 17, "committed")] },
    { connection: 8, results: [later(2, 2, "committed")] },
    { connection: 7, results: [later(1, 0, "finalized"), later(3, 17, "finalized")] },
    { connection: 8, results: [later(2, 2, "finalized")] },
  ]);
  sent.length = 0;
  notifier.batchStatus(300, "finalized", l1TxHash);
  assert.deepEqual(sent, [], "a finalized batch is forgotten");
});

test("behavior: a rejection goes to its sender; transactions of no connection and unknown batches are silent", () => {
  const { sink, sent } = recordingSink();
  const notifier = new ReceiptNotifier(sink);
  notifier.rejected(hash(4), 'nonce too low "quoted"', 3);
  notifier.rejected(hash(5), "not sent over a WebSocket", undefined);
  notifier.sealed(1, [{ hash: hash(6), index: 0, connection: undefined }]);
  notifier.batchStatus(1, "committed", "0x00");
  notifier.batchStatus(2, "committed", "0x00");
  assert.deepEqual(sent, [{ connection: 3, results: [{ hash: hex(4), status: "rejected", error: 'nonce too low "quoted"' }] }]);
});
