/**
 * How many candidate transactions fit the L1 size cap (--max-batch-bytes) before execution, from
 * their exact encoded sizes: a batch is never split or truncated silently after it is sealed.
 */
import { encodeBodyPrefix, type EncodeContext } from "../batch-data/encode-batch-data.ts";

/**
 * The largest prefix of `records` (146-byte user transactions) whose posted data cannot exceed
 * `maxBytes`, found in one encoding pass, with its encoded body (the batch's body as it is when
 * none of them is rejected). Dropping any of them later (rejections) only shrinks the data.
 */
export function fittingPrefix(records: Uint8Array, context: EncodeContext, maxBytes: number): { count: number; body: Uint8Array } {
  const maxBody = maxBytes - 1 - 16 - 4 * Math.ceil(maxBytes / 16_384); // version byte + brotli's worst case
  return encodeBodyPrefix(records, context, maxBody);
}
