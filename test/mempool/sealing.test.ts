import { test } from "node:test";
import assert from "node:assert/strict";
import { Mempool } from "../../sequencer/mempool/mempool.ts";
import type { DropReason } from "../../sequencer/mempool/rejection-reason.ts";
import { address, hashes, labels, TestAccounts, tx, type TestTransaction } from "./fixtures.ts";

function setup(options = {}) {
  const accounts = new TestAccounts().set(1, 1000n).set(2, 1000n).set(3, 1000n);
  const dropped: string[] = [];
  const onDrop = (t: TestTransaction, reason: DropReason) => dropped.push(`${t.label}:${reason}`);
  return { accounts, dropped, mempool: new Mempool<TestTransaction>(accounts, { onDrop, ...options }) };
}

/** What a sealer does: execute in order against the confirmed state, then mark in the same turn. */
function seal(accounts: TestAccounts, mempool: Mempool<TestTransaction>, taken: TestTransaction[]) {
  const ok = taken.filter((t) => accounts.execute(t));
  const bad = taken.filter((t) => !ok.includes(t));
  mempool.markSealed(hashes(ok));
  mempool.markRejected(hashes(bad));
  return { ok: labels(ok), bad: labels(bad) };
}

test("default: take interleaves senders in arrival order, each sender's in nonce order", () => {
  const { mempool } = setup();
  for (const t of [tx(1, 0), tx(2, 0), tx(1, 1), tx(3, 1), tx(2, 1), tx(3, 0)]) mempool.add(t);
  // s3n1 arrived before s3n0 but only became executable when s3n0 closed the gap.
  assert.deepEqual(labels(mempool.take(10)), ["s1n0a1f0x0", "s2n0a1f0x0", "s1n1a1f0x0", "s2n1a1f0x0", "s3n0a1f0x0", "s3n1a1f0x0"]);
});

test("behavior: take does not remove; later takes continue after what is in flight; markSealed removes", () => {
  const { accounts, mempool } = setup();
  for (let n = 0; n < 5; n++) mempool.add(tx(1, n));
  const first = mempool.take(2);
  assert.deepEqual(labels(first), ["s1n0a1f0x0", "s1n1a1f0x0"]);
  assert.equal(mempool.size, 5);
  assert.equal(mempool.get(first[0]!.hash), first[0]);
  assert.equal(mempool.pendingNonce(address(1)), 5);
  assert.deepEqual(labels(mempool.take(2)), ["s1n2a1f0x0", "s1n3a1f0x0"]);
  assert.deepEqual(mempool.counts, { ready: 1, taken: 4, future: 0, senders: 1 });
  assert.deepEqual(seal(accounts, mempool, first), { ok: ["s1n0a1f0x0", "s1n1a1f0x0"], bad: [] });
  assert.equal(mempool.size, 3);
  assert.equal(mempool.get(first[0]!.hash), undefined);
  assert.equal(mempool.pendingNonce(address(1)), 5);
  assert.deepEqual(mempool.add(tx(1, 1, 7n)), { accepted: false, reason: "nonce too low" }); // sealed nonce
  assert.deepEqual(mempool.add(tx(1, 5)), { accepted: true, executable: true });
});

test("behavior: markSealed accepts hashes in any order and ignores unknown ones", () => {
  const { accounts, mempool } = setup();
  for (let n = 0; n < 3; n++) mempool.add(tx(1, n));
  const taken = mempool.take(3);
  for (const t of taken) accounts.execute(t);
  assert.equal(mempool.markSealed([taken[2]!.hash, tx(9, 9).hash, taken[0]!.hash, taken[1]!.hash]), 3);
  assert.equal(mempool.size, 0);
  assert.deepEqual(mempool.counts, { ready: 0, taken: 0, future: 0, senders: 0 });
  assert.equal(mempool.pendingNonce(address(1)), 3);
});

test("behavior: markRejected makes the sender's later nonces wait until the gap is filled again", () => {
  const { accounts, dropped, mempool } = setup();
  for (let n = 0; n < 4; n++) mempool.add(tx(1, n, 100n));
  mempool.add(tx(2, 0));
  const taken = mempool.take(2); // s1n0, s1n1
  accounts.set(1, 150n); // e.g. a full exit raced the batch: only s1n0 still executes
  assert.deepEqual(seal(accounts, mempool, taken), { ok: ["s1n0a100f0x0"], bad: ["s1n1a100f0x0"] });
  assert.deepEqual(dropped, ["s1n1a100f0x0:rejected"]);
  assert.equal(mempool.pendingNonce(address(1)), 1);
  assert.deepEqual(labels(mempool.take(10)), ["s2n0a1f0x0"]); // s1n2, s1n3 wait for a new nonce 1
  assert.deepEqual(mempool.add(tx(1, 1, 10n)), { accepted: false, reason: "insufficient funds" }); // 50 left, 200 pending
  accounts.set(1, 500n, 1); // a deposit
  assert.equal(mempool.onAccountsChanged([address(1)]), 0);
  assert.deepEqual(mempool.add(tx(1, 1, 10n)), { accepted: true, executable: true });
  assert.deepEqual(labels(mempool.take(10)), ["s1n1a10f0x0", "s1n2a100f0x0", "s1n3a100f0x0"]);
});

