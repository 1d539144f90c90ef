import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Account, Transaction, Withdrawal, BatchHeader, TxList, ExitList } from "../../sequencer/protocol/ssz-types.ts";
import { getCore, runs, seed, hex } from "./core-fixture.ts";
import * as arb from "./arbitraries.ts";

test("container roots equal @chainsafe/ssz for Account, Transaction, Withdrawal, BatchHeader", async () => {
  const { ssz } = await getCore();
  fc.assert(
    fc.property(arb.account, arb.transaction, arb.withdrawal, arb.batchHeader, (a, t, w, h) => {
      assert.equal(hex(ssz.accountRoot(Account.serialize(a))), hex(Account.hashTreeRoot(a)));
      assert.equal(hex(ssz.transactionRoot(Transaction.serialize(t))), hex(Transaction.hashTreeRoot(t)));
      assert.equal(hex(ssz.withdrawalRoot(Withdrawal.serialize(w))), hex(Withdrawal.hashTreeRoot(w)));
      assert.equal(hex(ssz.batchHeaderRoot(BatchHeader.serialize(h))), hex(BatchHeader.hashTreeRoot(h)));
      const out = new Uint8Array(32);
      ssz.transactionRootInto(Transaction.serialize(t), out);
      assert.equal(hex(out), hex(Transaction.hashTreeRoot(t)));
      ssz.accountRootInto(Account.serialize(a), out);
      assert.equal(hex(out), hex(Account.hashTreeRoot(a)));
    }),
    { seed, numRuns: runs(200) },
  );
});

test("list roots (limit 2^16) equal @chainsafe/ssz for transaction and withdrawal lists of any length", async () => {
  const { ssz } = await getCore();
  fc.assert(
    fc.property(fc.array(arb.transaction, { maxLength: 40 }), fc.array(arb.withdrawal, { maxLength: 40 }), (txs, ws) => {
      const txLeaves = Buffer.concat(txs.map((t) => Transaction.hashTreeRoot(t)));
      assert.equal(hex(ssz.listRoot(txLeaves, 16)), hex(TxList.hashTreeRoot(txs)));
      const exitLeaves = Buffer.concat(ws.map((w) => Withdrawal.hashTreeRoot(w)));
      assert.equal(hex(ssz.listRoot(exitLeaves, 16)), hex(ExitList.hashTreeRoot(ws)));
    }),
    { seed, numRuns: runs(100) },
  );
});

test("zero hashes and mix_in_length", async () => {
  const { ssz, hashing } = await getCore();
  assert.equal(hex(ssz.zeroHash(0)), "00".repeat(32));
  for (let d = 0; d < 40; d++) {
    const z = ssz.zeroHash(d);
    assert.equal(hex(ssz.zeroHash(d + 1)), hex(hashing.hashNodes(Buffer.concat([z, z]))));
  }
  const root = new Uint8Array(32).fill(7);
  const length = Buffer.alloc(32);
  length.writeUIntLE(123456789, 0, 6);
  assert.equal(hex(ssz.mixInLength(root, 123456789)), hex(hashing.sha256(Buffer.concat([root, length]))));
});

test("error: wrong sizes are rejected precisely", async () => {
  const { ssz } = await getCore();
  assert.throws(() => ssz.accountRoot(new Uint8Array(43)), { message: "account: expected Uint8Array of length 44, got length=43" });
  assert.throws(() => ssz.listRoot(new Uint8Array(33), 16), { message: "leaves: expected Uint8Array of length multiple of 32, got length=33" });
  assert.throws(() => ssz.listRoot(new Uint8Array(96), 1), { message: "leaves: expected at most 2 items of 32 bytes, got 3" });
});
