/**
 * The merging half of the transaction index (tx-index.ts): its manifest, which runs exist at which
 * level, which merges are under way and how far, and which merged-away runs still await deletion.
 * All of it lives in one meta value written in the same transaction as the entries it describes,
 * so every committed state is consistent and a crash needs no repair. A merge's target run is not
 * in `runs` until it is complete, so lookups never see it half-written; its sources stay listed
 * until then.
 */
import type { Database } from "lmdb";
import { CHUNK_ENTRIES, ENTRY, chunkAfter, chunkAt, chunkKeys, compareHashes, putChunk } from "./tx-index-chunks.ts";

/** Runs of one level merged at a time into one run of the next level. */
export const FANOUT = 8;
/** Runs at this level are not merged further (8^5 = 32,768 batches each). */
export const MAX_LEVEL = 5;

export interface TxIndexRun {
  id: number;
  level: number;
  count: number;
}

/** Where a merge stands in one source run: the chunk it reads (by first hash; null: not started) and the next entry in it. */
export interface SourceCursor {
  chunk: Uint8Array | null;
  offset: number;
  done: boolean;
}

export interface TxIndexMerge {
  level: number;
  target: number;
  /** Source run ids, oldest first: of equal hashes the newest source wins, as in a lookup. */
  sources: number[];
  cursors: SourceCursor[];
  written: number;
}

export interface TxIndexManifest {
  nextRun: number;
  /** Live runs, oldest first (so by level, highest first). */
  runs: TxIndexRun[];
  merges: TxIndexMerge[];
  /** Runs merged away whose entries are still to be deleted. */
  drops: number[];
}

/** Starts a merge on every level (below MAX_LEVEL) that has FANOUT runs and no merge under way. */
export function scheduleMerges(manifest: TxIndexManifest): void {
  for (let level = 0; level < MAX_LEVEL; level++) {
    if (manifest.merges.some((merge) => merge.level === level)) continue;
    const runs = manifest.runs.filter((run) => run.level === level);
    if (runs.length < FANOUT) continue;
    const sources = runs.slice(0, FANOUT).map((run) => run.id);
    const cursors = sources.map(() => ({ chunk: null, offset: 0, done: false }));
    manifest.merges.push({ level, target: manifest.nextRun++, sources, cursors, written: 0 });
  }
}

/** Deletes merged-away runs, then advances merges lowest level first, within about `budget` entries. */
export function mergeWork(bucket: Database, manifest: TxIndexManifest, budget: number): void {
  let left = budget;
  while (left > 0 && manifest.drops.length > 0) left -= dropSome(bucket, manifest, left);
  for (const merge of [...manifest.merges].sort((a, b) => a.level - b.level)) {
    if (left <= 0) break;
    left -= mergeSome(bucket, manifest, merge, left);
  }
}

/** Deletes chunks of the oldest merged-away run; a chunk counts as a quarter of its entries. */
function dropSome(bucket: Database, manifest: TxIndexManifest, budget: number): number {
  const limit = Math.max(1, Math.ceil((4 * budget) / CHUNK_ENTRIES));
  const keys = chunkKeys(bucket, manifest.drops[0]!, limit);
  for (const key of keys) bucket.remove(key);
  if (keys.length < limit) manifest.drops.shift();
  return Math.max(1, (keys.length * CHUNK_ENTRIES) / 4);
}

/** A source being read: its current chunk's entries and the cursor into them. */
interface Reader {
  run: number;
  cursor: SourceCursor;
  entries: Uint8Array;
}

/** Up to `budget` entries of a k-way merge of the sources into the target, in chunks. */
function mergeSome(bucket: Database, manifest: TxIndexManifest, merge: TxIndexMerge, budget: number): number {
  const readers = merge.sources.map((run, s) => openReader(bucket, run, merge.cursors[s]!));
  let out = new Uint8Array(CHUNK_ENTRIES * ENTRY);
  let n = 0;
  let merged = 0;
  while (merged < budget) {
    let least: Reader | undefined;
    for (const reader of readers) {
      if (!reader.cursor.done && (!least || compareHashes(reader.entries, reader.cursor.offset * ENTRY, least.entries, least.cursor.offset * ENTRY) < 0)) least = reader;
    }
    if (!least) break;
    out.set(least.entries.subarray(least.cursor.offset * ENTRY, least.cursor.offset * ENTRY + 32), n * ENTRY);
    // readers are oldest first: the last with an equal hash is the newest, and its location is kept
    for (const reader of readers) {
      if (reader.cursor.done || compareHashes(reader.entries, reader.cursor.offset * ENTRY, out, n * ENTRY) !== 0) continue;
      out.set(reader.entries.subarray(reader.cursor.offset * ENTRY + 32, (reader.cursor.offset + 1) * ENTRY), n * ENTRY + 32);
      advance(bucket, reader);
    }
    n++;
    merged++;
    if (n === CHUNK_ENTRIES) {
      putChunk(bucket, merge.target, out, n);
      [out, n] = [new Uint8Array(CHUNK_ENTRIES * ENTRY), 0];
    }
  }
  if (n > 0) putChunk(bucket, merge.target, out, n);
  merge.written += merged;
  if (merge.cursors.every((cursor) => cursor.done)) finish(manifest, merge);
  return Math.max(1, merged);
}

function openReader(bucket: Database, run: number, cursor: SourceCursor): Reader {
  const reader: Reader = { run, cursor, entries: new Uint8Array(0) };
  if (cursor.done) return reader;
  if (cursor.chunk === null) {
    const first = chunkAfter(bucket, run, null);
    if (!first) cursor.done = true;
    else [cursor.chunk, reader.entries] = [first.first, first.entries];
  } else {
    const entries = chunkAt(bucket, run, cursor.chunk);
    if (!entries) throw new Error(`transaction index: run ${run} lost the chunk a merge stopped in`);
    reader.entries = entries;
  }
  return reader;
}

function advance(bucket: Database, reader: Reader): void {
  const { cursor } = reader;
  cursor.offset++;
  if (cursor.offset * ENTRY < reader.entries.length) return;
  const next = chunkAfter(bucket, reader.run, cursor.chunk);
  if (!next) {
    cursor.done = true;
    return;
  }
  [cursor.chunk, cursor.offset, reader.entries] = [next.first, 0, next.entries];
}

/** The merged run replaces its sources where they stood; their entries are deleted later. */
function finish(manifest: TxIndexManifest, merge: TxIndexMerge): void {
  const at = manifest.runs.findIndex((run) => run.id === merge.sources[0]);
  manifest.runs = manifest.runs.filter((run) => !merge.sources.includes(run.id));
  manifest.runs.splice(at, 0, { id: merge.target, level: merge.level + 1, count: merge.written });
  manifest.merges = manifest.merges.filter((m) => m !== merge);
  manifest.drops.push(...merge.sources);
  scheduleMerges(manifest);
}
