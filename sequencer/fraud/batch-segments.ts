/**
 * A minimal reader of batch data v2's framing (docs/fraud-proofs.md §2): version 0x02, varint U,
 * then one segment (entry ‖ u16 big-endian length ‖ chunk bytes) per chunk. The Rollup refuses a
 * commit whose data does not frame (§3), so a committed batch always frames; this reader throws
 * when it does not. Internal to the proof builders until sequencer/batch-data/segments.ts exists.
 */
import { ChunkCursor } from "./chunk-reader.ts";
import { chunkCount, FraudProofInputError } from "./fraud-inputs.ts";

export interface Segment {
  entry: Uint8Array;
  chunk: Uint8Array;
}

export interface FramedBatch {
  userCount: number;
  segments: Segment[];
}

export function readFraming(data: Uint8Array, queueCount: number): FramedBatch {
  if (data[0] !== 2) throw new FraudProofInputError(`batch data version ${data[0]} is not 2`);
  const cursor = new ChunkCursor(data.subarray(1));
  const userCount = cursor.index();
  if (cursor.failed) throw new FraudProofInputError("batch data: the user count is not a canonical varint");
  let at = 1 + cursor.at;
  const segments: Segment[] = [];
  for (let c = 0, n = chunkCount(queueCount, userCount); c < n; c++) {
    if (data.length - at < 34) throw new FraudProofInputError(`batch data ends inside segment ${c}`);
    const length = (data[at + 32]! << 8) | data[at + 33]!;
    if (data.length - at - 34 < length) throw new FraudProofInputError(`segment ${c} is longer than the data`);
    segments.push({ entry: data.slice(at, at + 32), chunk: data.slice(at + 34, at + 34 + length) });
    at += 34 + length;
  }
  if (at !== data.length) throw new FraudProofInputError(`${data.length - at} bytes after the last segment`);
  return { userCount, segments };
}
