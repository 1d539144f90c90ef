// The state transition of one transaction (spec §3), applied in place or not at all.
import { createAccount, markDirty } from "../state/accounts";
import { accountPtr } from "../state/layout";
import { findAccount } from "../state/address-index";
import { add128, sub128, sumLo, sumHi, less128, isZero128 } from "./u128";
import * as Status from "./status";

// Transaction layout (146 bytes): kind 0, from 1, to 21, amount 41, fee 57, nonce 73, signature 81.
const FROM: usize = 1;
const TO: usize = 21;
const AMOUNT: usize = 41;
const FEE: usize = 57;
const NONCE: usize = 73;
const SIGNATURE: usize = 81;
// Account layout: address 0, balance 20, nonce 36.
const BALANCE: usize = 20;
const ACCOUNT_NONCE: usize = 36;

/** A withdrawal appended by the last apply (recipient at `exitAddress`, amount exitLo/exitHi). */
export let exitAddress: usize = 0;
export let exitLo: u64 = 0;
export let exitHi: u64 = 0;
export let exited = false;

// @ts-ignore: decorator
@inline function isZeroAddress(p: usize): bool {
  return (load<u64>(p) | load<u64>(p, 8) | <u64>load<u32>(p, 16)) == 0;
}

/** Credits `lo/hi` to the account with `address`, creating it if absent. */
function credit(address: usize, lo: u64, hi: u64): u8 {
  const index = findAccount(address);
  if (index < 0) {
    const created = createAccount(address);
    if (created < 0) return Status.STATE_FULL;
    const p = accountPtr(<usize>created);
    store<u64>(p + BALANCE, lo);
    store<u64>(p + BALANCE, hi, 8);
    return Status.OK;
  }
  const p = accountPtr(<usize>index);
  if (!add128(load<u64>(p + BALANCE), load<u64>(p + BALANCE, 8), lo, hi)) return Status.OVERFLOW;
  if ((lo | hi) != 0) {
    store<u64>(p + BALANCE, sumLo());
    store<u64>(p + BALANCE, sumHi(), 8);
    markDirty(<usize>index);
  }
  return Status.OK;
}

function applySigned(tx: usize, kind: u8): u8 {
  const sender = findAccount(tx + FROM);
  if (sender < 0) return Status.UNKNOWN_SENDER;
  const s = accountPtr(<usize>sender);
  const nonce = load<u64>(s + ACCOUNT_NONCE);
  if (load<u64>(tx + NONCE) != nonce) return Status.BAD_NONCE;
  if (isZeroAddress(tx + TO)) return Status.ZERO_RECIPIENT;
  const amountLo = load<u64>(tx + AMOUNT), amountHi = load<u64>(tx + AMOUNT, 8);
  const feeLo = load<u64>(tx + FEE), feeHi = load<u64>(tx + FEE, 8);
  if (nonce == u64.MAX_VALUE || !add128(amountLo, amountHi, feeLo, feeHi)) return Status.OVERFLOW;
  const totalLo = sumLo(), totalHi = sumHi();
  const balLo = load<u64>(s + BALANCE), balHi = load<u64>(s + BALANCE, 8);
  if (less128(balLo, balHi, totalLo, totalHi)) return Status.INSUFFICIENT_BALANCE;

  sub128(balLo, balHi, totalLo, totalHi);
  store<u64>(s + BALANCE, sumLo());
  store<u64>(s + BALANCE, sumHi(), 8);
  store<u64>(s + ACCOUNT_NONCE, nonce + 1);
  const f = accountPtr(0);
  const feeBalLo = load<u64>(f + BALANCE), feeBalHi = load<u64>(f + BALANCE, 8);
  if (!add128(feeBalLo, feeBalHi, feeLo, feeHi)) {
    restoreSender(s, balLo, balHi, nonce);
    return Status.OVERFLOW;
  }
  store<u64>(f + BALANCE, sumLo());
  store<u64>(f + BALANCE, sumHi(), 8);
  if (kind == 0) {
    const status = credit(tx + TO, amountLo, amountHi);
    if (status != Status.OK) {
      store<u64>(f + BALANCE, feeBalLo);
      store<u64>(f + BALANCE, feeBalHi, 8);
      restoreSender(s, balLo, balHi, nonce);
      return status;
    }
  } else {
    exitAddress = tx + TO;
    exitLo = amountLo;
    exitHi = amountHi;
    exited = true;
  }
  markDirty(<usize>sender);
  if ((feeLo | feeHi) != 0) markDirty(0);
  return Status.OK;
}

// @ts-ignore: decorator
@inline function restoreSender(s: usize, lo: u64, hi: u64, nonce: u64): void {
  store<u64>(s + BALANCE, lo);
  store<u64>(s + BALANCE, hi, 8);
  store<u64>(s + ACCOUNT_NONCE, nonce);
}

// @ts-ignore: decorator
@inline function isMalformedQueueMessage(tx: usize): bool {
  if (!isZeroAddress(tx + FROM) || !isZero128(tx + FEE)) return true;
  for (let i: usize = 0; i < 64; i += 8) if (load<u64>(tx + SIGNATURE + i) != 0) return true;
  return load<u8>(tx + SIGNATURE + 64) != 0;
}

function applyQueued(tx: usize, kind: u8, queueNext: u64): u8 {
  if (load<u64>(tx + NONCE) != queueNext) return Status.BAD_QUEUE_INDEX;
  if (isMalformedQueueMessage(tx)) return Status.MALFORMED_QUEUE_MESSAGE;
  if (kind == 2) {
    if (isZeroAddress(tx + TO)) return Status.ZERO_RECIPIENT;
    return credit(tx + TO, load<u64>(tx + AMOUNT), load<u64>(tx + AMOUNT, 8));
  }
  // fullExit: withdraw the whole balance (the amount actually withdrawn is written into the tx).
  const index = findAccount(tx + TO);
  let lo: u64 = 0, hi: u64 = 0;
  if (index >= 0) {
    const p = accountPtr(<usize>index);
    lo = load<u64>(p + BALANCE);
    hi = load<u64>(p + BALANCE, 8);
    if ((lo | hi) != 0) {
      store<u64>(p + BALANCE, 0);
      store<u64>(p + BALANCE, 0, 8);
      markDirty(<usize>index);
      exitAddress = tx + TO;
      exitLo = lo;
      exitHi = hi;
      exited = true;
    }
  }
  store<u64>(tx + AMOUNT, lo);
  store<u64>(tx + AMOUNT, hi, 8);
  return Status.OK;
}

/** Applies the transaction at `tx`; on OK the state changed (and `exited` tells if a withdrawal was made). */
export function applyTransaction(tx: usize, queueNext: u64): u8 {
  exited = false;
  const kind = load<u8>(tx);
  if (kind <= 1) return applySigned(tx, kind);
  if (kind <= 3) return applyQueued(tx, kind, queueNext);
  return Status.UNKNOWN_KIND;
}
