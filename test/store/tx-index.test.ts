import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { openStore, type Store } from "../../sequencer/store/store.ts";
import { readLocation } from "../../sequencer/store/keys.ts";
import { indexBatchHashes, lookupLocation, TX_INDEX_KEY } from "../../sequencer/store/tx-index.ts";
import { FANOUT, type TxIndexManifest } from "../../sequencer/store/tx-index-merge.ts";
import { ENTRY } from "../../sequencer/store/tx-index-chunks.ts";
import { bytesOf, identity, withStore } from "./fixtures.ts";

const hashOf = (label: string) => bytesOf(label, 32);


const indexBatch = (store: Store, number: number, hashes: Uint8Array[]) => {
  const flat = new Uint8Array(hashes.length * 32);
  hashes.forEach((hash, i) => flat.set(hash, i * 32));
  return store.writeDurably(() => indexBatchHashes(store, number, flat, hashes.length));
};

const located = (store: Store, hash: Uint8Array) => {
  const location = lookupLocation(store, hash);
  return location && readLocation(location);
};

const manifestOf = (store: Store): TxIndexManifest => store.buckets.meta.get(TX_INDEX_KEY);

test("behavior: every hash is found at its location while runs merge across many batch transactions, and after a reopen", async () => {
  const dir = mkdtempSync(join(tmpdir(), "loft-tx-index-"));
  let store = await openStore({ dir, identity });
  try {
    const batches = 80;
    const perBatch = 600; // level-2 merges (8 × 8 × 600 = 38,400 entries) take several batches' work
    const hash = (n: number, i: number) => hashOf(`tx ${n} ${i}`);
    let sawChunkedMerge = false;
    for (let n = 1; n <= batches; n++) {
      await indexBatch(store, n, Array.from({ length: perBatch }, (_, i) => hash(n, i)));
      const manifest = manifestOf(store);
      sawChunkedMerge ||= manifest.merges.some((merge) => merge.written > 0);
      for (const m of [1, Math.ceil(n / 2), n]) assert.deepEqual(located(store, hash(m, (n * 7) % perBatch)), { batch: m, index: (n * 7) % perBatch });
      if (n === 45) {
        await store.close(); // a restart in the middle of merges resumes them from the manifest
        store = await openStore({ dir, identity });
      }
    }
    assert.ok(sawChunkedMerge, "a merge was still under way after a batch's transaction (work split across transactions)");
    for (let n = 1; n <= batches; n++) for (let i = 0; i < perBatch; i++) assert.deepEqual(located(store, hash(n, i)), { batch: n, index: i }, `batch ${n} tx ${i}`);
    assert.equal(located(store, hashOf("never sealed")), undefined);
    assert.equal(lookupLocation(store, new Uint8Array(31)), undefined);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("behavior: merged-away runs are deleted; a drained index holds exactly its live runs' entries in few runs", async () => {
  await withStore(async (store) => {
    const total = 70;
    for (let n = 1; n <= total; n++) await indexBatch(store, n, [hashOf(`a ${n}`), hashOf(`b ${n}`)]);
    for (let n = total + 1; n <= total + 3; n++) await indexBatch(store, n, []); // batches without transactions still do merge work
    const manifest = manifestOf(store);
    assert.deepEqual([manifest.merges.length, manifest.drops.length], [0, 0]);
    const live = manifest.runs.reduce((sum, run) => sum + run.count, 0);
    assert.equal(live, 2 * total);
    const stored = [...store.buckets.txIndex.getRange({})].reduce((sum, { value }) => sum + (value as Uint8Array).length / ENTRY, 0);
    assert.equal(stored, live);
    // 70 batches = 1 run of 64 + 0 of 8 + 6 single batches
    assert.deepEqual(manifest.runs.map((run) => run.level), [2, 0, 0, 0, 0, 0, 0]);
    assert.ok(manifest.runs.every((run, r) => r === 0 || run.id > manifest.runs[r - 1]!.id || run.level < manifest.runs[r - 1]!.level));
    assert.ok(manifest.runs.filter((run) => run.level === 0).length < FANOUT);
  });
});

test("property: lookups agree with a map where the latest batch to carry a hash wins", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }), { minLength: 1, maxLength: 90 }), async (batches) => {
      await withStore(async (store) => {
        const model = new Map<number, { batch: number; index: number }>();
        for (const [b, labels] of batches.entries()) {
          await indexBatch(store, b + 1, labels.map((label) => hashOf(`h ${label}`)));
          labels.forEach((label, index) => model.set(label, { batch: b + 1, index }));
        }
        for (let label = 0; label <= 40; label++) assert.deepEqual(located(store, hashOf(`h ${label}`)), model.get(label), `hash ${label}`);
      });
    }),
    { seed: 20261125, numRuns: process.env.CI ? 15 : 30 },
  );
});
