/**
 * /api/stats on v2 (docs/explorer-api.md): the latest and finalized commit indices, and on a
 * follower its frozen record (the fraud kind named) and its challenger's report, passed through.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ChainActivity, type ChainTotals } from "../../sequencer/explorer/chain-activity.ts";
import { ChainStats, type FollowerStats } from "../../sequencer/explorer/chain-stats.ts";
import type { StoreReader } from "../../sequencer/store/store-reader.ts";
import { storedCommit } from "./stored-commit.ts";

function statsOf(follower?: () => FollowerStats, totals: ChainTotals = { transactions: 0, latestCommitted: 22, latestFinalized: 20 }) {
  const stored = storedCommit(7, 20, [{ queueMessages: 0, userCount: 3 }, { queueMessages: 0, userCount: 3 }, { queueMessages: 0, userCount: 3 }]);
  stored.records.set(19, { ...stored.records.get(19)!, commit: { index: 6, firstBatch: 17, lastBatch: 19 } });
  const reader = { ...stored.reader, latestSealed: () => 22 } as unknown as StoreReader;
  return new ChainStats({
    reader, activity: new ChainActivity(totals), accountCount: () => 1, mempool: { size: 0, counts: { ready: 0, future: 0 } },
    sequencer: "0x0000000000000000000000000000000000000001", l1Balance: async () => 1n,
    ...(follower ? { follower } : {}),
  });
}

const frozen = { cause: "fraud" as const, escapeBatch: 19, escapeQueueCount: 2, escapeStateRoot: "0x01", frozenAt: 1_700_000_000, provenBatch: 21, kind: 8, l1TxHash: `0x${"ab".repeat(32)}`, l1Block: 90, removedCommit: 7, removedFromBatch: 20, verifiedButRemoved: 2 };

test("default: commits.latest and commits.finalized are the commits of the latest committed and finalized batches", async () => {
  const stats = await statsOf().read();
  assert.deepEqual(stats.commits, { latest: 7, finalized: 7 });
  assert.equal("follower" in stats, false);
  const early = await statsOf(undefined, { transactions: 0, latestCommitted: 19 }).read();
  assert.deepEqual(early.commits, { latest: 6, finalized: null });
});

test("behavior: a follower's frozen record is shown with the fraud kind's name; null while not frozen", async () => {
  const running = await statsOf(() => ({ verifiedBatch: 22, mismatch: null, frozen: null })).read();
  assert.deepEqual(running.follower, { verifiedBatch: 22, mismatch: null, frozen: null });
  const stopped = await statsOf(() => ({ verifiedBatch: 19, mismatch: { batch: 21, field: "stateRoot", detail: "chunk 0" }, frozen })).read();
  assert.deepEqual(stopped.follower?.frozen, { ...frozen, kindName: "StateRoot" });
  const unknownKind = await statsOf(() => ({ verifiedBatch: 19, mismatch: null, frozen: { ...frozen, kind: 99 } })).read();
  assert.equal(unknownKind.follower?.frozen?.kindName, null);
});

test("behavior: a challenger's report is passed through as the follower gives it", async () => {
  const challenger = { prover: "0x00000000000000000000000000000000000000c1", proofs: [{ batch: 21, status: "proven", fn: "proveStateTransition", kind: "StateRoot", chunk: 0, position: 3, at: "2026-01-01T00:00:00.000Z" }], lastError: null };
  const stats = await statsOf(() => ({ verifiedBatch: 19, mismatch: null, frozen, challenger })).read();
  assert.deepEqual(stats.follower?.challenger, challenger);
});
