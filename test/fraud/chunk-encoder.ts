/**
 * Test-only encoder of v2 chunks and batch data (docs/fraud-proofs.md §2) from explicit positions,
 * so that tests can post honest chunks and forge any malformed or invalid one byte for byte.
 */
import { writeSegments } from "../../sequencer/batch-data/segments.ts";
import { Tag } from "../../sequencer/fraud/chunk-reader.ts";

/** A queue entry: `ref` (0 or account index + 1) and, for a full exit with ref ≠ 0, the posted amount. */
export interface QueueEntry {
  ref: number;
  amount?: bigint;
}

/** A record; `to` an account index or (transfer to a new account, or withdraw) 20 raw bytes. */
export interface RecordEntry {
  withdraw: boolean;
  from: number;
  to: number | Uint8Array;
  amount: bigint;
  fee: bigint;
  signature: Uint8Array; // r ‖ s ‖ v (65 bytes)
}

export type ChunkEntry = { queue: QueueEntry } | { record: RecordEntry };

export function varint(value: bigint | number): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? low : low | 0x80);
  } while (v !== 0n);
  return out;
}

export function amount(value: bigint): number[] {
  let e = 0;
  let m = value;
  while (m !== 0n && m % 10n === 0n && e < 38) {
    m /= 10n;
    e++;
  }
  return [e, ...varint(m)];
}

export function encodeEntry(entry: ChunkEntry): number[] {
  if ("queue" in entry) {
    const q = entry.queue;
    return [...varint(q.ref), ...(q.amount === undefined ? [] : amount(q.amount))];
  }
  const r = entry.record;
  const raw = typeof r.to !== "number";
  const tag = (r.withdraw ? Tag.withdraw : 0) | (r.signature[64] === 28 ? Tag.v28 : 0) | (raw ? Tag.rawTo : 0);
  const to = typeof r.to === "number" ? varint(r.to) : [...r.to];
  return [tag, ...varint(r.from), ...to, ...amount(r.amount), ...amount(r.fee), ...r.signature.subarray(0, 64)];
}

export const encodeChunk = (entries: ChunkEntry[]): Uint8Array => Uint8Array.from(entries.flatMap(encodeEntry));

/** 0x02 ‖ varint U ‖ (entry ‖ u16 length ‖ chunk)*, by the node's own framing writer. */
export const encodeBatchData = (userCount: number, segments: { entry: Uint8Array; chunk: Uint8Array }[]): Uint8Array => writeSegments(userCount, segments);
