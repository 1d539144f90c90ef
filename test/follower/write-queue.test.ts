/** The follower's write queue: batches become stored in order, only the oldest write is waited for, a failure drops the queue. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { WriteQueue } from "../../sequencer/follower/write-queue.ts";

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

test("default: writes count as stored in order, even when a later one flushes first", async () => {
  const stored: number[] = [];
  const queue = new WriteQueue<number>({ onStored: (n) => stored.push(n), onFailed: () => assert.fail("no failure") }, 8);
  const writes = [deferred(), deferred(), deferred()];
  for (const [n, write] of writes.entries()) await queue.add(n, write.promise);
  writes[1]!.resolve();
  await Promise.resolve();
  assert.deepEqual(stored, []);
  writes[0]!.resolve();
  writes[2]!.resolve();
  await queue.settle();
  assert.deepEqual(stored, [0, 1, 2]);
  assert.equal(queue.stored, 3);
});

test("behavior: at the limit, adding waits for the oldest write only; flushed ones are reported on the next add", async () => {
  const stored: number[] = [];
  const queue = new WriteQueue<number>({ onStored: (n) => stored.push(n), onFailed: () => assert.fail("no failure") }, 2);
  const first = deferred();
  await queue.add(0, first.promise);
  let added = false;
  const second = queue.add(1, new Promise<void>(() => {})).then(() => (added = true)); // never flushes
  await new Promise((r) => setImmediate(r));
  assert.equal(added, false, "two outstanding: waits");
  first.resolve();
  await second;
  assert.deepEqual(stored, [0]);
});

test("error: a failed write is reported once, drops the queue and is rethrown", async () => {
  const failures: string[] = [];
  const queue = new WriteQueue<number>({ onStored: () => {}, onFailed: (e) => failures.push(e.message) }, 8);
  const write = deferred();
  await queue.add(0, write.promise);
  await queue.add(1, Promise.resolve());
  write.reject(new Error("disk full"));
  await assert.rejects(queue.settle(), /disk full/);
  assert.deepEqual(failures, ["disk full"]);
  await queue.settle(); // nothing left
  assert.equal(queue.stored, 0);
});
