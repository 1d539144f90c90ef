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
    let v = BigInt(value);
    do {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      this.byte(v === 0n ? low : low | 0x80);
    } while (v !== 0n);
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}
