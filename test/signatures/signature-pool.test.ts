import { after, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { loadCore } from "../../sequencer/core/index.ts";
import { recoverChunk } from "../../sequencer/signatures/recover-chunk.ts";
import { RecoveryBatcher } from "../../sequencer/signatures/recovery-batcher.ts";
import { RecoveryStatus } from "../../sequencer/signatures/recovery-status.ts";
import { SignaturePool } from "../../sequencer/signatures/signature-pool.ts";
import { SignaturePoolError, SignaturePoolErrorCode } from "../../sequencer/signatures/signature-pool-error.ts";
import { recoveryContext, separator, signedBatch } from "./signed-records.ts";

// Worker start-up under tsx costs a second or more on a busy 2-core machine: the tests share two
// pools (started together), and `after` closes them whatever happens.
const batch = signedBatch(240, 12);
const expected = recoverChunk(await recoveryContext(), batch.records, 240);
const digests = (await loadCore()).hashing.eip712Digests(separator, batch.records.subarray(0, 240 * TRANSACTION_SIZE));
const wide = new SignaturePool({ separator, workers: 3, maxPendingTransactions: 240 });
const crashing = new SignaturePool({ separator, workers: 2, maxChunkTransactions: 8, workerUrl: new URL("./crashing-worker.ts", import.meta.url) });
after(() => Promise.all([wide.close(), crashing.close()]));

const rejectsWith = (promise: Promise<unknown>, code: SignaturePoolErrorCode) =>
  assert.rejects(promise, (error) => error instanceof SignaturePoolError && error.code === code);
const records = (from: number, to = 240) => batch.records.slice(from * TRANSACTION_SIZE, to * TRANSACTION_SIZE);

describe("signature pool", { timeout: 60_000 }, () => {
  test("default: output equals single-thread recovery, in input order, whatever the chunking", async () => {
    assert.ok(expected.statuses.every((s) => s === RecoveryStatus.ok));
    for (const pool of [wide, crashing]) {
      for (const count of [0, 1, 5, 240]) {
        const result = await pool.recover(batch.records, count);
        assert.deepEqual(result.senders, expected.senders.subarray(0, 20 * count), `${pool.size} workers, count ${count}`);
        assert.deepEqual(result.statuses, expected.statuses.subarray(0, count));
        assert.deepEqual(result.digests, digests.subarray(0, 32 * count), "the workers' EIP-712 digests come back too");
      }
      assert.equal(pool.pendingTransactions, 0);
    }
  });

  test("default: ready() resolves once every worker has loaded, and rejects CLOSED after close()", async () => {
    await wide.ready();
    await crashing.ready();
    const pool = new SignaturePool({ separator, workers: 1 });
    const ready = rejectsWith(pool.ready(), SignaturePoolErrorCode.closed); // waiting while it closes
    await pool.close();
    await ready;
    await rejectsWith(pool.ready(), SignaturePoolErrorCode.closed);
  });

  test("behavior: whenRoom waits while chunks are queued and runs once a call would start at once", async () => {
    await crashing.recover(batch.records, 1); // the workers are up
    assert.equal(crashing.hasRoom(), true);
    let ran = 0;
    crashing.whenRoom(() => ran++);
    assert.equal(ran, 1, "room now: at once");
    const call = crashing.recover(batch.records, 240); // 30 chunks of 8 for 2 workers holding 2 each
    assert.equal(crashing.hasRoom(), false);
    const roomSeen = new Promise<boolean>((resolve) => crashing.whenRoom(() => resolve(crashing.hasRoom())));
    assert.equal(ran, 1);
    assert.equal(await roomSeen, true, "called when a call would start at once");
    assert.ok(crashing.pendingTransactions <= 4 * 8, "only the chunks the workers hold were left");
    await call;
  });

  test("behavior: concurrent calls each get their own results in order", async () => {
    const slices = [[0, 100], [100, 103], [103, 240], [7, 8]] as const;
    const results = await Promise.all(slices.map(([from, to]) => crashing.recover(records(from), to - from)));
    slices.forEach(([from, to], k) => assert.deepEqual(results[k]!.senders, expected.senders.subarray(from * 20, to * 20)));
  });

  test("behavior: the caller may reuse its input buffer as soon as recover returns", async () => {
    const input = records(0, 10);
    const pending = wide.recover(input, 10);
    input.fill(0);
    assert.deepEqual((await pending).senders, expected.senders.subarray(0, 200));
  });

  test("behavior: RecoveryBatcher on a real pool answers single records with their signers", async () => {
    const batcher = new RecoveryBatcher(wide);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => batcher.recoverOne(records(i, i + 1))));
    results.forEach((r, i) => assert.deepEqual(r.sender, expected.senders.subarray(i * 20, i * 20 + 20)));
  });

  test("error: bad input and options are refused precisely", async () => {
    assert.throws(() => new SignaturePool({ separator: new Uint8Array(31) }), /separator must be a 32-byte/);
    assert.throws(() => new SignaturePool({ separator, workers: 0 }), /workers must be a positive integer, got 0/);
    await assert.rejects(wide.recover(batch.records.subarray(0, 145), 1), /145 bytes, fewer than 1 × 146-byte/);
    await rejectsWith(wide.recover(batch.records, -1), SignaturePoolErrorCode.badInput);
    await rejectsWith(wide.recover(batch.records, 1.5), SignaturePoolErrorCode.badInput);
  });

  test("error: beyond maxPendingTransactions a call is rejected BUSY at once, and accepted again after", async () => {
    await assert.rejects(wide.recover(new Uint8Array(241 * TRANSACTION_SIZE), 241), /busy: 0 transactions pending, 241 more would exceed the limit of 240/);
    const first = wide.recover(batch.records, 200);
    await rejectsWith(wide.recover(batch.records, 41), SignaturePoolErrorCode.busy);
    const second = wide.recover(records(200), 40);
    assert.equal(wide.pendingTransactions, 240);
    const [a, b] = await Promise.all([first, second]);
    assert.deepEqual(a.senders, expected.senders.subarray(0, 4000));
    assert.deepEqual(b.senders, expected.senders.subarray(4000));
    assert.equal(wide.pendingTransactions, 0);
  });

  test("behavior: a worker that crashes once is replaced and its chunk retried", async () => {
    const input = records(0, 40);
    input[16 * TRANSACTION_SIZE] = 0xed; // first record of the third chunk; the worker rewrites it to 0 (transfer)
    const before = crashing.workerThreadIds;
    const result = await crashing.recover(input, 40);
    assert.deepEqual(result.senders, expected.senders.subarray(0, 800));
    assert.equal(crashing.size, 2);
    assert.notDeepEqual(crashing.workerThreadIds, before);
  });

  test("behavior: the chunk queued behind a crashed one on the same worker is rerun too, not counted as a crash", async () => {
    const input = records(0, 40);
    input[0] = 0xed; // the first chunk crashes once; each worker holds two chunks, so one waits behind it
    const result = await crashing.recover(input, 40);
    assert.deepEqual(result.senders, expected.senders.subarray(0, 800));
    assert.deepEqual([...result.statuses], Array(40).fill(0));
    assert.equal(crashing.pendingTransactions, 0);
  });

  test("error: a chunk that crashes its worker twice rejects WORKER_CRASHED; the pool keeps working", async () => {
    const input = records(0, 40);
    input[8 * TRANSACTION_SIZE] = 0xee;
    await assert.rejects(crashing.recover(input, 40), /crashed twice on a chunk of 8 transactions: injected crash \(poison chunk\)/);
    assert.equal(crashing.size, 2);
    assert.deepEqual((await crashing.recover(batch.records, 30)).senders, expected.senders.subarray(0, 600));
    assert.equal(crashing.pendingTransactions, 0);
  });

  test("error: a worker that cannot start makes every call reject WORKER_START_FAILED", async () => {
    const pool = new SignaturePool({ separator, workers: 1, workerUrl: new URL("./no-such-worker.ts", import.meta.url) });
    try {
      await rejectsWith(pool.ready(), SignaturePoolErrorCode.workerStartFailed);
      await assert.rejects(pool.recover(batch.records, 10), /signature worker failed to start: Cannot find module/);
      await rejectsWith(pool.recover(batch.records, 10), SignaturePoolErrorCode.workerStartFailed);
    } finally {
      await pool.close();
    }
  });

  test("behavior: an idle pool does not keep the process alive (workers are unref'd between chunks)", async () => {
    const child = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./idle-pool-child.ts", import.meta.url))], { encoding: "utf8", timeout: 30_000 });
    assert.equal(child.error, undefined, "the child exited by itself within 30 s");
    assert.equal(child.stdout.trim(), "recovered 3, pending 0");
    assert.equal(child.status, 0, child.stderr);
  });

  test("behavior: close() rejects pending calls CLOSED and leaves no worker running", { timeout: 20_000 }, async () => {
    // Keeps the event loop alive for the test's own awaits: the pool's workers are unref'd by design,
    // and node:test cancels a test whose loop drains (seen once in four full-suite runs). A close()
    // that never settled would still fail, by the timeout.
    const keepAlive = setInterval(() => {}, 1_000);
    try {
      const rejected = rejectsWith(crashing.recover(batch.records, 240), SignaturePoolErrorCode.closed);
      await crashing.close();
      await rejected;
      await rejectsWith(crashing.recover(batch.records, 1), SignaturePoolErrorCode.closed);
      assert.deepEqual(crashing.workerThreadIds, [-1, -1]);
      await crashing.close(); // idempotent
    } finally {
      clearInterval(keepAlive);
    }
  });
});
