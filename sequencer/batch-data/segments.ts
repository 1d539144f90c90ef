/**
 * The framing of batch data v2 (docs/fraud-proofs.md §2), read without any state: version, U,
 * and exactly n = ceil((Q + U) / 32) segments `entry ‖ u16 big-endian L ‖ chunk`, nothing after
 * the last. These are the checks the Rollup contract makes at commit (§3), so committed data always
 * frames; the chunks' contents are the decoder's (decode-batch-data.ts).
 */
import { BatchDataError } from "./batch-data-error.ts";
import { ByteReader } from "./byte-reader.ts";
import { ByteWriter } from "./byte-writer.ts";
import { BATCH_DATA_V1, BATCH_DATA_VERSION, CHUNK_POSITIONS, ENTRY_SIZE, MAX_CHUNK_BYTES, MAX_DATA_BYTES, MAX_INDEX, MAX_POSITIONS, MAX_QUEUE_MESSAGES, SEGMENT_HEAD } from "./format.ts";

export interface Segment {
  /** entry_c = sha256(stateRoot_c ‖ txSubtree_c), as posted (a view of the data). */
  entry: Uint8Array;
  /** chunk_c (a view of the data). */
  chunk: Uint8Array;
  /** Offset of chunk_c's first byte in the data. */
  offset: number;
}

export interface Framing {
  userCount: number;
  segments: Segment[];
}

/** Chunks of a batch of `positions` positions. */
export const chunkCount = (positions: number): number => Math.ceil(positions / CHUNK_POSITIONS);

/** Frames `data`, which processes `queueMessages` L1 queue messages; any fault is a BatchDataError (Undecodable). */
export function readSegments(data: Uint8Array, queueMessages: number): Framing {
  if (data.length === 0) throw new BatchDataError("empty data", 0);
  if (data.length > MAX_DATA_BYTES) throw new BatchDataError(`${data.length} bytes of data; a batch posts at most ${MAX_DATA_BYTES}`, 0);
  if (queueMessages > MAX_QUEUE_MESSAGES) throw new BatchDataError(`${queueMessages} queue messages; a batch processes at most ${MAX_QUEUE_MESSAGES}`, 0);
  const version = data[0]!;
  if (version === BATCH_DATA_V1) throw new BatchDataError("batch data version 1 (v1 brotli) is not readable by a v2 node", 0);
  if (version !== BATCH_DATA_VERSION) throw new BatchDataError(`unknown batch data version ${version}`, 0);
  const input = new ByteReader(data, 1);
  const userCount = input.count("user transaction count", MAX_INDEX);
  const positions = queueMessages + userCount;
  if (positions === 0 || positions > MAX_POSITIONS) {
    throw new BatchDataError(`${queueMessages} queue messages and ${userCount} user transactions make ${positions} positions; a batch has 1 to ${MAX_POSITIONS}`, 1);
  }
  const n = chunkCount(positions);
  const segments: Segment[] = new Array(n);
  for (let c = 0; c < n; c++) {
    const start = input.offset;
    if (input.remaining < SEGMENT_HEAD) throw new BatchDataError(`data ends inside the head of segment ${c} of ${n}`, start);
    const entry = input.raw(ENTRY_SIZE, "entry");
    const length = (input.byte("chunk length") << 8) | input.byte("chunk length");
    if (input.remaining < length) throw new BatchDataError(`segment ${c} of ${n} says ${length} chunk bytes, ${input.remaining} are left`, start);
    const offset = input.offset;
    segments[c] = { entry, chunk: input.raw(length, "chunk"), offset };
  }
  if (input.remaining !== 0) throw new BatchDataError(`${input.remaining} bytes after the last of ${n} segments`, input.offset);
  return { userCount, segments };
}

/** 0x02 ‖ varint U: the start of the data, before the segments. */
export function writeDataHead(out: ByteWriter, userCount: number): void {
  out.byte(BATCH_DATA_VERSION);
  out.varint(userCount);
}

/** The data of these segments (the caller gives exactly n of them). */
export function writeSegments(userCount: number, segments: { entry: Uint8Array; chunk: Uint8Array }[]): Uint8Array {
  const out = new ByteWriter();
  writeDataHead(out, userCount);
  for (const [c, { entry, chunk }] of segments.entries()) {
    if (entry.length !== ENTRY_SIZE) throw new Error(`segment ${c}: an entry is ${ENTRY_SIZE} bytes, got ${entry.length}`);
    if (chunk.length > MAX_CHUNK_BYTES) throw new Error(`segment ${c}: a chunk has at most ${MAX_CHUNK_BYTES} bytes, got ${chunk.length}`);
    out.raw(entry);
    out.byte(chunk.length >> 8);
    out.byte(chunk.length & 0xff);
    out.raw(chunk);
  }
  return out.result();
}
