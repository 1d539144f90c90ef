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

/** m · 10^e with m not divisible by 10 (a uint128 needs e ≤ 38: 10^39 > 2^128). */
function split(value: bigint): { exponent: number; mantissa: bigint } {
  let exponent = 0;
  let mantissa = value;
  while (mantissa !== 0n && mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  return { exponent, mantissa };
}

export function writeAmount(out: ByteWriter, value: bigint): void {
  const { exponent, mantissa } = split(value);
  out.byte(exponent);
  out.varint(mantissa);
}

/** Bytes writeAmount writes for `value`. */
export function amountLength(value: bigint): number {
  let mantissa = split(value).mantissa;
  let length = 2;
  while (mantissa >= 0x80n) {
    mantissa >>= 7n;
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
