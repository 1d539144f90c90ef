/**
 * Storage faults at the store: on a disk that is really full (a size-limited tmpfs; skipped where
 * none can be mounted) a write rejects with a StorageFaultError and nothing goes unhandled, reads
 * go on, a refused batch is written by a retry once space returns; and a retried batch whose
 * commit went through is not written twice.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeSealedBatch } from "../../sequencer/store/batch-writer.ts";
import { isStorageFault, StorageFaultError, storageFaultOf } from "../../sequencer/store/storage-fault.ts";
import { StorageHealth } from "../../sequencer/store/storage-health.ts";
import { openStore } from "../../sequencer/store/store.ts";
import { StoreReader } from "../../sequencer/store/store-reader.ts";
import { mountSizeLimitedDir } from "../node/size-limited-dir.ts";
import { BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import { addressOf, bytesOf, identity, makeBatch, withStore } from "./fixtures.ts";


/**
 * The size of the refused main-thread writes here. The node's own main-thread writes are small
 * (queue records, poster records, batch status); with one 1 MiB value lmdb-js 3.5.6's async commit
 * failing on ENOSPC intermittently corrupted the heap ("corrupted size vs. prev_size", SIGABRT).
 */
const MAIN_THREAD_WRITE = 100_000;

/** Runs `run` and fails if any promise rejection went unhandled meanwhile (the crash this guards against). */
async function noUnhandledRejections(run: () => Promise<void>): Promise<void> {
  const unhandled: unknown[] = [];
  const listener = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", listener);
  try {
    await run();
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    process.off("unhandledRejection", listener);
  }
  assert.deepEqual(unhandled.map(String), []);
}

