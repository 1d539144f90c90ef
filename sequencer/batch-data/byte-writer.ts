/** A growable byte buffer with the primitive writes of the batch data format. */
export class ByteWriter {
  private bytes = new Uint8Array(4096);
  private length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  byte(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  raw(value: Uint8Array): void {
    this.ensure(value.length);
    this.bytes.set(value, this.length);
    this.length += value.length;
  }

  /** Unsigned LEB128 of a non-negative integer or bigint. */
  varint(value: number | bigint): void {
    if (typeof value === "number" || value <= 0x1fffffffffffffn) {
      let n = Number(value); // exact: below 2^53
      while (n >= 0x80) {
        this.byte((n % 0x80) | 0x80);
        n = Math.floor(n / 0x80);
      }
      this.byte(n);
      return;
    }
    let v = value;
    do {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      this.byte(v === 0n ? low : low | 0x80);
    } while (v !== 0n);
  }

  /** Overwrites the two bytes at `at` (already written) with `value` big-endian (a segment's length). */
  setUint16(at: number, value: number): void {
    this.bytes[at] = value >> 8;
    this.bytes[at + 1] = value & 0xff;
  }

  /** Bytes written so far. */
  get size(): number {
    return this.length;
  }

  /** Drops everything written after `size` bytes. */
  truncate(size: number): void {
    this.length = Math.min(this.length, size);
  }

  /** The bytes written so far, without copying (valid until the next write). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}
