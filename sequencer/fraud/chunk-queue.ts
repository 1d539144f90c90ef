/** The queue messages of one chunk's queue positions, and the chunk's window (docs/fraud-proofs.md §1, §2). */
import type { OpenedBatch } from "./batch-ref.ts";
import { chunkWindow, type ChunkWindow, type QueueMessage } from "./fraud-inputs.ts";

export function windowOf(batch: OpenedBatch, index: number): ChunkWindow {
  return chunkWindow(index, batch.evidence.parent.queueCount, batch.queueCount, batch.userCount);
}

/** queue[w.start … min(w.end, Q)): the messages the chunk's queue entries must match, in order. */
export function chunkQueue(batch: OpenedBatch, w: ChunkWindow): QueueMessage[] {
  return batch.evidence.queue.slice(w.start, Math.max(w.start, Math.min(w.end, w.queueCount)));
}
