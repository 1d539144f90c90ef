import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { TypedDataEncoder, getAddress, hexlify, type TypedDataField } from "ethers";
import { Transaction } from "../../sequencer/protocol/ssz-types.ts";
import { getCore, runs, seed, hex } from "./core-fixture.ts";

const types: Record<0 | 1, Record<string, TypedDataField[]>> = {
  0: { Transfer: [{ name: "to", type: "address" }, { name: "amount", type: "uint256" }, { name: "fee", type: "uint256" }, { name: "nonce", type: "uint64" }] },
  1: { Withdraw: [{ name: "recipient", type: "address" }, { name: "amount", type: "uint256" }, { name: "fee", type: "uint256" }, { name: "nonce", type: "uint64" }] },
};

const uint128 = fc.bigInt({ min: 0n, max: 2n ** 128n - 1n });
const signedTx = fc.record({
  kind: fc.constantFrom(0, 1),
  from: fc.uint8Array({ minLength: 20, maxLength: 20 }),
  to: fc.uint8Array({ minLength: 20, maxLength: 20 }),
  amount: uint128,
  fee: uint128,
  nonce: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  signature: fc.uint8Array({ minLength: 65, maxLength: 65 }),
});
const domain = fc.record({
  name: fc.constant("Loft"),
  version: fc.constant("1"),
  chainId: fc.bigInt({ min: 1n, max: 2n ** 64n }),
  verifyingContract: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(hexlify(b))),
});

test("eip712Digests: equal ethers' TypedDataEncoder.hash for random transfers, withdrawals and domains", async () => {
  const { hashing } = await getCore();
  fc.assert(
    fc.property(domain, fc.array(signedTx, { maxLength: 12 }), (d, txs) => {
      const separator = Buffer.from(TypedDataEncoder.hashDomain(d).slice(2), "hex");
      const bytes = Buffer.concat(txs.map((tx) => Transaction.serialize(tx)));
      const digests = hashing.eip712Digests(separator, bytes);
      txs.forEach((tx, i) => {
        const to = getAddress(hexlify(tx.to));
        const value = tx.kind === 0
          ? { to, amount: tx.amount, fee: tx.fee, nonce: tx.nonce }
          : { recipient: to, amount: tx.amount, fee: tx.fee, nonce: tx.nonce };
        const expected = TypedDataEncoder.hash(d, types[tx.kind as 0 | 1], value);
        assert.equal("0x" + hex(digests.subarray(i * 32, i * 32 + 32)), expected);
      });
    }),
    { seed, numRuns: runs(60) },
  );
});

test("error: L1 queue messages have no digest", async () => {
  const { hashing } = await getCore();
  const deposit = Transaction.serialize({ kind: 2, from: new Uint8Array(20), to: new Uint8Array(20).fill(1), amount: 5n, fee: 0n, nonce: 0, signature: new Uint8Array(65) });
  assert.throws(() => hashing.eip712Digests(new Uint8Array(32), deposit), {
    message: "txs[0]: kind 2 has no EIP-712 digest (only 0 transfer and 1 withdraw are signed)",
  });
  assert.throws(() => hashing.eip712Digests(new Uint8Array(31), deposit), {
    message: "domainSeparator: expected Uint8Array of length 32, got length=31",
  });
});
