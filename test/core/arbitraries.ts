/** fast-check generators of the protocol's values (shared by the core's differential tests). */
import fc from "fast-check";
import type { Account, Transaction, Withdrawal, BatchHeader } from "../../sequencer/protocol/ssz-types.ts";

export const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
export const uint128 = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }),
  fc.constantFrom(0n, 1n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 128n - 1n),
);
export const uint64 = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

export const account: fc.Arbitrary<Account> = fc.record({ address: bytes(20), balance: uint128, nonce: uint64 });
export const transaction: fc.Arbitrary<Transaction> = fc.record({
  kind: fc.integer({ min: 0, max: 255 }),
  from: bytes(20),
  to: bytes(20),
  amount: uint128,
  fee: uint128,
  nonce: uint64,
  signature: bytes(65),
});
export const withdrawal: fc.Arbitrary<Withdrawal> = fc.record({ recipient: bytes(20), amount: uint128 });
export const batchHeader: fc.Arbitrary<BatchHeader> = fc.record({
  number: uint64,
  parentRoot: bytes(32),
  stateRoot: bytes(32),
  txRoot: bytes(32),
  exitRoot: bytes(32),
  queueCount: uint64,
  timestamp: uint64,
  dataHash: bytes(32),
});

/** Deterministic distinct 20-byte address number `i` (for large states built without fast-check). */
export function addressOf(i: number, salt = 0): Uint8Array {
  const a = new Uint8Array(20);
  const v = new DataView(a.buffer);
  v.setUint32(0, Math.imul(i + 1, 0x9e3779b1) >>> 0);
  v.setUint32(4, salt);
  v.setUint32(16, i);
  return a;
}
