/**
 * The binary fast path's wire format (the spec leaves the reply layout to the node).
 *
 * Request: one binary WebSocket frame = N ≥ 1 SSZ-serialized Transactions (146 bytes each,
 * `TRANSACTION_SIZE`) concatenated, N ≤ maxBatchLength. Frames are numbered per connection from 0
 * (`sequence`, u32, wrapping), counting every binary frame the connection sends, accepted or not.
 *
 * Reply: exactly one binary frame per request frame, all integers little-endian:
 *
 *     statuses:  u8 0x01 | u32 sequence | u32 count | count × u8 status   (status i = record i)
 *     error:     u8 0x02 | u32 sequence | u8 error code | UTF-8 message
 *
 * Replies to frames handled concurrently can arrive out of order: match them by `sequence`.
 * Status bytes are the node's (see its transaction status codes); 0xFF is reserved for "record
 * malformed" (not a decodable Transaction). Error codes are `BinaryErrorCode`.
 */
import { TRANSACTION_SIZE } from "../protocol/ssz-types.ts";

export const BinaryFrameType = { statuses: 0x01, error: 0x02 } as const;

export const BinaryErrorCode = {
  /** The frame had no bytes. */
  emptyFrame: 1,
  /** The frame's length is not a multiple of 146. */
  badLength: 2,
  /** More records than maxBatchLength. */
  tooManyRecords: 3,
  /** The connection's in-flight bound is reached; nothing was processed, resend later. */
  busy: 4,
  /** The node failed on this frame; nothing is known about its records. */
  internal: 5,
  /** This server has no binary transaction handler. */
  unsupported: 6,
} as const;
export type BinaryErrorCode = (typeof BinaryErrorCode)[keyof typeof BinaryErrorCode];

/** Status byte reserved for a record that is not a decodable Transaction. */
export const MALFORMED_RECORD_STATUS = 0xff;
export const STATUSES_HEADER_SIZE = 9;
export const ERROR_HEADER_SIZE = 6;

/** The record count of a valid request frame, or the error to answer it with. */
export function checkRequestFrame(byteLength: number, maxBatchLength: number): number | { code: BinaryErrorCode; message: string } {
  if (byteLength === 0) return { code: BinaryErrorCode.emptyFrame, message: "empty binary frame: expected 1 or more 146-byte transactions" };
  if (byteLength % TRANSACTION_SIZE !== 0) {
    return {
      code: BinaryErrorCode.badLength,
      message: `binary frame of ${byteLength} bytes is not a whole number of ${TRANSACTION_SIZE}-byte transactions`,
    };
  }
  const count = byteLength / TRANSACTION_SIZE;
  if (count > maxBatchLength) {
    return { code: BinaryErrorCode.tooManyRecords, message: `binary frame has ${count} transactions, the limit is ${maxBatchLength}` };
  }
  return count;
}

export function encodeStatusesReply(sequence: number, statuses: Uint8Array): Uint8Array {
  const frame = new Uint8Array(STATUSES_HEADER_SIZE + statuses.length);
  const view = new DataView(frame.buffer);
  view.setUint8(0, BinaryFrameType.statuses);
  view.setUint32(1, sequence >>> 0, true);
  view.setUint32(5, statuses.length, true);
  frame.set(statuses, STATUSES_HEADER_SIZE);
  return frame;
}

export function encodeErrorReply(sequence: number, code: BinaryErrorCode, message: string): Uint8Array {
  const text = new TextEncoder().encode(message);
  const frame = new Uint8Array(ERROR_HEADER_SIZE + text.length);
  const view = new DataView(frame.buffer);
  view.setUint8(0, BinaryFrameType.error);
  view.setUint32(1, sequence >>> 0, true);
  view.setUint8(5, code);
  frame.set(text, ERROR_HEADER_SIZE);
  return frame;
}

export type BinaryReply =
  | { readonly type: "statuses"; readonly sequence: number; readonly statuses: Uint8Array }
  | { readonly type: "error"; readonly sequence: number; readonly code: number; readonly message: string };

/** Decodes a reply frame (for clients, load generators and tests); throws on a malformed one. */
export function decodeBinaryReply(frame: Uint8Array): BinaryReply {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const type = frame.length > 0 ? view.getUint8(0) : -1;
  if (type === BinaryFrameType.statuses && frame.length >= STATUSES_HEADER_SIZE) {
    const count = view.getUint32(5, true);
    if (frame.length !== STATUSES_HEADER_SIZE + count) {
      throw new Error(`statuses reply of ${frame.length} bytes does not match its count ${count}`);
    }
    return { type: "statuses", sequence: view.getUint32(1, true), statuses: frame.slice(STATUSES_HEADER_SIZE) };
  }
  if (type === BinaryFrameType.error && frame.length >= ERROR_HEADER_SIZE) {
    const message = new TextDecoder().decode(frame.subarray(ERROR_HEADER_SIZE));
    return { type: "error", sequence: view.getUint32(1, true), code: view.getUint8(5), message };
  }
  throw new Error(`not a binary reply frame: type ${type}, ${frame.length} bytes`);
}
