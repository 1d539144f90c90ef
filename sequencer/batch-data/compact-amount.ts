/** Amounts as m · 10^e: wei values people choose (0.1 ETH, 21 gwei) take 2–3 bytes instead of 16. */
import { BatchDataError } from "./batch-data-error.ts";
import type { ByteReader } from "./byte-reader.ts";
import type { ByteWriter } from "./byte-writer.ts";

const UINT128_MAX = (1n << 128n) - 1n;
const MAX_EXPONENT = 38;
const POWERS = Array.from({ length: MAX_EXPONENT + 1 }, (_, e) => 10n ** BigInt(e));

export function writeAmount(out: ByteWriter, value: bigint): void {
  let exponent = 0;
  let mantissa = value;
  while (mantissa !== 0n && mantissa % 10n === 0n && exponent < MAX_EXPONENT) {
    mantissa /= 10n;
    exponent++;
  }
  out.byte(exponent);
  out.varint(mantissa);
}

export function readAmount(input: ByteReader, what: string): bigint {
  const start = input.offset;
  const exponent = input.byte(`${what} exponent`);
  if (exponent > MAX_EXPONENT) throw new BatchDataError(`${what} exponent ${exponent} is above ${MAX_EXPONENT}`, start);
  const mantissa = input.varint(`${what} mantissa`, 128);
  if (mantissa === 0n ? exponent !== 0 : mantissa % 10n === 0n && exponent < MAX_EXPONENT) {
    throw new BatchDataError(`${what} is not in canonical m·10^e form`, start);
  }
  const value = mantissa * POWERS[exponent]!;
  if (value > UINT128_MAX) throw new BatchDataError(`${what} does not fit uint128`, start);
  return value;
}
