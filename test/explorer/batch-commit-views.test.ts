/**
 * The explorer's v2 batch fields (docs/explorer-api.md): the commit that carries a batch, its
 * chunk count and the posted chunk entries (docs/fraud-proofs.md §1–§2), from stored records.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hexlify } from "ethers";
import { batchChunks } from "../../sequencer/explorer/batch-chunks.ts";
import { batchSummary } from "../../sequencer/explorer/explorer-views.ts";
import { storedCommit } from "./stored-commit.ts";

test("default: every batch of a commit shows the same commit: index, batch range, count and L1 transaction", () => {
  const stored = storedCommit(7, 20, [{ queueMessages: 0, userCount: 3 }, { queueMessages: 2, userCount: 70 }, { queueMessages: 1, userCount: 0 }]);
  for (const number of [20, 21, 22]) {
    const summary = batchSummary(stored.records.get(number)!);
    assert.deepEqual(summary.commit, { index: 7, firstBatch: 20, lastBatch: 22, batches: 3, l1TxHash: stored.records.get(number)!.l1TxHash });
  }
  assert.deepEqual([20, 21, 22].map((n) => batchSummary(stored.records.get(n)!).chunkCount), [1, 3, 1]);
});

test("behavior: a batch not committed yet has commit null", () => {
  const stored = storedCommit(1, 1, [{ queueMessages: 0, userCount: 1 }]);
  const { commit: _, l1TxHash: __, ...sealed } = stored.records.get(1)!;
  assert.equal(batchSummary({ ...sealed, status: "sealed" }).commit, null);
});

test("default: chunk entries as posted, with the positions each chunk covers (queue messages first)", () => {
  const stored = storedCommit(3, 8, [{ queueMessages: 5, userCount: 60 }]);
  const chunks = batchChunks(stored.reader, stored.records.get(8)!)!;
  assert.deepEqual(chunks.map((c) => [c.index, c.firstPosition, c.positions]), [[0, 0, 32], [1, 32, 32], [2, 64, 1]]);
  assert.deepEqual(chunks.map((c) => c.entry), stored.entries.get(8)!.map((e) => hexlify(e)));
  assert.deepEqual(chunks.map((c) => c.bytes), [3, 4, 5]);
});

test("behavior: the first batch's parent is genesis, which the store does not keep (no queue message before it)", () => {
  const stored = storedCommit(1, 1, [{ queueMessages: 33, userCount: 0 }]);
  assert.deepEqual(batchChunks(stored.reader, stored.records.get(1)!)!.map((c) => c.positions), [32, 1]);
});

test("error: no chunk entries without the batch's stored data", () => {
  const stored = storedCommit(3, 8, [{ queueMessages: 0, userCount: 2 }]);
  stored.data.delete(8);
  assert.equal(batchChunks(stored.reader, stored.records.get(8)!), null);
});
