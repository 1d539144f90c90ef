/**
 * How many candidate transactions fit the L1 size cap (--max-batch-bytes), decided before
 * execution: a batch is never split or truncated after it is sealed, and its v2 data can only be
 * encoded after execution, so the choice uses upper bounds of each position's encoded size
 * (batch-data/size-bound.ts). Whatever the executor then rejects, the posted data fits.
 */
import type { EncodeContext } from "../batch-data/encode-batch-data.ts";
import { recordAt, SizeBound } from "../batch-data/size-bound.ts";
import { TRANSACTION_SIZE } from "../protocol/ssz-types.ts";

/**
 * The largest prefix of `records` (146-byte user transactions) whose data, after the batch's
 * `queueMessages`, cannot exceed `maxBytes` (0 when even the queue messages alone might).
 */
export function fittingPrefix(queueMessages: Uint8Array[], records: Uint8Array, context: EncodeContext, maxBytes: number): number {
  const candidates = records.length / TRANSACTION_SIZE;
  const q = queueMessages.length;
  const bound = new SizeBound(context, q + candidates);
  let size = 0;
  for (const message of queueMessages) size += bound.queueEntry(message);
  let count = 0;
  for (; count < candidates; count++) {
    const next = size + bound.record(recordAt(records, count));
    if (next + bound.framing(count + 1, q + count + 1) > maxBytes) break;
    size = next;
  }
  return count;
}
