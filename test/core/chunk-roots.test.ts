/**
 * The executor's intermediate roots (docs/fraud-proofs.md §1) against independent references: the
 * state root after every 32nd included position from the reference executor run position by
 * position, each chunk's transaction subtree read from @chainsafe/ssz's TxList tree, and the
 * posted entry sha256(stateRoot_c ‖ txSubtree_c).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { Tree } from "@chainsafe/persistent-merkle-tree";
import { Account, StateList, Transaction, TxList, type Account as AccountValue } from "../../sequencer/protocol/ssz-types.ts";
import { CHUNK_POSITIONS, TxStatus } from "../../sequencer/core/index.ts";
import { getCore, runs, seed, hex } from "./core-fixture.ts";
import { ReferenceExecutor } from "./reference-executor.ts";
import * as arb from "./arbitraries.ts";

const ZERO20 = new Uint8Array(20);
const pool = Array.from({ length: 40 }, (_, i) => arb.addressOf(i, 11));
const TX_DATA_DEPTH = 16;
const SUBTREE_LEVEL = 5;

const step = fc.record({
  kind: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(0, 1) }, { weight: 2, arbitrary: fc.constantFrom(2, 3) }),
  from: fc.nat({ max: pool.length - 1 }),
  to: fc.nat({ max: pool.length - 1 }),
  amount: fc.bigInt({ min: 0n, max: 300n }),
  fee: fc.bigInt({ min: 0n, max: 3n }),
  wrongNonce: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Queue messages first, then user transactions with the nonces the reference state implies (some wrong: rejected). */
function transactions(accounts: AccountValue[], steps: Step[], queueStart: number) {
  const nonces = new Map(accounts.map((a) => [hex(a.address), a.nonce]));
  const queued = steps.filter((s) => s.kind >= 2);
  const users = steps.filter((s) => s.kind < 2);
  return [
    ...queued.map((s, i) => ({ kind: s.kind, from: ZERO20, to: pool[s.to]!, amount: s.kind === 2 ? s.amount : 0n, fee: 0n, nonce: queueStart + i, signature: new Uint8Array(65) })),
    ...users.map((s) => {
      const from = pool[s.from]!;
      const nonce = nonces.get(hex(from)) ?? 0;
      if (!s.wrongNonce) nonces.set(hex(from), nonce + 1);
      return { kind: s.kind, from, to: pool[s.to]!, amount: s.amount, fee: s.fee, nonce: s.wrongNonce ? nonce + 7 : nonce, signature: new Uint8Array(65).fill(2) };
    }),
  ];
}

const sha256 = (a: Uint8Array, b: Uint8Array) => new Uint8Array(createHash("sha256").update(a).update(b).digest());

test("chunk state roots, tx subtrees and entries equal the reference at every 32nd included position", async () => {
  const { state, executor } = await getCore();
  const seen = { chunks: 0, rejected: 0 };
  fc.assert(
    fc.property(fc.integer({ min: 1, max: pool.length }), fc.array(step, { minLength: 1, maxLength: 140, size: "max" }), (genesisSize, steps) => {
      const genesis = pool.slice(0, genesisSize).map((address, i) => ({ address, balance: i === 0 ? 0n : 1000n, nonce: i % 3 }));
      state.clear();
      state.load(Buffer.concat(genesis.map((a) => Account.serialize(a))));
      const reference = new ReferenceExecutor(genesis);
      const txs = transactions(reference.accounts, steps, 5);
      const got = executor.execute(Buffer.concat(txs.map((t) => Transaction.serialize(t))), 5);

      // the reference, one position at a time: the state root after each 32nd included one and at the end
      const included = [];
      const roots: string[] = [];
      const touched = new Set<number>();
      let queueCount = 5;
      for (const tx of txs) {
        const r = reference.execute([tx], queueCount);
        queueCount = r.queueCount;
        for (const i of r.touched) touched.add(i);
        if (r.statuses[0] !== TxStatus.Ok) continue;
        included.push(r.included[0]!);
        if (included.length % CHUNK_POSITIONS === 0) roots.push(hex(StateList.hashTreeRoot(reference.accounts)));
      }
      if (included.length % CHUNK_POSITIONS !== 0) roots.push(hex(StateList.hashTreeRoot(reference.accounts)));
      const n = Math.ceil(included.length / CHUNK_POSITIONS);
      seen.chunks = Math.max(seen.chunks, n);
      seen.rejected += txs.length - included.length;
      assert.equal(got.includedCount, included.length);
      assert.equal(got.chunkStateRoots.length, n * 32);
      const chunk = (bytes: Uint8Array, c: number) => bytes.subarray(c * 32, c * 32 + 32);
      assert.deepEqual(Array.from({ length: n }, (_, c) => hex(chunk(got.chunkStateRoots, c))), roots);
      if (n > 0) assert.equal(hex(chunk(got.chunkStateRoots, n - 1)), hex(got.stateRoot));

      const txTree = new Tree(TxList.toView(included).node);
      for (let c = 0; c < n; c++) {
        const subtree = txTree.getNodeAtDepth(1 + TX_DATA_DEPTH - SUBTREE_LEVEL, c).root;
        assert.equal(hex(chunk(got.chunkTxSubtrees, c)), hex(subtree), `txSubtree_${c}`);
        assert.equal(hex(chunk(got.chunkEntries, c)), hex(sha256(chunk(got.chunkStateRoots, c), subtree)), `entry_${c}`);
      }
      // every account changed in any chunk is listed once although the tree was committed per chunk
      assert.equal(new Set(got.touched).size, got.touched.length, "touched lists each account once");
      assert.deepEqual([...got.touched].sort((a, b) => a - b), [...touched].sort((a, b) => a - b));
    }),
    { seed, numRuns: runs(60) },
  );
  assert.ok(seen.chunks >= 3 && seen.rejected > 0, `the generator reached ${seen.chunks} chunks and ${seen.rejected} rejections`);
});

