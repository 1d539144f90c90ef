/** node/l1-progress.ts: an L1 head that stops while a commit waits is reported once, after the stall time, and cleared when blocks come. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { L1Progress, latestBatchWait } from "../../sequencer/node/l1-progress.ts";
import type { BatchRecord } from "../../sequencer/store/sealed-batch.ts";

const batch = (number: number, status: BatchRecord["status"], sealedAt: number, committedAt?: number) => ({ number, status, sealedAt, committedAt }) as BatchRecord;

test("default: a head that does not move while a commit waits is stalled after the stall time, once; a new block clears it", () => {
  const progress = new L1Progress(30_000);
  const wait = latestBatchWait(batch(7, "sealed", 0), 1_000, 2)!;
  assert.equal(wait.what, "batch 7 waits for its commit and 2 L1 confirmations");
  assert.equal(progress.observe(100, wait, 0), undefined);
  assert.equal(progress.observe(100, wait, 30_999), undefined, "the commit delay is not L1's fault");
  const stalled = progress.observe(100, wait, 31_000);
  assert.ok(stalled && "stalled" in stalled);
  assert.match(stalled.stalled, /^L1 stalled: no new block since block 100 31 s ago while batch 7 waits for its commit and 2 L1 confirmations; .*evm_setIntervalMining/);
  assert.ok(progress.stalled);
  assert.equal(progress.observe(100, wait, 60_000), undefined, "said once");
  assert.deepEqual(progress.observe(101, wait, 61_000), { resumed: "L1 produces blocks again (block 101), 30 s after it was reported stalled" });
  assert.equal(progress.stalled, false);
});

test("behavior: nothing waiting (all final, or only genesis) is never a stall; a committed batch waits for its challenge window", () => {
  const progress = new L1Progress(1_000);
  assert.equal(progress.observe(5, latestBatchWait(batch(3, "finalized", 0), 0, 1), 0), undefined);
  assert.equal(progress.observe(5, latestBatchWait(batch(3, "finalized", 0), 0, 1), 100_000), undefined);
  assert.equal(latestBatchWait(batch(0, "sealed", 0), 0, 1), undefined);
  assert.equal(latestBatchWait(undefined, 0, 1), undefined);
  const committed = latestBatchWait(batch(4, "committed", 0, 50_000), 0, 1)!;
  assert.deepEqual(committed, { what: "batch 4 waits for L1 time to pass its challenge window", since: 50_000 });
  assert.equal(progress.observe(5, committed, 50_999), undefined);
  assert.ok(progress.observe(5, committed, 51_000));
});
