/**
 * A stored batch's chunks as its data posts them (docs/fraud-proofs.md §1–§2): chunk c covers
 * positions [32c, min(N, 32c + 32)) and posts entry_c = sha256(stateRoot_c ‖ txSubtree_c). The
 * store keeps the posted data only, not the intermediate state roots behind the entries (a
 * follower recomputes them when it re-executes the batch), so this shows what is on L1: each
 * entry, its positions and its chunk's size. Framed by readSegments, the commit-time checks.
 */
import { hexlify } from "ethers";
import { CHUNK_POSITIONS } from "../batch-data/format.ts";
import { readSegments } from "../batch-data/segments.ts";
import { BatchHeader } from "../protocol/ssz-types.ts";
import type { BatchRecord } from "../store/sealed-batch.ts";
import type { StoreReader } from "../store/store-reader.ts";

export interface ChunkEntryView {
  index: number;
  /** The batch positions the chunk executes: [firstPosition, firstPosition + positions). */
  firstPosition: number;
  positions: number;
  /** entry_c as posted (0x-hex). */
  entry: string;
  /** Length of chunk_c in the data. */
  bytes: number;
}

/** The posted chunk entries of `record`, or null when its data (or its parent's record) is not stored. */
export function batchChunks(reader: Pick<StoreReader, "batch" | "batchData">, record: BatchRecord): ChunkEntryView[] | null {
  const data = reader.batchData(record.number);
  // the genesis batch 0 is never stored and processes no queue message (sealer/genesis-header.ts)
  const parent = record.number === 1 ? 0 : queueCountOf(reader.batch(record.number - 1));
  if (!data || parent === undefined) return null;
  const queueMessages = queueCountOf(record)! - parent;
  const { segments } = readSegments(new Uint8Array(data), queueMessages);
  return segments.map(({ entry, chunk }, index) => {
    const firstPosition = index * CHUNK_POSITIONS;
    return { index, firstPosition, positions: Math.min(CHUNK_POSITIONS, record.txCount - firstPosition), entry: hexlify(entry), bytes: chunk.length };
  });
}

function queueCountOf(record: BatchRecord | undefined): number | undefined {
  return record ? BatchHeader.deserialize(new Uint8Array(record.header)).queueCount : undefined;
}