test("a batch with nothing included has no chunks; 64 included positions make exactly two", async () => {
  const { state, executor } = await getCore();
  const genesis = [{ address: pool[0]!, balance: 0n, nonce: 0 }, { address: pool[1]!, balance: 10_000n, nonce: 0 }];
  state.clear();
  state.load(Buffer.concat(genesis.map((a) => Account.serialize(a))));
  const rejected = executor.execute(Transaction.serialize({ kind: 0, from: pool[1]!, to: pool[2]!, amount: 1n, fee: 0n, nonce: 9, signature: new Uint8Array(65) }), 0);
  assert.deepEqual([rejected.includedCount, rejected.chunkEntries.length], [0, 0]);
  const transfers = Array.from({ length: 64 }, (_, nonce) => Transaction.serialize({ kind: 0, from: pool[1]!, to: pool[2 + (nonce % 3)]!, amount: 1n, fee: 1n, nonce, signature: new Uint8Array(65) }));
  const two = executor.execute(Buffer.concat(transfers), 0);
  assert.deepEqual([two.includedCount, two.chunkStateRoots.length, two.chunkTxSubtrees.length, two.chunkEntries.length], [64, 64, 64, 64]);
  assert.equal(hex(two.chunkStateRoots.subarray(32)), hex(two.stateRoot));
});

test("behavior: with the intermediate roots switched off (bench:tps:roots only) the batch's own roots, touched accounts and tx subtrees are unchanged and the chunk state roots are zero", async () => {
  const { state, executor } = await getCore();
  const genesis = pool.slice(0, 10).map((address, i) => ({ address, balance: i === 0 ? 0n : 1000n, nonce: 0 }));
  const steps: Step[] = Array.from({ length: 70 }, (_, i) => ({ kind: i % 5 === 0 ? 1 : 0, from: 1 + (i % 9), to: (i * 7) % pool.length, amount: 3n, fee: 1n, wrongNonce: false }));
  const run = (roots: boolean) => {
    state.clear();
    state.load(Buffer.concat(genesis.map((a) => Account.serialize(a))));
    const reference = new ReferenceExecutor(genesis);
    const input = Buffer.concat(transactions(reference.accounts, steps, 0).map((t) => Transaction.serialize(t)));
    executor.setIntermediateRoots(roots);
    try {
      return executor.execute(input, 0);
    } finally {
      executor.setIntermediateRoots(true);
    }
  };
  const on = run(true);
  const off = run(false);
  assert.equal(on.includedCount, 70);
  for (const field of ["stateRoot", "txRoot", "exitRoot", "chunkTxSubtrees", "touched"] as const) assert.deepEqual(off[field], on[field], field);
  assert.deepEqual(off.chunkStateRoots, new Uint8Array(3 * 32));
  assert.notDeepEqual(on.chunkStateRoots, off.chunkStateRoots);
});
