/** ChainActivity: sliding-window TPS, bounded samples, totals and latest committed / finalized. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ChainActivity } from "../../sequencer/explorer/chain-activity.ts";

test("default: TPS over 10 s and 1 min counts only batches sealed inside the window", () => {
  let now = 100_000;
  const activity = new ChainActivity({ transactions: 5 }, () => now);
  activity.sealed({ number: 1, at: now - 50_000, txCount: 600 });
  activity.sealed({ number: 2, at: now - 5_000, txCount: 100 });
  activity.sealed({ number: 3, at: now - 1_000, txCount: 50 });
  assert.equal(activity.tps(10), 15);
  assert.equal(activity.tps(60), 750 / 60);
  assert.equal(activity.totals.transactions, 755);
  now += 20_000;
  assert.equal(activity.tps(10), 0);
  assert.deepEqual(activity.recent().map((s) => s.number), [2, 3]); // batch 1 left the minute
});

test("behavior: samples are bounded even when every batch is inside the window", () => {
  const activity = new ChainActivity({ transactions: 0 }, () => 1_000_000, 100);
  for (let i = 1; i <= 1_000; i++) activity.sealed({ number: i, at: 999_000, txCount: 1 });
  assert.equal(activity.recent().length, 100);
  assert.equal(activity.recent()[0]!.number, 901);
  assert.equal(activity.totals.transactions, 1_000);
});

test("behavior: latest committed and finalized only move forward", () => {
  const activity = new ChainActivity({ transactions: 0, latestCommitted: 4 });
  activity.statusChanged(3, "committed");
  assert.equal(activity.totals.latestCommitted, 4);
  activity.statusChanged(6, "finalized");
  assert.deepEqual([activity.totals.latestCommitted, activity.totals.latestFinalized], [6, 6]);
  activity.statusChanged(7, "sealed");
  assert.equal(activity.totals.latestCommitted, 6);
});
