/** Batches written on the writer thread: the same bytes as an inline write, readable here at once, closed cleanly. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../../sequencer/store/store.ts";
import { writeSealedBatch } from "../../sequencer/store/batch-writer.ts";
import { BatchWriterError } from "../../sequencer/store/batch-writer-thread.ts";
import { StoreReader } from "../../sequencer/store/store-reader.ts";
import { Bucket, type BucketName } from "../../sequencer/store/buckets.ts";
import { identity, makeBatch } from "./fixtures.ts";

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "loft-writer-thread-"));
  dirs.push(dir);
  return dir;
};
test.after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Every key and value of every bucket but meta's identity, as JSON-able text. */
function dump(store: Store): string[] {
  const lines: string[] = [];
  for (const name of Object.keys(Bucket) as BucketName[]) {
    for (const { key, value } of store.buckets[name].getRange({})) {
      if (name === "meta" && key === "identity") continue;
      lines.push(`${name} ${JSON.stringify(key)} ${JSON.stringify(value)}`);
    }
  }
  return lines;
}

test("default: batches written on the thread equal inline writes and are readable as soon as the write resolves", async () => {
  const threaded = await openStore({ dir: freshDir(), identity, batchWriterThread: true });
  const inline = await openStore({ dir: freshDir(), identity });
  try {
    assert.ok(threaded.batchWriter, "the store has a writer thread");
    const reader = new StoreReader(threaded);
    reader.latestSealed(); // holds a read transaction open, as a busy node does
    for (let n = 1; n <= 12; n++) {
      const batch = makeBatch(n, 1 + (n % 5));
      await writeSealedBatch(threaded, batch);
      await writeSealedBatch(inline, batch);
      assert.equal(reader.latestSealed(), n, `batch ${n} is visible to this thread right away`);
      assert.deepEqual(reader.transaction(batch.hashes.subarray(0, 32))?.batch, n);
    }
    assert.deepEqual(dump(threaded), dump(inline));
  } finally {
    await threaded.close();
    await inline.close();
  }
});

test("behavior: close waits for the writes handed over; afterwards a write is refused with a clear error", async () => {
  const dir = freshDir();
  const store = await openStore({ dir, identity, batchWriterThread: true });
  const writes = Array.from({ length: 6 }, (_, i) => writeSealedBatch(store, makeBatch(i + 1, 40)));
  await store.close();
  await Promise.all(writes);
  await assert.rejects(store.batchWriter!.write(makeBatch(7)), BatchWriterError);
  const reopened = await openStore({ dir, identity });
  try {
    assert.equal(new StoreReader(reopened).latestSealed(), 6);
  } finally {
    await reopened.close();
  }
});

test("behavior: a field that is a view into a larger buffer is written as exactly its own bytes", async () => {
  const store = await openStore({ dir: freshDir(), identity, batchWriterThread: true });
  try {
    const batch = makeBatch(1, 2);
    const big = new Uint8Array(64 * 1024 * 1024);
    big.set(batch.data, 1000);
    await writeSealedBatch(store, { ...batch, data: big.subarray(1000, 1000 + batch.data.length) });
    assert.deepEqual(new Uint8Array(new StoreReader(store).batchData(1)!), batch.data);
  } finally {
    await store.close();
  }
});
