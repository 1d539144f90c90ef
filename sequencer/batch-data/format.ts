/**
 * Loft batch data, version 1: the user transactions of a batch as posted to L1 (docs/batch-data.md).
 *
 *   posted = version (1 byte, 0x01) ‖ brotli(body)
 *   body   = varint baseAccountCount ‖ varint txCount ‖ tx*
 *   tx     = tag ‖ from ‖ to ‖ amount ‖ fee ‖ r‖s (64 bytes)
 *   tag    = bit 0 kind (0 transfer, 1 withdraw) · bit 1 v (0 → 27, 1 → 28)
 *            · bit 2 `to` is a new 20-byte address · bit 3 `from` is a new 20-byte address
 *            · bits 4–7 zero
 *   from/to = varint reference, or 20 raw bytes when the tag says new. A reference below
 *            baseAccountCount is an account index of the state before the batch; a reference
 *            baseAccountCount + k is the k-th new address written earlier in this body. A
 *            withdrawal's `to` (an L1 address) is always 20 raw bytes.
 *   amount, fee = exponent byte e (0..38) ‖ varint mantissa m; value = m · 10^e, canonical
 *            (m not divisible by 10 unless m = 0, and then e = 0); value ≤ 2^128 − 1.
 * Nonces are implied: a sender's nonce before the batch (0 for a new address) plus its earlier
 * transactions in this body. L1 queue messages are not in the data: they are on L1 already, and
 * the header's queueCount says how many the batch processed (before its user transactions).
 */
export const BATCH_DATA_VERSION = 1;
/**
 * Brotli quality of the encoder (0–11; decoding does not depend on it). Measured on a 120 KB body:
 * quality 5 takes 7 ms and 9 takes 59 ms for the same size within 0.01% (signatures do not
 * compress), so 5: the sealer encodes on the main thread.
 */
export const BROTLI_QUALITY = 5;
export const MAX_TRANSACTIONS = 2 ** 16;
/** The largest body a valid batch can have: header varints plus the largest possible record per tx. */
export const MAX_BODY_BYTES = 32 + MAX_TRANSACTIONS * (1 + 20 + 20 + 2 * (1 + 19) + 64);

export const Tag = { withdraw: 1, vIs28: 2, newTo: 4, newFrom: 8, reserved: 0xf0 } as const;
