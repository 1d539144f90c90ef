/**
 * Amounts as m · 10^e (docs/fraud-proofs.md §2): wei values people choose (0.1 ETH, 21 gwei) take
 * 2–3 bytes instead of 16. Canonical: m not divisible by 10 unless m = 0, and then e = 0.
 */
import { BatchDataError } from "./batch-data-error.ts";
import type { ByteReader } from "./byte-reader.ts";
import type { ByteWriter } from "./byte-writer.ts";

const UINT128_MAX = (1n << 128n) - 1n;
const UINT64_MASK = (1n << 64n) - 1n;
const MAX_EXPONENT = 38;
const POWERS = Array.from({ length: MAX_EXPONENT + 1 }, (_, e) => 10n ** BigInt(e));
const LIMB = 2 ** 32;
/** 10^4 per step keeps limb · factor + carry below 2^53: exact in doubles. */
const STEP_DIGITS = 4;

/** The uint128 little-endian at record[offset] (an SSZ amount or fee). */
export function readUint128(record: Uint8Array, offset: number): bigint {
  let value = 0n;
  for (let i = offset + 15; i >= offset; i--) value = (value << 8n) | BigInt(record[i]!);
  return value;
}

const limb = (record: Uint8Array, at: number) => (record[at]! | (record[at + 1]! << 8) | (record[at + 2]! << 16) | (record[at + 3]! << 24)) >>> 0;

/**
 * Writes the uint128 at record[offset] as m · 10^e with m not divisible by 10 (e ≤ 38 for any
 * uint128), or only measures it when `out` is undefined; returns its length in bytes. The value is
 * divided by 10 in four 32-bit limbs of plain numbers (each step stays below 2^36: exact), and the
 * mantissa is a number whenever it is below 2^53; the encoder and the sealer's size bound call this
 * for every amount and fee, where bigints cost more than the rest of a record.
 */
export function writeRecordAmount(record: Uint8Array, offset: number, out?: ByteWriter): number {
  let l0 = limb(record, offset), l1 = limb(record, offset + 4), l2 = limb(record, offset + 8), l3 = limb(record, offset + 12);
  let exponent = 0;
  while ((l0 | l1 | l2 | l3) !== 0) {
    const r3 = l3 % 10, c2 = r3 * LIMB + l2, r2 = c2 % 10, c1 = r2 * LIMB + l1, r1 = c1 % 10, c0 = r1 * LIMB + l0;
    if (c0 % 10 !== 0) break;
    l3 = (l3 - r3) / 10;
    l2 = (c2 - r2) / 10;
    l1 = (c1 - r1) / 10;
    l0 = c0 / 10;
    exponent++;
  }
  out?.byte(exponent);
  if (l3 === 0 && l2 === 0 && l1 < 2 ** 21) {
    const mantissa = l1 * LIMB + l0;
    out?.varint(mantissa);
    return 1 + varintBytes(mantissa);
  }
  const mantissa = (BigInt(l3) << 96n) | (BigInt(l2) << 64n) | (BigInt(l1) << 32n) | BigInt(l0);
  out?.varint(mantissa);
  let length = 2;
  for (let m = mantissa; m >= 0x80n; m >>= 7n) length++;
  return length;
}

/** Bytes of the unsigned LEB128 of a non-negative safe integer. */
export function varintBytes(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    length++;
  }
  return length;
}

/** Labels of one amount field in error messages, built once rather than per transaction. */
export interface AmountLabels {
  what: string;
  exponent: string;
  mantissa: string;
}

export const amountLabels = (what: string): AmountLabels => ({ what, exponent: `${what} exponent`, mantissa: `${what} mantissa` });

/**
 * Reads an amount and writes it as a uint128 little-endian at `view[at]`. Mantissas of up to 49
 * bits (all but pathological ones) are scaled in four 32-bit limbs of plain numbers; longer ones
 * take the bigint path. Both reject exactly the same inputs with the same errors.
 */
export function readAmountInto(input: ByteReader, labels: AmountLabels, view: DataView, at: number): void {
  const start = input.offset;
  const exponent = input.byte(labels.exponent);
  if (exponent > MAX_EXPONENT) throw new BatchDataError(`${labels.what} exponent ${exponent} is above ${MAX_EXPONENT}`, start);
  const mantissa = input.shortVarint(labels.mantissa);
  if (mantissa < 0) return writeBigAmount(input, labels, exponent, start, view, at);
  if (mantissa === 0 ? exponent !== 0 : mantissa % 10 === 0) throw notCanonical(labels, start);
  let l0 = mantissa % LIMB;
  let l1 = Math.floor(mantissa / LIMB);
  let l2 = 0;
  let l3 = 0;
  for (let left = exponent; left > 0; left -= STEP_DIGITS) {
    const factor = 10 ** Math.min(left, STEP_DIGITS);
    let t = l0 * factor;
    l0 = t % LIMB;
    t = l1 * factor + Math.floor(t / LIMB);
    l1 = t % LIMB;
    t = l2 * factor + Math.floor(t / LIMB);
    l2 = t % LIMB;
    t = l3 * factor + Math.floor(t / LIMB);
    l3 = t % LIMB;
    if (t >= LIMB) throw new BatchDataError(`${labels.what} does not fit uint128`, start);
  }
  view.setUint32(at, l0, true);
  view.setUint32(at + 4, l1, true);
  view.setUint32(at + 8, l2, true);
  view.setUint32(at + 12, l3, true);
}

function writeBigAmount(input: ByteReader, labels: AmountLabels, exponent: number, start: number, view: DataView, at: number): void {
  const mantissa = input.varint(labels.mantissa, 128);
  if (mantissa === 0n ? exponent !== 0 : mantissa % 10n === 0n) throw notCanonical(labels, start);
  const value = mantissa * POWERS[exponent]!;
  if (value > UINT128_MAX) throw new BatchDataError(`${labels.what} does not fit uint128`, start);
  view.setBigUint64(at, value & UINT64_MASK, true);
  view.setBigUint64(at + 8, value >> 64n, true);
}

const notCanonical = (labels: AmountLabels, start: number) => new BatchDataError(`${labels.what} is not in canonical m·10^e form`, start);
