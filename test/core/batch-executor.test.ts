import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Account, Transaction, Withdrawal, StateList, TxList, ExitList, type Account as AccountValue } from "../../sequencer/protocol/ssz-types.ts";
import { TxStatus } from "../../sequencer/core/index.ts";
import { getCore, runs, seed, hex } from "./core-fixture.ts";
import { ReferenceExecutor } from "./reference-executor.ts";
import * as arb from "./arbitraries.ts";

const ZERO20 = new Uint8Array(20);
const MAX_U128 = 2n ** 128n - 1n;
/** A small pool of addresses so that transfers hit existing, new and repeated accounts. */
const pool = Array.from({ length: 12 }, (_, i) => arb.addressOf(i, 3));
const poolAddress = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: pool.length - 1 }).map((i) => pool[i]!) }, { weight: 1, arbitrary: fc.constant(ZERO20) });
const amount = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: 0n, max: 1000n }) },
  { weight: 1, arbitrary: fc.constant(0n) },
  { weight: 1, arbitrary: fc.constantFrom(MAX_U128, MAX_U128 - 5n, 2n ** 127n) },
);

/** An intent: the transaction's nonce is "right" (taken from the reference state when built) or random. */
const intent = fc.record({
  kind: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0, 1) }, { weight: 3, arbitrary: fc.constantFrom(2, 3) }, { weight: 1, arbitrary: fc.integer({ min: 4, max: 255 }) }),
  from: poolAddress,
  to: poolAddress,
  amount,
  fee: fc.oneof({ weight: 5, arbitrary: fc.bigInt({ min: 0n, max: 20n }) }, { weight: 1, arbitrary: fc.constant(MAX_U128) }),
  rightNonce: fc.oneof({ weight: 7, arbitrary: fc.constant(true) }, { weight: 3, arbitrary: fc.constant(false) }),
  randomNonce: fc.integer({ min: 0, max: 5 }),
  malformed: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});
type Intent = typeof intent extends fc.Arbitrary<infer T> ? T : never;

const genesis = fc.uniqueArray(
  fc.record({ address: fc.integer({ min: 0, max: pool.length - 1 }).map((i) => pool[i]!), balance: fc.oneof(fc.bigInt({ min: 0n, max: 5000n }), fc.constant(MAX_U128 - 10n)), nonce: fc.integer({ min: 0, max: 3 }) }),
  { minLength: 1, maxLength: 8, selector: (a) => hex(a.address) },
);

/** Turns intents into transactions (queue messages first), nonces taken from a dry run of the reference. */
function buildBatch(accounts: AccountValue[], intents: Intent[], queueStart: number): Transaction[] {
  const nonces = new Map(accounts.map((a) => [hex(a.address), a.nonce]));
  const ordered = [...intents.filter((t) => t.kind === 2 || t.kind === 3), ...intents.filter((t) => t.kind !== 2 && t.kind !== 3)];
  let queue = queueStart;
  return ordered.map((t) => {
    const queued = t.kind === 2 || t.kind === 3;
    let nonce: number;
    if (queued) nonce = t.rightNonce ? queue++ : queue + t.randomNonce;
    else {
      const current = nonces.get(hex(t.from)) ?? 0;
      nonce = t.rightNonce ? current : t.randomNonce;
      if (nonce === current) nonces.set(hex(t.from), current + 1);
    }
    const signature = new Uint8Array(65);
    if (!queued || t.malformed) signature[0] = 1;
    return { kind: t.kind, from: queued && !t.malformed ? ZERO20 : t.from, to: t.to, amount: t.amount, fee: queued ? 0n : t.fee, nonce, signature };
  });
}

/** Nodes of the depth-32 state tree dirtied by changing these leaves: the leaves and all their distinct ancestors. */
function distinctTreeNodes(leaves: Uint32Array): number {
  let level = [...new Set(leaves)];
  let total = level.length;
  for (let l = 0; l < 32 && level.length > 0; l++) {
    level = [...new Set(level.map((x) => x >>> 1))];
    total += level.length;
  }
  return total;
}

test("executor equals the reference executor: statuses, accounts, withdrawals, created, touched and all three roots", async () => {
  const { state, executor, wasm } = await getCore();
  const seen = new Set<number>();
  fc.assert(
    fc.property(genesis, fc.array(fc.array(intent, { maxLength: 30 }), { minLength: 1, maxLength: 3 }), (initial, batches) => {
      state.clear();
      state.load(Buffer.concat(initial.map((a) => Account.serialize(a))));
      state.root(); // the genesis root, so that each batch's hash count covers only the batch
      const reference = new ReferenceExecutor(initial);
      let queueCount = 0;
      for (const intents of batches) {
        const txs = buildBatch(reference.accounts, intents, queueCount);
        const expected = reference.execute(txs, queueCount);
        const hashedBefore = wasm.hashedNodeCount();
        const got = executor.execute(Buffer.concat(txs.map((t) => Transaction.serialize(t))), queueCount);
        assert.equal(Number(wasm.hashedNodeCount() - hashedBefore), distinctTreeNodes(got.touched), "each dirty state node hashed once");
        assert.deepEqual([...got.statuses], expected.statuses);
        for (const s of got.statuses) seen.add(s);
        assert.equal(got.queueCount, expected.queueCount);
        queueCount = got.queueCount;
        assert.equal(state.count, reference.accounts.length);
        for (let i = 0; i < state.count; i++) assert.equal(hex(state.account(i)), hex(Account.serialize(reference.accounts[i]!)), `account ${i}`);
        assert.equal(hex(got.included), hex(Buffer.concat(expected.included.map((t) => Transaction.serialize(t)))));
        assert.equal(hex(got.withdrawals), hex(Buffer.concat(expected.withdrawals.map((w) => Withdrawal.serialize(w)))));
        assert.deepEqual([...got.created], expected.created);
        assert.deepEqual([...got.touched].sort((a, b) => a - b), [...expected.touched].sort((a, b) => a - b));
        assert.equal(hex(got.stateRoot), hex(StateList.hashTreeRoot(reference.accounts)));
        assert.equal(hex(got.txRoot), hex(TxList.hashTreeRoot(expected.included)));
        assert.equal(hex(got.exitRoot), hex(ExitList.hashTreeRoot(expected.withdrawals)));
        const exported = state.exportAccounts(got.touched);
        got.touched.forEach((i, k) => assert.equal(hex(exported.subarray(k * 44, k * 44 + 44)), hex(Account.serialize(reference.accounts[i]!))));
      }
    }),
    { seed, numRuns: runs(150) },
  );
  // The generators must reach every status the executor can return on small states.
  for (const status of [0, 1, 2, 3, 4, 5, 6, 7, 8]) assert.ok(seen.has(status), `status ${TxStatus[status]} never produced`);
});

