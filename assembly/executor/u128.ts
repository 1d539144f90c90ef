// uint128 little-endian arithmetic on values in linear memory (two u64 halves).

// @ts-ignore: decorator
@inline export function isZero128(p: usize): bool {
  return (load<u64>(p) | load<u64>(p, 8)) == 0;
}

/** a < b */
// @ts-ignore: decorator
@inline export function less128(aLo: u64, aHi: u64, bLo: u64, bHi: u64): bool {
  return aHi < bHi || (aHi == bHi && aLo < bLo);
}

let carryLo: u64 = 0;
let carryHi: u64 = 0;

/** a + b into (sumLo(), sumHi()); returns false on overflow past 2^128 − 1. */
export function add128(aLo: u64, aHi: u64, bLo: u64, bHi: u64): bool {
  const lo = aLo + bLo;
  const c: u64 = lo < aLo ? 1 : 0;
  const hi1 = aHi + bHi;
  const hi = hi1 + c;
  carryLo = lo;
  carryHi = hi;
  return !(hi1 < aHi || hi < hi1);
}

/** a − b into (sumLo(), sumHi()); the caller guarantees a ≥ b. */
export function sub128(aLo: u64, aHi: u64, bLo: u64, bHi: u64): void {
  const lo = aLo - bLo;
  const borrow: u64 = aLo < bLo ? 1 : 0;
  carryLo = lo;
  carryHi = aHi - bHi - borrow;
}

// @ts-ignore: decorator
@inline export function sumLo(): u64 { return carryLo; }
// @ts-ignore: decorator
@inline export function sumHi(): u64 { return carryHi; }
