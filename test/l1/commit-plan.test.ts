import { test } from "node:test";
import assert from "node:assert/strict";
import { nextCommit, type PlannedCommit, type UnsentBatch } from "../../sequencer/l1/commit-plan.ts";
import { MAX_COMMIT_CALLDATA_BYTES, commitCalldataSize } from "../../sequencer/l1/commit-transaction.ts";

/** Every commit the plan makes from `first` on, at a fixed clock. */
function plan(batches: UnsentBatch[], now: number, maxCommitDelayMs: number): PlannedCommit[] {
  const commits: PlannedCommit[] = [];
  let next = 1;
  for (let commit; (commit = nextCommit(next, batches.length, (n) => batches[n - 1]!, now, { maxCommitDelayMs })); next = commit.last + 1) commits.push(commit);
  return commits;
}
const sealedEvery100ms = (count: number, dataBytes: number, from = 0): UnsentBatch[] => Array.from({ length: count }, (_, i) => ({ dataBytes, sealedAt: from + i * 100 }));

test("default: many small sealed batches become few commits of consecutive batches, 256 at most", () => {
  const commits = plan(sealedEvery100ms(600, 100), 1_000_000, 1_000);
  assert.deepEqual(commits.map((c) => [c.first, c.last, c.reason]), [[1, 256, "full"], [257, 512, "full"], [513, 600, "delay"]]);
});

test("behavior: a commit stops before its calldata would pass the budget, and a batch too large to share goes alone", () => {
  const big = sealedEvery100ms(10, 40_000);
  const commits = plan(big, 1_000_000, 0);
  for (const c of commits) {
    const size = commitCalldataSize(big.slice(c.first - 1, c.last).map((b) => b.dataBytes));
    assert.ok(size <= MAX_COMMIT_CALLDATA_BYTES, `${c.first}..${c.last}: ${size} bytes`);
    if (c.reason === "full") assert.ok(size + 40_000 > MAX_COMMIT_CALLDATA_BYTES, "nothing more fitted");
  }
  assert.deepEqual(commits.map((c) => [c.first, c.last]), [[1, 3], [4, 6], [7, 9], [10, 10]]);
  const huge = [{ dataBytes: 131_000, sealedAt: 0 }, { dataBytes: 10, sealedAt: 0 }];
  assert.deepEqual(plan(huge, 0, 0).map((c) => [c.first, c.last]), [[1, 1], [2, 2]]);
});

test("behavior: an incomplete commit waits until its oldest batch has waited --max-commit-delay (a fake clock)", () => {
  const batches = sealedEvery100ms(5, 500, 10_000); // sealed at 10,000 … 10,400 ms
  const at = (now: number) => nextCommit(1, batches.length, (n) => batches[n - 1]!, now, { maxCommitDelayMs: 12_000 });
  assert.equal(at(10_400), undefined, "just sealed: wait for more");
  assert.equal(at(21_999), undefined, "1 ms short of the delay");
  assert.deepEqual(at(22_000), { first: 1, last: 5, reason: "delay" }, "the oldest waited 12 s: all five go");
  assert.equal(nextCommit(6, 5, () => assert.fail("no batch to read"), 99_999, { maxCommitDelayMs: 0 }), undefined, "nothing unsent");
  assert.deepEqual(nextCommit(1, 1, () => ({ dataBytes: 1, sealedAt: 5 }), 5, { maxCommitDelayMs: 0 }), { first: 1, last: 1, reason: "delay" }, "delay 0 commits at once");
});
