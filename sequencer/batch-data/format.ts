/**
 * Loft batch data, version 2: what a batch posts to L1. The normative definition is
 * docs/fraud-proofs.md §2 (docs/batch-data.md explains and measures it):
 *
 *   data     = 0x02 ‖ varint U ‖ segment_0 ‖ … ‖ segment_{n−1}      n = ceil((Q + U) / 32)
 *   segment  = entry_c (32 bytes) ‖ u16 big-endian L_c ‖ chunk_c (L_c bytes)
 *   chunk_c  = queueEntry* ‖ record*  (its positions [32c, 32c + 32), queue messages first)
 *   queueEntry = deposit: varint ref · full exit: varint ref ‖ (ref ≠ 0) amount
 *              (ref 0: no account at this point; ref i + 1: account i)
 *   record   = tag ‖ varint from ‖ to ‖ amount ‖ fee ‖ r (32) ‖ s (32)
 *   tag      = bit 0 withdraw · bit 1 v = 28 (else 27) · bit 2 `to` is 20 raw bytes · bits 3–7 zero
 *   to       = transfer: varint account index, or (bit 2) the address of an account that does not
 *              exist yet, created at the next index; withdraw: always 20 raw bytes, bit 2 set
 *   amount   = exponent byte e (0…38) ‖ varint mantissa m, canonical (compact-amount.ts)
 *
 * Account indices refer to accounts that exist at that point of execution; nonces are implied.
 * Varints are canonical LEB128: at most 5 bytes and below 2^32 for counts, indices and refs.
 */
export const BATCH_DATA_VERSION = 2;
/** The brotli format of v1, refused by name. */
export const BATCH_DATA_V1 = 1;
/** Positions per chunk (K, docs/fraud-proofs.md §1). */
export const CHUNK_POSITIONS = 32;
/** A batch's List[Transaction, 2^16] holds at most 2^16 positions (2^11 chunks). */
export const MAX_POSITIONS = 2 ** 16;
/** The most L1 queue messages one batch processes and the most data it posts (checked at commit, docs/fraud-proofs.md §3). */
export const MAX_QUEUE_MESSAGES = 256;
export const MAX_DATA_BYTES = 131_072;
/** entry (32) ‖ u16 length. */
export const SEGMENT_HEAD = 34;
export const ENTRY_SIZE = 32;
export const MAX_CHUNK_BYTES = 0xffff;
/** Counts, account indices and queue refs: u32 (at most 5 varint bytes). */
export const MAX_INDEX = 2 ** 32 - 1;

export const Tag = { withdraw: 1, vIs28: 2, rawTo: 4, reserved: 0xf8 } as const;
