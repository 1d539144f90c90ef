/** Bounds-checked reads of the batch data format; every failure is a BatchDataError with its offset. */
import { BatchDataError } from "./batch-data-error.ts";

/** Varints of up to this many bytes (49 bits) are read as exact JS numbers; longer ones as bigints. */
const SHORT_VARINT_BYTES = 7;

/**
 * Reads `bytes` from `start` up to `end` (a chunk of the posted data): offsets, in errors too, are
 * positions in `bytes`, so they name the byte of the posted data.
 */
export class ByteReader {
  offset: number;
  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.offset = start;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  byte(what: string): number {
    if (this.offset >= this.end) throw new BatchDataError(`data ends before ${what}`, this.offset);
    return this.bytes[this.offset++]!;
  }

  raw(length: number, what: string): Uint8Array {
    this.need(length, what);
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  /** Copies `length` bytes into `out` at `at` (no view allocated: the decoder's per-field path). */
  rawInto(length: number, what: string, out: Uint8Array, at: number): void {
    this.need(length, what);
    const bytes = this.bytes;
    for (let i = 0, from = this.offset; i < length; i++) out[at + i] = bytes[from + i]!;
    this.offset += length;
  }

  /** Unsigned LEB128, canonical (no redundant trailing zero groups), at most `maxBits` bits. */
  varint(what: string, maxBits: number): bigint {
    const start = this.offset;
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte(what);
      value |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        if (b === 0 && this.offset - start > 1) throw new BatchDataError(`non-canonical varint in ${what}`, start);
        break;
      }
      if (shift >= BigInt(maxBits + 7)) throw new BatchDataError(`varint too long in ${what}`, start);
    }
    if (value >> BigInt(maxBits) !== 0n) throw new BatchDataError(`${what} does not fit ${maxBits} bits`, start);
    return value;
  }

  /**
   * The varint at the offset as a number when it is at most 7 bytes long (then it is consumed,
   * with the same checks as varint() for any `maxBits` ≥ 49); -1 when it is longer, and then
   * nothing is consumed (read it with varint()). Bigints cost more than the rest of a record.
   */
  shortVarint(what: string): number {
    const start = this.offset;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < SHORT_VARINT_BYTES; i++) {
      const b = this.byte(what);
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (b === 0 && i > 0) throw new BatchDataError(`non-canonical varint in ${what}`, start);
        return value;
      }
      scale *= 128;
    }
    this.offset = start;
    return -1;
  }

  /** A varint that must be a safe JS integer no larger than `max`. */
  count(what: string, max: number): number {
    const start = this.offset;
    const short = this.shortVarint(what);
    const value = short >= 0 ? short : this.varint(what, 53);
    if (value > max) throw new BatchDataError(`${what} ${value} is above its limit ${max}`, start);
    return Number(value);
  }

  private need(length: number, what: string): void {
    if (this.remaining < length) throw new BatchDataError(`data ends inside ${what} (${length} bytes needed, ${this.remaining} left)`, this.offset);
  }
}
