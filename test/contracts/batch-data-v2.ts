/**
 * Batch data version 2 framing for the contract tests (docs/fraud-proofs.md §2–§3), independent of
 * the sealer's encoder: `0x02 ‖ varint U ‖ (entry ‖ u16be L ‖ chunk)*`, with the chunk leaves,
 * tableRoot and dataRoot the Rollup computes at commit (sequencer/l1/batch-data-root.ts). Chunk bytes are whatever the test wants:
 * the framing check never decodes them.
 */
import { randomBytes } from "ethers";
import { chunkLeaf, dataRootOf, tableRootOf, TABLE_TREE_DEPTH } from "../../sequencer/l1/batch-data-root.ts";
import { keccakMerkleBranch } from "../../sequencer/l1/withdraw-calldata.ts";

export const CHUNK_SIZE = 32;
export { chunkLeaf, TABLE_TREE_DEPTH };

/** One chunk's segment: its posted entry sha256(stateRoot_c ‖ txSubtree_c) and its bytes. */
export interface Segment {
  entry: Uint8Array;
  chunk: Uint8Array;
}

/** A batch's data: U, its segments, and the bytes as posted. */
export interface FramedData {
  userCount: number;
  segments: Segment[];
  bytes: Uint8Array;
}

/** n = ceil((Q + U) / 32). */
export const chunkCount = (positions: number): number => Math.ceil(positions / CHUNK_SIZE);

/** Unsigned LEB128, canonical. */
export function varint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  do {
    const low = v % 128;
    v = Math.floor(v / 128);
    out.push(v > 0 ? low | 0x80 : low);
  } while (v > 0);
  return Uint8Array.from(out);
}

/** The data bytes: version 2, U, then each segment; `head` replaces `0x02 ‖ varint U` if given. */
export function frameBatchData(userCount: number, segments: Segment[], head?: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [head ?? Uint8Array.from([2, ...varint(userCount)])];
  for (const { entry, chunk } of segments) {
    if (entry.length !== 32 || chunk.length > 0xffff) throw new Error("a segment has a 32-byte entry and at most 65,535 chunk bytes");
    parts.push(entry, Uint8Array.from([chunk.length >> 8, chunk.length & 0xff]), chunk);
  }
  return Uint8Array.from(Buffer.concat(parts));
}

export const tableRoot = (segments: Segment[]): Uint8Array => tableRootOf(segments.map(chunkLeaf));

export const tableBranch = (segments: Segment[], index: number): Uint8Array[] =>
  keccakMerkleBranch(segments.map(chunkLeaf), TABLE_TREE_DEPTH, index);

/** keccak256(uint32 U big-endian ‖ tableRoot). */
export const dataRoot = (userCount: number, segments: Segment[]): Uint8Array => dataRootOf(userCount, tableRoot(segments));

/**
 * Framed data for `queuePositions` queue messages and `userCount` user transactions: one segment
 * per 32 positions, random entries, `bytesPerPosition` random bytes per position (a user record is
 * ~75 bytes in the real format), or the chunk bytes `chunk(c)` returns.
 */
export function framedData(
  queuePositions: number,
  userCount: number,
  options: { bytesPerPosition?: number; chunk?: (c: number) => Uint8Array } = {},
): FramedData {
  const positions = queuePositions + userCount;
  const segments: Segment[] = [];
  for (let c = 0; c < chunkCount(positions); c++) {
    const inChunk = Math.min(CHUNK_SIZE, positions - c * CHUNK_SIZE);
    const chunk = options.chunk?.(c) ?? randomBytes(inChunk * (options.bytesPerPosition ?? 8));
    segments.push({ entry: randomBytes(32), chunk });
  }
  return { userCount, segments, bytes: frameBatchData(userCount, segments) };
}