test("exit proofs of the last batch verify against its exitRoot like @chainsafe/ssz", async () => {
  const { state, executor } = await getCore();
  const holders = Array.from({ length: 5 }, (_, i) => ({ address: arb.addressOf(100 + i), balance: 1000n + BigInt(i), nonce: 0 }));
  state.clear();
  state.load(Buffer.concat([{ address: arb.addressOf(99), balance: 0n, nonce: 0 }, ...holders].map((a) => Account.serialize(a))));
  const exits = holders.map((h, i) => ({ kind: 3, from: ZERO20, to: h.address, amount: 0n, fee: 0n, nonce: i, signature: new Uint8Array(65) }));
  const result = executor.execute(Buffer.concat(exits.map((t) => Transaction.serialize(t))), 0);
  assert.ok(result.statuses.every((s) => s === TxStatus.Ok));
  const withdrawals = holders.map((h) => ({ recipient: h.address, amount: h.balance }));
  assert.equal(hex(result.exitRoot), hex(ExitList.hashTreeRoot(withdrawals)));
  const view = ExitList.toView(withdrawals);
  const { Tree } = await import("@chainsafe/persistent-merkle-tree");
  const tree = new Tree(view.node);
  for (let i = 0; i < withdrawals.length; i++) {
    const proof = executor.exitProof(i);
    assert.equal(proof.length, 5);
    const theirs = tree.getSingleProof(ExitList.getPropertyGindex(i)!);
    assert.deepEqual(theirs.slice(0, 16).map(hex), proof.branch.map(hex));
  }
  assert.throws(() => executor.exitProof(5), { message: "index: expected integer in [0, 4], got number 5" });
});

test("accounts created across the 2^16 chunk boundary inside a batch: roots, proofs and lookups", async () => {
  const { state, executor } = await getCore();
  const n = 65_530;
  const accounts = Array.from({ length: n }, (_, i) => ({ address: arb.addressOf(i, 5), balance: 1000n, nonce: 0 }));
  state.clear();
  state.load(Buffer.concat(accounts.map((a) => Account.serialize(a))));
  const fresh = Array.from({ length: 12 }, (_, i) => arb.addressOf(i, 6));
  const deposits = fresh.map((to, i) => ({ kind: 2, from: ZERO20, to, amount: BigInt(i + 1), fee: 0n, nonce: 40 + i, signature: new Uint8Array(65) }));
  const transfer = { kind: 0, from: accounts[7]!.address, to: fresh[11]!, amount: 10n, fee: 2n, nonce: 0, signature: new Uint8Array(65).fill(1) };
  const result = executor.execute(Buffer.concat([...deposits, transfer].map((t) => Transaction.serialize(t))), 40);
  assert.ok(result.statuses.every((s) => s === TxStatus.Ok));
  assert.equal(result.queueCount, 52);
  assert.deepEqual([...result.created], Array.from({ length: 12 }, (_, i) => n + i));
  const expected = [...accounts, ...fresh.map((address, i) => ({ address, balance: BigInt(i + 1), nonce: 0 }))];
  expected[7] = { ...expected[7]!, balance: 1000n - 12n, nonce: 1 };
  expected[0] = { ...expected[0]!, balance: 1002n };
  expected[n + 11] = { ...expected[n + 11]!, balance: 12n + 10n };
  assert.equal(hex(result.stateRoot), hex(StateList.hashTreeRoot(expected)));
  assert.equal(state.indexOf(fresh[11]!), n + 11);
  const proof = state.accountProof(n + 11);
  assert.equal(proof.length, n + 12);
  assert.equal(hex(proof.branch[0]!), hex(Account.hashTreeRoot(expected[n + 10]!)));
});

test("error: batches are checked at the boundary", async () => {
  const { executor } = await getCore();
  assert.throws(() => executor.execute(new Uint8Array(145), 0), { message: "txs: expected Uint8Array of length multiple of 146, got length=145" });
  assert.throws(() => executor.execute(new Uint8Array(146 * 65_537), 0), { message: "txs: expected at most 65536 items of 146 bytes, got 65537" });
  assert.throws(() => executor.execute(new Uint8Array(0), -1), { message: "queueStart: expected integer in [0, 9007199254740991], got number -1" });
});