test("behavior: on a full disk a write rejects with \"disk full\", nothing is left unhandled, reads go on; freed, writes succeed again", async (t) => {
  const disk = mountSizeLimitedDir(24);
  if (typeof disk === "string") return t.skip(disk);
  try {
    await noUnhandledRejections(async () => {
      const store = await openStore({ dir: `${disk.path}/data`, identity, minFreeBytes: 0 }); // LMDB itself meets the full disk
      try {
        await store.writeDurably(() => store.buckets.meta.put("before", 1));
        disk.fill();
        const big = new Uint8Array(MAIN_THREAD_WRITE).fill(7);
        const refused = await store.writeDurably(() => store.buckets.batchData.put(1, big)).then(() => undefined, (error: unknown) => error);
        assert.ok(isStorageFault(refused), `a StorageFaultError, not ${String(refused)}`);
        assert.equal(refused.message, "disk full");
        assert.match(refused.detail, /0 bytes free|[0-9.]+ (bytes|MiB) free/);
        assert.equal(store.health.fault, refused);
        assert.equal(store.buckets.meta.get("before"), 1, "reads go on");
        assert.equal(store.buckets.batchData.get(1), undefined, "nothing of the refused write is stored");
        await assert.rejects(store.writeDurably(() => store.buckets.meta.put("during", 1)), (error) => error === refused, "refused at once while the disk is still full");
        disk.free();
        // the probe is refused during the backoff after the failure (1 s), then goes through
        for (let i = 0; i < 40 && store.health.fault; i++) {
          await store.probeWrites().catch(() => {});
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(store.health.fault, undefined);
        await store.writeDurably(() => store.buckets.batchData.put(1, big));
        assert.equal(store.buckets.batchData.get(1)?.length, big.length);
      } finally {
        await store.close();
      }
    });
  } finally {
    disk.remove();
  }
});

test("behavior: a batch the full disk refuses, and the ones after it, are written by a retry in order once space returns", async (t) => {
  const disk = mountSizeLimitedDir(24);
  if (typeof disk === "string") return t.skip(disk);
  const dir = `${disk.path}/data`;
  try {
    await noUnhandledRejections(async () => {
      let store = await openStore({ dir, identity, batchWriterThread: true, minFreeBytes: 0 });
      try {
        await writeSealedBatch(store, makeBatch(1, 50));
        disk.fill();
        const [second, third] = [makeBatch(2, 4_000), makeBatch(3, 50)];
        const outcomes = await Promise.allSettled([writeSealedBatch(store, second), writeSealedBatch(store, third)]);
        assert.deepEqual(outcomes.map((o) => o.status), ["rejected", "rejected"]);
        for (const outcome of outcomes) assert.ok(isStorageFault((outcome as PromiseRejectedResult).reason), String((outcome as PromiseRejectedResult).reason));
        assert.match(String((outcomes[1] as PromiseRejectedResult).reason.cause?.message), /batch 3 not written: an earlier batch \(2\) failed/);
        assert.equal(store.health.fault?.message, "disk full");
        assert.equal(new StoreReader(store).latestSealed(), 1, "reads go on: batch 1 is there, nothing of 2 or 3");
        disk.free();
        await writeSealedBatch(store, second);
        await writeSealedBatch(store, third);
        assert.equal(store.health.fault, undefined);
      } finally {
        await store.close();
      }
      store = await openStore({ dir, identity });
      try {
        const reader = new StoreReader(store);
        assert.equal(reader.latestSealed(), 3);
        for (const n of [1, 2, 3]) assert.equal(reader.transaction(makeBatch(n, n === 2 ? 4_000 : 50).hashes.subarray(0, 32))?.batch, n);
        assert.deepEqual(reader.addressHistory(addressOf(2), 3).map((h) => h.batch), [3, 3, 3], "history links to the retried batches");
      } finally {
        await store.close();
      }
    });
  } finally {
    disk.remove();
  }
});

test("behavior: under 16 MiB free (the default) writes are refused as \"disk full\" without being tried, and a store opened there starts faulted", async (t) => {
  const disk = mountSizeLimitedDir(24);
  if (typeof disk === "string") return t.skip(disk);
  const dir = `${disk.path}/data`;
  try {
    await noUnhandledRejections(async () => {
      let store = await openStore({ dir, identity, batchWriterThread: true });
      await writeSealedBatch(store, makeBatch(1, 50));
      disk.fill();
      const refused = await writeSealedBatch(store, makeBatch(2, 50)).then(() => undefined, (error: unknown) => error);
      assert.ok(isStorageFault(refused) && refused.message === "disk full", String(refused));
      assert.match(refused.detail, /under the 16\.0 MiB a batch write needs/);
      await assert.rejects(store.writeDurably(() => store.buckets.meta.put("x", 1)), /disk full/);
      await store.close();
      store = await openStore({ dir, identity });
      assert.equal(store.health.fault?.message, "disk full", "opened on the full disk: faulted before any write");
      disk.free();
      await store.probeWrites();
      assert.equal(store.health.fault, undefined);
      await store.close();
    });
  } finally {
    disk.remove();
  }
});

test("behavior: a batch handed over again after its commit went through is not written twice; another batch of that number is refused", async () => {
  await withStore(async (store) => {
    const batch = makeBatch(1, 3);
    await writeSealedBatch(store, batch);
    await writeSealedBatch(store, batch); // a retry after a flush that failed
    const reader = new StoreReader(store);
    assert.deepEqual(reader.addressHistory(addressOf(0), 10).map((h) => [h.batch, h.index]), [[1, 2], [1, 1], [1, 0]], "one history entry per transaction");
    const header = { ...batch.header, txRoot: bytesOf("another batch 1", 32) };
    await assert.rejects(writeSealedBatch(store, { ...batch, header, root: BatchHeader.hashTreeRoot(header) }), /batch 1 is already stored with another root/);
  });
});

test("behavior: a store closes while its disk is still full, after refused writes on both threads", async (t) => {
  const disk = mountSizeLimitedDir(24);
  if (typeof disk === "string") return t.skip(disk);
  try {
    await noUnhandledRejections(async () => {
      const store = await openStore({ dir: `${disk.path}/data`, identity, batchWriterThread: true, minFreeBytes: 0 });
      await writeSealedBatch(store, makeBatch(1, 50));
      disk.fill();
      await assert.rejects(writeSealedBatch(store, makeBatch(2, 4_000)), (error) => isStorageFault(error));
      await assert.rejects(store.writeDurably(() => store.buckets.batchData.put(9, new Uint8Array(MAIN_THREAD_WRITE))), (error) => isStorageFault(error));
      await store.close(); // lmdb-js waits for the failed commits' flushes: this must not hang
    });
  } finally {
    disk.remove();
  }
});

test("default: a refused write is \"disk full\" when the file system is (nearly) full or says so, else \"storage error: <reason>\"; a bug is not a storage fault", () => {
  const dir = process.cwd(); // plenty of space here
  const io = storageFaultOf(dir, Object.assign(new Error("Input/output error"), { code: 5 }));
  assert.deepEqual([io?.message, io?.diskFull], ["storage error: Input/output error", false]);
  assert.match(io!.detail, /Input\/output error \(code 5\), [0-9.]+ MiB free/);
  const noSpace = storageFaultOf(dir, Object.assign(new Error("No space left on device: Attempting to write page"), { code: 28 }));
  assert.deepEqual([noSpace?.message, noSpace?.diskFull], ["disk full", true]);
  assert.equal(storageFaultOf(dir, Object.assign(new Error("MDB_MAP_FULL: Environment mapsize limit reached"), { code: -30792 }))?.message, "disk full");
  assert.equal(storageFaultOf(dir, new Error("address history is broken: batch 3 is not stored")), undefined);
});

test("behavior: health is faulted while either slot is, and says so once each way", () => {
  const health = new StorageHealth();
  const changes: (string | undefined)[] = [];
  health.onChange((fault) => changes.push(fault?.message));
  const full = new StorageFaultError("disk full", true, "d");
  health.failed("batches", full);
  health.failed("writes", new StorageFaultError("storage error: x", false, "d"));
  health.succeeded("batches");
  assert.equal(health.fault?.message, "storage error: x");
  health.succeeded("writes");
  assert.equal(health.fault, undefined);
  assert.deepEqual(changes, ["disk full", undefined]);
});
