/**
 * Reads v2 chunk bytes exactly as the fraud modules do (contracts/src/fraud/lib/ChunkReader.sol,
 * docs/fraud-proofs.md §2): canonical LEB128 varints (≤ 5 bytes and < 2^32 for indices and refs,
 * ≤ 19 bytes and < 2^128 for mantissas), canonical amounts m·10^e ≤ 2^128 − 1, tags, records.
 * A malformed input sets `failed` (sticky) instead of throwing, as the contract reports it as a
 * value: the challenger must know where the contract would convict Undecodable.
 */
const MAX_U128 = (1n << 128n) - 1n;
const MAX_EXPONENT = 38;
export const Tag = { withdraw: 1, v28: 2, rawTo: 4, reserved: 0xf8 } as const;

/** One user record as read. */
export interface ChunkRecord {
  withdraw: boolean;
  rawTo: boolean;
  v: 27 | 28;
  from: number;
  toIndex: number;
  toRaw: Uint8Array; // 20 zero bytes unless rawTo
  amount: bigint;
  fee: bigint;
  r: Uint8Array;
  s: Uint8Array;
}

export class ChunkCursor {
  at = 0;
  failed = false;
  constructor(private readonly bytes: Uint8Array) {}

  /** Every byte read and nothing failed. */
  get done(): boolean {
    return !this.failed && this.at === this.bytes.length;
  }

  byte(): number {
    if (this.failed || this.at >= this.bytes.length) return this.fail(0);
    return this.bytes[this.at++]!;
  }

  raw(size: number): Uint8Array {
    if (this.failed || this.bytes.length - this.at < size) {
      this.failed = true;
      return new Uint8Array(size);
    }
    const out = this.bytes.slice(this.at, this.at + size);
    this.at += size;
    return out;
  }

  varint(maxBytes: number, bits: number): bigint {
    let value = 0n;
    for (let i = 0; ; i++) {
      if (i === maxBytes) return this.fail(0n);
      const b = this.byte();
      if (this.failed) return 0n;
      value |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) {
        if (b === 0 && i > 0) this.failed = true;
        break;
      }
    }
    if (value >> BigInt(bits) !== 0n) this.failed = true;
    return value;
  }

  /** An account index, queue ref or count (u32). */
  index(): number {
    return Number(this.varint(5, 32));
  }

  amount(): bigint {
    const e = this.byte();
    const m = this.varint(19, 128);
    if (this.failed) return 0n;
    if (e > MAX_EXPONENT || (m === 0n ? e !== 0 : m % 10n === 0n)) return this.fail(0n);
    const value = m * 10n ** BigInt(e);
    return value > MAX_U128 ? this.fail(0n) : value;
  }

  record(): ChunkRecord {
    const tag = this.byte();
    if (tag & Tag.reserved || (tag & Tag.withdraw && !(tag & Tag.rawTo))) this.failed = true;
    const rawTo = (tag & Tag.rawTo) !== 0;
    const from = this.index();
    const toRaw = rawTo ? this.raw(20) : new Uint8Array(20);
    const toIndex = rawTo ? 0 : this.index();
    const amount = this.amount();
    const fee = this.amount();
    const r = this.raw(32);
    const s = this.raw(32);
    return { withdraw: (tag & Tag.withdraw) !== 0, rawTo, v: tag & Tag.v28 ? 28 : 27, from, toIndex, toRaw, amount, fee, r, s };
  }

  private fail<T>(value: T): T {
    this.failed = true;
    return value;
  }
}
