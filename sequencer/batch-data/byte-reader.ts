/** Bounds-checked reads of the batch data format; every failure is a BatchDataError with its offset. */
import { BatchDataError } from "./batch-data-error.ts";

export class ByteReader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  byte(what: string): number {
    if (this.offset >= this.bytes.length) throw new BatchDataError(`data ends before ${what}`, this.offset);
    return this.bytes[this.offset++]!;
  }

  raw(length: number, what: string): Uint8Array {
    if (this.remaining < length) throw new BatchDataError(`data ends inside ${what} (${length} bytes needed, ${this.remaining} left)`, this.offset);
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
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

  /** A varint that must be a safe JS integer no larger than `max`. */
  count(what: string, max: number): number {
    const start = this.offset;
    const value = this.varint(what, 53);
    if (value > BigInt(max)) throw new BatchDataError(`${what} ${value} is above its limit ${max}`, start);
    return Number(value);
  }
}
