/**
 * Transaction hash → location, kept as a log-structured merge of sorted runs in one bucket.
 *
 * LMDB is a copy-on-write B-tree: a put under a random key copies the whole 4 KB page it lands
 * on, so indexing each transaction by its (random) hash in one growing tree cost about a page per
 * transaction, and the write cost per batch grew with the store (`npm run bench:store`). Here a
 * batch adds one *run*: its hashes and locations, sorted, in a few chunk values under a run id
 * larger than every other (tx-index-chunks.ts). Runs of one level are merged FANOUT at a time into
 * one run of the next level, a bounded amount of work done in each batch's own transaction
 * (tx-index-merge.ts), so the index needs no write of its own and a crash leaves it exactly as the
 * last committed batch did. A lookup reads one chunk per live run, newest first: at most about
 * 2 × FANOUT runs per level.
 */
import { locationBytes } from "./keys.ts";
import { CHUNK_ENTRIES, ENTRY, chunkFor, compareHashes, findInChunk, putChunk } from "./tx-index-chunks.ts";
import { mergeWork, scheduleMerges, type TxIndexManifest } from "./tx-index-merge.ts";
import type { Store } from "./store.ts";

export const TX_INDEX_KEY = "txIndex";
/** Merge work allowed per batch transaction, in entries merged, per transaction of the batch… */
const WORK_PER_TX = 16;
/** …and at least this much, so that merges finish even when batches are small. */
const MIN_WORK = 4_096;

export function emptyManifest(): TxIndexManifest {
  return { nextRun: 1, runs: [], merges: [], drops: [] };
}

/** Adds batch `number`'s hashes as a new run and does this batch's share of merging. Call inside the batch's write transaction. */
export function indexBatchHashes(store: Store, number: number, hashes: Uint8Array, count: number): void {
  const manifest: TxIndexManifest = store.buckets.meta.get(TX_INDEX_KEY) ?? emptyManifest();
  if (count > 0) {
    const id = manifest.nextRun++;
    // by hash, and of equal hashes the later transaction first: it is the one kept, as a lookup finds the newest
    const order = Array.from({ length: count }, (_, i) => i).sort((x, y) => compareHashes(hashes, x * 32, hashes, y * 32) || y - x);
    const entries = new Uint8Array(count * ENTRY);
    let n = 0;
    for (const i of order) {
      if (n > 0 && compareHashes(hashes, i * 32, entries, (n - 1) * ENTRY) === 0) continue;
      entries.set(hashes.subarray(i * 32, i * 32 + 32), n * ENTRY);
      entries.set(locationBytes(number, i), n * ENTRY + 32);
      n++;
    }
    for (let k = 0; k < n; k += CHUNK_ENTRIES) {
      const size = Math.min(CHUNK_ENTRIES, n - k);
      putChunk(store.buckets.txIndex, id, entries.slice(k * ENTRY, (k + size) * ENTRY), size);
    }
    manifest.runs.push({ id, level: 0, count: n });
  }
  scheduleMerges(manifest);
  mergeWork(store.buckets.txIndex, manifest, Math.max(MIN_WORK, WORK_PER_TX * count));
  store.buckets.meta.put(TX_INDEX_KEY, manifest);
}

/** The 12-byte location (keys.ts locationBytes) of the transaction with this hash, if stored. */
export function lookupLocation(store: Store, hash: Uint8Array): Uint8Array | undefined {
  const manifest: TxIndexManifest | undefined = store.buckets.meta.get(TX_INDEX_KEY);
  if (!manifest || hash.length !== 32) return undefined;
  for (let r = manifest.runs.length - 1; r >= 0; r--) {
    const chunk = chunkFor(store.buckets.txIndex, manifest.runs[r]!.id, hash);
    const at = chunk ? findInChunk(chunk, hash) : -1;
    if (at >= 0) return chunk!.slice(at * ENTRY + 32, (at + 1) * ENTRY);
  }
  return undefined;
}
