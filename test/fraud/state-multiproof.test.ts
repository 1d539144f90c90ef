/**
 * The multiproof of docs/fraud-proofs.md §4 in TypeScript against @chainsafe/ssz: for any accounts
 * and any increasing set of leaf indices (including zero leaves past the count, as created accounts
 * are), the selected nodes and the leaves give the list's hash_tree_root, and new leaves with the
 * same nodes give the root of the list with those accounts changed or appended.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { accountLeaf } from "../../sequencer/fraud/ssz-leaves.ts";
import { multiproofNodes, multiproofRoot } from "../../sequencer/fraud/state-multiproof.ts";
import { runs, seed } from "../protocol/arbitraries.ts";
import { stateAccessor, stateRootOf, type AccountLike } from "./state-accessor.ts";

const accountArb = fc.record({
  address: fc.uint8Array({ minLength: 20, maxLength: 20 }),
  balance: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  nonce: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
});
/** Accounts, a subset of their indices and how many new ones are appended at the count. */
const caseArb = fc.array(accountArb, { minLength: 1, maxLength: 40 }).chain((accounts) =>
  fc.tuple(fc.constant(accounts), fc.uniqueArray(fc.nat(accounts.length - 1), { minLength: 1, maxLength: 12 }), fc.nat(4), accountArb));

describe("state multiproof", () => {
  it("the nodes and leaves give the state root; changed and appended leaves give the new one", () => {
    fc.assert(fc.property(caseArb, ([accounts, picked, created, changed]) => {
      const existing = [...picked].sort((a, b) => a - b);
      const indices = [...existing, ...Array.from({ length: created }, (_, k) => accounts.length + k)];
      const state = stateAccessor(accounts);
      const nodes = multiproofNodes(indices, state.node);
      const leaves = indices.map((i) => (i < accounts.length ? accountLeaf({ ...accounts[i]!, nonce: BigInt(accounts[i]!.nonce) }) : new Uint8Array(32)));
      assert.deepEqual(multiproofRoot(indices, leaves, nodes, accounts.length), stateRootOf(accounts));

      const after: AccountLike[] = accounts.map((a, i) => (i === existing[0] ? changed : a));
      for (let k = 0; k < created; k++) after.push({ ...changed, balance: BigInt(k) });
      const newLeaves = indices.map((i) => accountLeaf({ ...after[i]!, nonce: BigInt(after[i]!.nonce) }));
      assert.deepEqual(multiproofRoot(indices, newLeaves, nodes, after.length), stateRootOf(after));
    }), { seed, numRuns: runs(200) });
  });

  it("a node too many or too few is refused", () => {
    const accounts = [{ address: new Uint8Array(20).fill(1), balance: 5n, nonce: 0n }, { address: new Uint8Array(20).fill(2), balance: 6n, nonce: 1n }];
    const nodes = multiproofNodes([1], stateAccessor(accounts).node);
    const leaf = [accountLeaf({ ...accounts[1]! })];
    assert.throws(() => multiproofRoot([1], leaf, nodes.slice(1), 2), /more than/);
    assert.throws(() => multiproofRoot([1], leaf, [...nodes, nodes[0]!], 2), /consumed/);
  });
});
