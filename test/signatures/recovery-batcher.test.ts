import { test } from "node:test";
import assert from "node:assert/strict";
import { TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { RecoveryBatcher } from "../../sequencer/signatures/recovery-batcher.ts";
import { RecoveryStatus } from "../../sequencer/signatures/recovery-status.ts";
import { SignaturePoolError, SignaturePoolErrorCode } from "../../sequencer/signatures/signature-pool-error.ts";

/** A pool stand-in: the "sender" of a record is its first 20 bytes; kind byte 9 means bad signature. */
function fakePool(fail?: Error) {
  const calls: number[] = [];
  return {
    calls,
    async recover(records: Uint8Array, count: number) {
      calls.push(count);
      const copy = records.slice(0, count * TRANSACTION_SIZE); // copied before returning, like the pool
      if (fail) throw fail;
      const senders = new Uint8Array(20 * count);
      const statuses = new Uint8Array(count);
      for (let i = 0; i < count; i++) {
        senders.set(copy.subarray(i * TRANSACTION_SIZE, i * TRANSACTION_SIZE + 20), i * 20);
        statuses[i] = copy[i * TRANSACTION_SIZE] === 9 ? RecoveryStatus.notCanonical : RecoveryStatus.ok;
      }
      return { senders, statuses };
    },
  };
}

const record = (marker: number) => new Uint8Array(TRANSACTION_SIZE).fill(marker);

test("default: single recoveries made in one turn go to the pool as one chunk, answers in order", async () => {
  const pool = fakePool();
  const batcher = new RecoveryBatcher(pool);
  const results = await Promise.all([1, 2, 9, 4].map((m) => batcher.recoverOne(record(m))));
  assert.deepEqual(pool.calls, [4]);
  assert.deepEqual(results.map((r) => r.status), [RecoveryStatus.ok, RecoveryStatus.ok, RecoveryStatus.notCanonical, RecoveryStatus.ok]);
  assert.deepEqual(results[1]!.sender, new Uint8Array(20).fill(2));
  assert.equal(results[2]!.sender, undefined);
  assert.deepEqual((await batcher.recoverOne(record(5))).sender, new Uint8Array(20).fill(5));
  assert.deepEqual(pool.calls, [4, 1]);
});

test("behavior: maxBatch waiting records flush at once; the rest follow in the next chunk", async () => {
  const pool = fakePool();
  const batcher = new RecoveryBatcher(pool, 3);
  const results = await Promise.all([1, 2, 3, 4, 5].map((m) => batcher.recoverOne(record(m))));
  assert.deepEqual(pool.calls, [3, 2]);
  assert.deepEqual(results.map((r) => r.sender![0]), [1, 2, 3, 4, 5]);
});

test("behavior: while the pool has no room, records of later turns gather into one call, sent when room opens", async () => {
  const pool = fakePool();
  let room: (() => void)[] | undefined = []; // undefined: room at once
  const batcher = new RecoveryBatcher({ recover: pool.recover, whenRoom: (callback: () => void) => (room ? room.push(callback) : callback()) });
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const answers = [batcher.recoverOne(record(1))];
  await turn();
  answers.push(batcher.recoverOne(record(2)), batcher.recoverOne(record(3)));
  await turn();
  answers.push(batcher.recoverOne(record(4)));
  await turn();
  assert.deepEqual(pool.calls, [], "nothing sent while the pool is full");
  const waiting = room!;
  room = undefined;
  waiting.forEach((callback) => callback());
  assert.deepEqual((await Promise.all(answers)).map((r) => r.sender![0]), [1, 2, 3, 4]);
  assert.deepEqual(pool.calls, [4], "one call for the four records of three turns");
});

test("error: a pool error rejects every waiter of that chunk; a wrong-size record is refused alone", async () => {
  const busy = new SignaturePoolError(SignaturePoolErrorCode.busy, "signature pool busy");
  const batcher = new RecoveryBatcher(fakePool(busy));
  const outcomes = await Promise.allSettled([batcher.recoverOne(record(1)), batcher.recoverOne(record(2))]);
  assert.deepEqual(outcomes.map((o) => o.status === "rejected" && o.reason), [busy, busy]);
  await assert.rejects(batcher.recoverOne(new Uint8Array(145)), /expected one 146-byte transaction record, got 145 bytes/);
  assert.throws(() => new RecoveryBatcher(fakePool(), 0), /maxBatch must be a positive integer, got 0/);
});

const frame = (...markers: number[]) => {
  const bytes = new Uint8Array(markers.length * TRANSACTION_SIZE);
  markers.forEach((m, i) => bytes.fill(m, i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE));
  return bytes;
};
const firstBytes = (senders: Uint8Array) => Array.from({ length: senders.length / 20 }, (_, i) => senders[i * 20]);

test("default: small frames of one turn share a pool call; each gets its own senders and statuses, in order", async () => {
  const pool = fakePool();
  const batcher = new RecoveryBatcher(pool, 8);
  const [a, b, c] = await Promise.all([batcher.recover(frame(1, 2), 2), batcher.recover(frame(3, 9, 5), 3), batcher.recoverOne(record(6))]);
  assert.deepEqual(pool.calls, [6]);
  assert.deepEqual([firstBytes(a.senders), [...a.statuses]], [[1, 2], [RecoveryStatus.ok, RecoveryStatus.ok]]);
  assert.deepEqual([firstBytes(b.senders), [...b.statuses]], [[3, 9, 5], [RecoveryStatus.ok, RecoveryStatus.notCanonical, RecoveryStatus.ok]]);
  assert.deepEqual(c.sender, new Uint8Array(20).fill(6));
});

test("behavior: a frame that would overflow the batch flushes what waits first; a frame of maxBatch or more goes alone", async () => {
  const pool = fakePool();
  const batcher = new RecoveryBatcher(pool, 4);
  const results = await Promise.all([batcher.recover(frame(1, 2, 3), 3), batcher.recover(frame(4, 5), 2), batcher.recover(frame(6, 7, 8, 9, 10), 5)]);
  assert.deepEqual(pool.calls, [3, 5, 2]);
  assert.deepEqual(results.map((r) => firstBytes(r.senders)), [[1, 2, 3], [4, 5], [6, 7, 8, 9, 10]]);
});