test("behavior: rejecting an in-flight transaction also pulls back the sender's later in-flight ones", () => {
  const { mempool } = setup();
  for (let n = 0; n < 3; n++) mempool.add(tx(1, n));
  const [t0] = mempool.take(3);
  mempool.markRejected([t0!.hash]);
  assert.deepEqual(mempool.counts, { ready: 0, taken: 0, future: 2, senders: 1 });
  assert.deepEqual(mempool.take(10), []);
});

test("behavior: release puts taken transactions back first, in order", () => {
  const { mempool } = setup();
  for (const t of [tx(1, 0), tx(1, 1), tx(2, 0), tx(3, 0)]) mempool.add(t);
  const taken = mempool.take(3);
  assert.equal(mempool.release(hashes(taken.slice(1))), 2); // the batch was full after the first
  assert.equal(mempool.release(hashes(taken.slice(1))), 0); // not taken any more
  assert.deepEqual(labels(mempool.take(10)), ["s1n1a1f0x0", "s2n0a1f0x0", "s3n0a1f0x0"]);
});

test("behavior: onAccountsChanged drops what a full exit or an outside nonce change made invalid", () => {
  const { accounts, dropped, mempool } = setup();
  for (let n = 0; n < 3; n++) mempool.add(tx(1, n, 300n));
  for (let n = 0; n < 2; n++) mempool.add(tx(2, n, 300n));
  mempool.add(tx(3, 0, 10n));
  accounts.set(1, 650n); // covers s1n0 and s1n1 only
  accounts.set(2, 0n); // full exit
  accounts.set(3, 1000n, 1); // nonce moved (e.g. restart from storage)
  assert.equal(mempool.onAccountsChanged([address(1), address(2), address(3), address(4)]), 4);
  assert.deepEqual(dropped, ["s1n2a300f0x0:insufficient funds", "s2n0a300f0x0:insufficient funds", "s2n1a300f0x0:insufficient funds", "s3n0a10f0x0:nonce too low"]);
  assert.deepEqual(labels(mempool.take(10)), ["s1n0a300f0x0", "s1n1a300f0x0"]);
  assert.deepEqual(mempool.counts, { ready: 0, taken: 2, future: 0, senders: 1 });
});

test("behavior: a deposit that lets a queued nonce run is seen through onAccountsChanged, in nonce order", () => {
  const { accounts, mempool } = setup();
  mempool.add(tx(2, 0));
  mempool.add(tx(1, 2));
  mempool.add(tx(1, 3));
  accounts.set(1, 1000n, 2); // the state was restored with nonce 2 (the pool saw nonce 0)
  mempool.onAccountsChanged([address(1)]);
  assert.deepEqual(labels(mempool.take(10)), ["s2n0a1f0x0", "s1n2a1f0x0", "s1n3a1f0x0"]);
});

test("behavior: admission re-checks a sender whose confirmed nonce moved unseen", () => {
  const { accounts, dropped, mempool } = setup();
  mempool.add(tx(1, 0));
  mempool.add(tx(1, 1));
  accounts.set(1, 1000n, 1); // moved without markSealed or onAccountsChanged
  assert.deepEqual(mempool.add(tx(1, 2)), { accepted: true, executable: true });
  assert.deepEqual(dropped, ["s1n0a1f0x0:nonce too low"]);
  assert.equal(mempool.pendingNonce(address(1)), 3);
  assert.deepEqual(labels(mempool.take(10)), ["s1n1a1f0x0", "s1n2a1f0x0"]);
});

test("behavior: memory stays bounded: senders and entries are released when empty", () => {
  const { accounts, mempool } = setup({ maxTransactions: 50 });
  for (let round = 0; round < 20; round++) {
    for (let s = 1; s <= 3; s++) mempool.add(tx(s, round));
    seal(accounts, mempool, mempool.take(100));
    assert.deepEqual(mempool.counts, { ready: 0, taken: 0, future: 0, senders: 0 });
  }
  assert.equal(mempool.size, 0);
});
