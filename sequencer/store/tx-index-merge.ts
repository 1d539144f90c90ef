/**
 * The merging half of the transaction index (tx-index.ts): its manifest, which runs exist at which
 * level, which merges are under way and how far, and which merged-away runs still await deletion.
 * All of it lives in one meta value written in the same transaction as the entries it describes,
 * so every committed state is consistent and a crash needs no repair. A merge's target run is not
 * in `runs` until it is complete, so lookups never see it half-written; its sources stay listed
 * until then.
 */
import type { Database } from "lmdb";
import { runKey } from "./keys.ts";

/** Runs of one level merged at a time into one run of the next level. */
export const FANOUT = 8;
/** Runs at this level are not merged further (8^5 = 32,768 batches each). */
export const MAX_LEVEL = 5;

export interface TxIndexRun {
  id: number;
  level: number;
  count: number;
}

export interface TxIndexMerge {
  level: number;
  target: number;
  /** Source run ids, oldest first: of equal hashes the newest source wins, as in a lookup. */
  sources: number[];
  /** Per source, the last hash merged (null: none yet), and whether the source is used up. */
  after: (Uint8Array | null)[];
  done: boolean[];
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

const ZERO_HASH = new Uint8Array(32);

/** Starts a merge on every level (below MAX_LEVEL) that has FANOUT runs and no merge under way. */
export function scheduleMerges(manifest: TxIndexManifest): void {
  for (let level = 0; level < MAX_LEVEL; level++) {
    if (manifest.merges.some((merge) => merge.level === level)) continue;
    const runs = manifest.runs.filter((run) => run.level === level);
    if (runs.length < FANOUT) continue;
    const sources = runs.slice(0, FANOUT).map((run) => run.id);
    manifest.merges.push({ level, target: manifest.nextRun++, sources, after: sources.map(() => null), done: sources.map(() => false), written: 0 });
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

function dropSome(bucket: Database, manifest: TxIndexManifest, budget: number): number {
  const run = manifest.drops[0]!;
  const keys = [...bucket.getKeys({ start: runKey(run, ZERO_HASH), end: runKey(run + 1, ZERO_HASH), limit: budget })] as Uint8Array[];
  for (const key of keys) bucket.remove(key);
  if (keys.length < budget) manifest.drops.shift();
  return Math.max(1, keys.length);
}

interface Fetched {
  source: number; // position in merge.sources
  entries: { hash: Uint8Array; location: Uint8Array }[];
  next: number;
  more: boolean; // the chunk was full: the source may hold more after it
}

/** One step of a k-way merge: read a chunk of each live source, write what is known to come first. */
function mergeSome(bucket: Database, manifest: TxIndexManifest, merge: TxIndexMerge, budget: number): number {
  const live = merge.sources.map((_, s) => s).filter((s) => !merge.done[s]);
  const chunk = Math.max(64, Math.ceil(budget / live.length));
  const fetched: Fetched[] = live.map((s) => fetchChunk(bucket, merge, s, chunk));
  // entries up to the smallest last hash of a source that may hold more are final
  let bound: Uint8Array | undefined;
  for (const f of fetched) {
    const last = f.entries[f.entries.length - 1];
    if (f.more && last && (!bound || Buffer.compare(last.hash, bound) < 0)) bound = last.hash;
  }
  let read = 0;
  for (const f of fetched) read += f.entries.length;
  for (;;) {
    let least: Uint8Array | undefined;
    for (const f of fetched) {
      const head = f.entries[f.next];
      if (head && (!least || Buffer.compare(head.hash, least) < 0)) least = head.hash;
    }
    if (!least || (bound && Buffer.compare(least, bound) > 0)) break;
    let location: Uint8Array | undefined;
    for (const f of fetched) {
      const head = f.entries[f.next];
      if (!head || Buffer.compare(head.hash, least) !== 0) continue;
      location = head.location; // fetched is in source order, oldest first: the newest is kept
      merge.after[f.source] = head.hash;
      f.next++;
    }
    bucket.put(runKey(merge.target, least), location!);
    merge.written++;
  }
  for (const f of fetched) if (!f.more && f.next === f.entries.length) merge.done[f.source] = true;
  if (merge.done.every(Boolean)) finish(manifest, merge);
  return Math.max(1, read);
}

function fetchChunk(bucket: Database, merge: TxIndexMerge, s: number, chunk: number): Fetched {
  const run = merge.sources[s]!;
  const after = merge.after[s];
  const range = bucket.getRange({ start: runKey(run, after ?? ZERO_HASH), end: runKey(run + 1, ZERO_HASH), limit: chunk, exclusiveStart: after !== null });
  const entries = [...range].map(({ key, value }) => ({ hash: (key as Uint8Array).slice(4), location: Uint8Array.from(value as Uint8Array) }));
  return { source: s, entries, next: 0, more: entries.length === chunk };
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
