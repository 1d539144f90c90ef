/**
 * How the transaction index's runs are stored: entries of hash (32) ‖ location (12), sorted by
 * hash, CHUNK_ENTRIES to a value, each value keyed by run id ‖ the hash of its first entry. So a
 * batch's run is a few puts, a merge writes and deletes a key per chunk rather than per entry,
 * and a lookup reads one chunk per run: the one with the greatest first hash not above it.
 */
import type { Database } from "lmdb";
import { runKey, runPrefix } from "./keys.ts";

export const ENTRY = 44;
export const CHUNK_ENTRIES = 256;

/** Byte order of two 32-byte hashes stored at the given offsets. */
export function compareHashes(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): number {
  for (let i = 0; i < 32; i++) {
    const difference = a[aOffset + i]! - b[bOffset + i]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Position of the entry with `hash` in a chunk, or −1. */
export function findInChunk(chunk: Uint8Array, hash: Uint8Array): number {
  let [low, high] = [0, chunk.length / ENTRY - 1];
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compareHashes(chunk, middle * ENTRY, hash, 0);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Writes the first `count` sorted entries of `entries` as one chunk of run `run`; callers pass a buffer they do not reuse. */
export function putChunk(bucket: Database, run: number, entries: Uint8Array, count: number): void {
  bucket.put(runKey(run, entries.subarray(0, 32)), entries.subarray(0, count * ENTRY));
}

/** The chunk of run `run` that would hold `hash`, if the run has one at or below it. */
export function chunkFor(bucket: Database, run: number, hash: Uint8Array): Uint8Array | undefined {
  for (const { value } of bucket.getRange({ start: runKey(run, hash), end: runPrefix(run), reverse: true, limit: 1 })) return value as Uint8Array;
  return undefined;
}

/** The chunk of run `run` whose first hash is `first`. */
export function chunkAt(bucket: Database, run: number, first: Uint8Array): Uint8Array | undefined {
  return bucket.get(runKey(run, first));
}

/** The chunk of run `run` after the one starting at `first` (or the run's first chunk), with its first hash. */
export function chunkAfter(bucket: Database, run: number, first: Uint8Array | null): { first: Uint8Array; entries: Uint8Array } | undefined {
  const start = first ? runKey(run, first) : runPrefix(run);
  for (const { key, value } of bucket.getRange({ start, end: runPrefix(run + 1), limit: 1, exclusiveStart: first !== null })) {
    return { first: (key as Uint8Array).slice(4), entries: value as Uint8Array };
  }
  return undefined;
}

/** Keys of run `run`'s chunks, at most `limit`. */
export function chunkKeys(bucket: Database, run: number, limit: number): Uint8Array[] {
  return [...bucket.getKeys({ start: runPrefix(run), end: runPrefix(run + 1), limit })] as Uint8Array[];
}
