import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { Tree } from "@chainsafe/persistent-merkle-tree";
import { Account, StateList } from "../../sequencer/protocol/ssz-types.ts";
import { getCore, runs, seed, hex } from "./core-fixture.ts";
import * as arb from "./arbitraries.ts";

const serializeAll = (accounts: Account[]) => Buffer.concat(accounts.map((a) => Account.serialize(a)));
const sha = (a: Uint8Array, b: Uint8Array) => createHash("sha256").update(a).update(b).digest();

/** Recomputes a list root from a leaf, its branch (bottom-up) and the length. */
function rootFromProof(leaf: Uint8Array, index: number, branch: Uint8Array[], length: number): Uint8Array {
  let node = leaf;
  branch.forEach((sibling, level) => {
    node = (index >> level) & 1 ? sha(sibling, node) : sha(node, sibling);
  });
  const len = Buffer.alloc(32);
  len.writeUIntLE(length, 0, 6);
  return sha(node, len);
}

const distinctAccounts = fc.uniqueArray(arb.account, { maxLength: 150, selector: (a) => hex(a.address) });

test("state root after load equals @chainsafe/ssz StateList, with address lookup", async () => {
  const { state } = await getCore();
  fc.assert(
    fc.property(distinctAccounts, (accounts) => {
      state.clear();
      state.load(serializeAll(accounts));
      assert.equal(state.count, accounts.length);
      assert.equal(hex(state.root()), hex(StateList.hashTreeRoot(accounts)));
      accounts.forEach((a, i) => assert.equal(state.indexOf(a.address), i));
      assert.equal(state.indexOf(new Uint8Array(20).fill(0xee)), accounts.some((a) => a.address.every((b) => b === 0xee)) ? 0 : -1);
    }),
    { seed, numRuns: runs(60) },
  );
});

test("incremental updates re-hash each dirty node once and match @chainsafe/ssz; proofs match its tree", async () => {
  const { state, wasm } = await getCore();
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 300 }),
      fc.array(fc.array(fc.tuple(fc.nat(), arb.uint128, arb.uint64), { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 4 }),
      (n, rounds) => {
        const accounts = Array.from({ length: n }, (_, i) => ({ address: arb.addressOf(i), balance: BigInt(i), nonce: i }));
        state.clear();
        state.load(serializeAll(accounts));
        state.root();
        for (const updates of rounds) {
          const records = Buffer.alloc(updates.length * 48);
          const dirty = new Set<number>();
          updates.forEach(([r, balance, nonce], k) => {
            const i = r % n;
            accounts[i] = { address: accounts[i]!.address, balance, nonce };
            records.writeUInt32LE(i, k * 48);
            records.set(Account.serialize(accounts[i]!), k * 48 + 4);
            dirty.add(i);
          });
          state.write(records);
          let expectedHashes = dirty.size;
          let level = [...dirty];
          for (let l = 0; l < 32; l++) {
            level = [...new Set(level.map((x) => x >> 1))];
            expectedHashes += level.length;
          }
          const before = wasm.hashedNodeCount();
          assert.equal(hex(state.root()), hex(StateList.hashTreeRoot(accounts)));
          assert.equal(Number(wasm.hashedNodeCount() - before), expectedHashes);
        }
        const tree = new Tree(StateList.toView(accounts).node);
        const root = StateList.hashTreeRoot(accounts);
        const lengthChunk = Buffer.alloc(32);
        lengthChunk.writeUIntLE(n, 0, 6);
        for (const i of [0, n - 1, Math.floor(n / 2)]) {
          const proof = state.accountProof(i);
          assert.equal(proof.length, n);
          assert.equal(hex(rootFromProof(Account.hashTreeRoot(accounts[i]!), i, proof.branch, n)), hex(root));
          const theirs = tree.getSingleProof(StateList.getPropertyGindex(i)!);
          assert.deepEqual(theirs.map(hex), [...proof.branch.map(hex), hex(lengthChunk)]);
        }
      },
    ),
    { seed, numRuns: runs(40) },
  );
});

test("a state crossing the 2^16-account chunk boundary: root, proofs, export", async () => {
  const { state } = await getCore();
  const n = 65_536 + 1_000;
  const accounts = Array.from({ length: n }, (_, i) => ({ address: arb.addressOf(i, 7), balance: BigInt(i) * 10n ** 15n, nonce: i % 5 }));
  state.clear();
  state.load(serializeAll(accounts));
  const root = state.root();
  assert.equal(hex(root), hex(StateList.hashTreeRoot(accounts)));
  for (const i of [0, 65_535, 65_536, n - 1]) {
    const proof = state.accountProof(i);
    assert.equal(hex(rootFromProof(Account.hashTreeRoot(accounts[i]!), i, proof.branch, n)), hex(root));
  }
  const exported = state.exportAccounts(Uint32Array.of(65_536, 3));
  assert.equal(hex(exported), hex(Buffer.concat([Account.serialize(accounts[65_536]!), Account.serialize(accounts[3]!)])));
});

test("error: duplicate addresses, unknown indices and mismatched writes", async () => {
  const { state } = await getCore();
  const a = { address: arb.addressOf(1), balance: 1n, nonce: 0 };
  state.clear();
  assert.throws(() => state.load(serializeAll([a, { ...a, balance: 2n }])), {
    message: "accounts[1]: address already present (account index 1); the state was cleared",
  });
  assert.equal(state.count, 0);
  state.load(serializeAll([a]));
  assert.throws(() => state.account(1), { message: "index: expected integer in [0, 0], got number 1" });
  const record = Buffer.alloc(48);
  record.set(Account.serialize({ address: arb.addressOf(2), balance: 5n, nonce: 0 }), 4);
  assert.throws(() => state.write(record), { message: "records[0]: no account with this address at index 0; nothing was written" });
  assert.equal(hex(state.account(0)), hex(Account.serialize(a)));
});
