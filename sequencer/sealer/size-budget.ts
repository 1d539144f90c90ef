/**
 * How many candidate transactions fit the L1 size cap (--max-batch-bytes) before execution, from
 * their exact encoded sizes: a batch is never split or truncated silently after it is sealed.
 */
import { encodeBody, type EncodeContext } from "../batch-data/encode-batch-data.ts";
import { TRANSACTION_SIZE } from "../protocol/ssz-types.ts";

/** Brotli's worst case on incompressible input: a few bytes per 64 KiB meta-block, plus the stream header. */
export function compressedBound(bodyBytes: number): number {
  return bodyBytes + 16 + 4 * Math.ceil(bodyBytes / 16_384);
}

/**
 * The largest prefix of `records` (146-byte user transactions) whose posted data cannot exceed
 * `maxBytes`. Dropping any of them later (rejections) only shrinks the data.
 */
export function fittingPrefix(records: Uint8Array, context: EncodeContext, maxBytes: number): number {
  const count = records.length / TRANSACTION_SIZE;
  if (count === 0) return 0;
  if (1 + compressedBound(encodeBody(records, context).length) <= maxBytes) return count;
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const size = 1 + compressedBound(encodeBody(records.subarray(0, middle * TRANSACTION_SIZE), context).length);
    if (size <= maxBytes) low = middle;
    else high = middle - 1;
  }
  return low;
}
