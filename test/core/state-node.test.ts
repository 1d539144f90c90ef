/** core.state.node(level, index) against @chainsafe/ssz's tree of the same List[Account, 2^32]. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Tree } from "@chainsafe/persistent-merkle-tree";
import { Account, StateList, Transaction } from "../../sequencer/protocol/ssz-types.ts";
import { STATE_DEPTH } from "../../sequencer/core/index.ts";
import { getCore, runs, seed, hex } from "./core-fixture.ts";
import * as arb from "./arbitraries.ts";

/** Node (level, index) of the data tree: depth 1 + 32 − level below the list root (its left child is the data root). */
const sszNode = (tree: Tree, level: number, index: number) => tree.getNodeAtDepth(1 + STATE_DEPTH - level, index).root;

test("every node of the state tree equals @chainsafe/ssz's, zero hashes past the accounts included", async () => {
  const { state, ssz } = await getCore();
  const where = fc.record({ level: fc.integer({ min: 0, max: STATE_DEPTH }), spread: fc.double({ min: 0, max: 1, noNaN: true }) });
  fc.assert(
    fc.property(fc.array(arb.account, { minLength: 0, maxLength: 70 }), fc.array(where, { minLength: 1, maxLength: 25 }), (drawn, wheres) => {
      const accounts = drawn.map((a, i) => ({ ...a, address: arb.addressOf(i, 21) }));
      state.clear();
      state.load(Buffer.concat(accounts.map((a) => Account.serialize(a))));
      const tree = new Tree(StateList.toView(accounts).node);
      for (const { level, spread } of wheres) {
        const covering = Math.ceil(accounts.length / 2 ** level); // nodes with at least one account below
        const index = Math.min(2 ** (STATE_DEPTH - level) - 1, Math.floor(spread * (covering + 2)));
        assert.equal(hex(state.node(level, index)), hex(sszNode(tree, level, index)), `level ${level} index ${index} of ${accounts.length}`);
      }
      assert.equal(hex(state.node(STATE_DEPTH, 0)), hex(sszNode(tree, STATE_DEPTH, 0)));
      assert.equal(hex(ssz.mixInLength(state.node(STATE_DEPTH, 0), accounts.length)), hex(state.root()));
    }),
    { seed, numRuns: runs(100) },
  );
});

test("nodes follow a batch's changes (the tree is read committed) and far indices are zero hashes", async () => {
  const { state, executor, ssz } = await getCore();
  const accounts = Array.from({ length: 5 }, (_, i) => ({ address: arb.addressOf(i, 22), balance: 100n, nonce: 0 }));
  state.clear();
  state.load(Buffer.concat(accounts.map((a) => Account.serialize(a))));
  const fresh = arb.addressOf(9, 22);
  const tx = Transaction.serialize({ kind: 0, from: accounts[1]!.address, to: fresh, amount: 7n, fee: 1n, nonce: 0, signature: new Uint8Array(65) });
  assert.equal(executor.execute(tx, 0).includedCount, 1);
  const after = [{ ...accounts[0]!, balance: 101n }, { ...accounts[1]!, balance: 92n, nonce: 1 }, ...accounts.slice(2), { address: fresh, balance: 7n, nonce: 0 }];
  const tree = new Tree(StateList.toView(after).node);
  for (let i = 0; i < 8; i++) assert.equal(hex(state.node(0, i)), hex(sszNode(tree, 0, i)), `leaf ${i}`);
  assert.equal(hex(state.node(0, 2 ** 32 - 1)), hex(ssz.zeroHash(0)));
  assert.equal(hex(state.node(20, 4095)), hex(ssz.zeroHash(20)));
  assert.throws(() => state.node(33, 0), { message: "level: expected integer in [0, 32], got number 33" });
  assert.throws(() => state.node(31, 2), { message: "index: expected integer in [0, 1], got number 2" });
});
