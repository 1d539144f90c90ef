/** ReceiptNotifier keeps who sent what only within its bounds (per connection, in total) and forgets closed connections. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ReceiptNotifier, type ReceiptSink } from "../../sequencer/node/receipt-notifier.ts";

function fakeSink(closed = new Set<number>()) {
  const receipts = new Map<number, unknown[]>();
  const push = (connection: number, result: unknown) => {
    if (closed.has(connection)) return false;
    receipts.set(connection, [...(receipts.get(connection) ?? []), result]);
    return true;
  };
  const sink: ReceiptSink = {
    notifyReceipts: push,
    notifyReceiptsJson: (connection, results) => !closed.has(connection) && results.every((text) => push(connection, JSON.parse(text))),
  };
  return { sink, receipts, closed };
}

const hash = (batch: number, i: number) => Uint8Array.from({ length: 32 }, (_, k) => (k === 0 ? batch : k === 1 ? i : 0));
const entries = (batch: number, count: number, connection: number) => Array.from({ length: count }, (_, i) => ({ hash: hash(batch, i), index: i, connection }));

test("behavior: past the per-connection bound the connection's oldest are forgotten, and it is told once", () => {
  const { sink, receipts } = fakeSink();
  const notifier = new ReceiptNotifier(sink, { maxPerConnection: 10, maxTotal: 1000 });
  notifier.sealed(1, entries(1, 6, 7));
  notifier.sealed(2, [...entries(2, 6, 7), ...entries(2, 3, 8)]);
  assert.equal(notifier.tracked(7), 10);
  assert.equal(notifier.tracked(8), 3, "another connection keeps its own");
  const notice = receipts.get(7)!.find((r) => (r as { untracked?: string }).untracked) as { untracked: string; throughBatch: string; error: string };
  assert.deepEqual([notice.untracked, notice.throughBatch], ["0x2", "0x1"]);
  assert.match(notice.error, /^receipts limit: this connection's receipts keep at most 10 transactions until finality; the oldest 2 of yours \(through batch 1\) get no further receipts: read their status with loft_getTransaction$/);
  receipts.clear();
  notifier.batchStatus(1, "committed", "0xabc");
  assert.equal(receipts.get(7)?.length, 4, "batch 1's 4 remaining receipts of connection 7");
});

test("behavior: past the total bound the oldest batches are forgotten; finality and closed connections free their entries", () => {
  const { sink, receipts, closed } = fakeSink();
  const notifier = new ReceiptNotifier(sink, { maxPerConnection: 100, maxTotal: 12 });
  for (let batch = 1; batch <= 4; batch++) notifier.sealed(batch, [...entries(batch, 2, 1), ...entries(batch, 2, 2)]);
  assert.equal(notifier.tracked(), 12);
  assert.ok(receipts.get(1)!.some((r) => /the node keeps receipts for at most 12 transactions/.test((r as { error?: string }).error ?? "")));
  notifier.batchStatus(2, "finalized", "0x1");
  assert.equal(notifier.tracked(), 8);
  closed.add(2);
  notifier.batchStatus(3, "committed", "0x2");
  assert.equal(notifier.tracked(2), 0, "a connection that can no longer be told is forgotten");
  assert.equal(notifier.tracked(), 4);
  for (let batch = 5; batch < 2000; batch++) notifier.sealed(batch, entries(batch, 3, 1));
  assert.ok(notifier.tracked() <= 12 && notifier.tracked(1) <= 12, `bounded: ${notifier.tracked()}`);
});
