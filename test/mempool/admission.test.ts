import { test } from "node:test";
import assert from "node:assert/strict";
import { Mempool } from "../../sequencer/mempool/mempool.ts";
import { RejectionReason } from "../../sequencer/mempool/rejection-reason.ts";
import { address, TestAccounts, tx, type TestTransaction } from "./fixtures.ts";

const pool = (accounts: TestAccounts, options = {}) => new Mempool<TestTransaction>(accounts, options);
const rejected = (reason: RejectionReason) => ({ accepted: false, reason });
const ACCEPTED = { accepted: true, executable: true };
const QUEUED = { accepted: true, executable: false };

test("default: an executable transaction is accepted, visible, and moves the pending nonce", () => {
  const mempool = pool(new TestAccounts().set(1, 100n, 5));
  assert.equal(mempool.pendingNonce(address(1)), 5);
  const t = tx(1, 5, 10n, 1n);
  assert.deepEqual(mempool.add(t), ACCEPTED);
  assert.equal(mempool.get(t.hash), t);
  assert.equal(mempool.size, 1);
  assert.equal(mempool.pendingNonce(address(1)), 6);
  assert.equal(mempool.pendingNonce(address(9)), 0);
  assert.deepEqual(mempool.counts, { ready: 1, taken: 0, future: 0, senders: 1 });
});

test("error: the same transaction again is already known", () => {
  const mempool = pool(new TestAccounts().set(1, 100n));
  mempool.add(tx(1, 0));
  assert.deepEqual(mempool.add(tx(1, 0)), rejected(RejectionReason.alreadyKnown));
  assert.equal(RejectionReason.alreadyKnown, "already known");
});

test("error: a nonce below the confirmed nonce is too low", () => {
  const mempool = pool(new TestAccounts().set(1, 100n, 3));
  assert.deepEqual(mempool.add(tx(1, 2)), rejected(RejectionReason.nonceTooLow));
  assert.equal(RejectionReason.nonceTooLow, "nonce too low");
});

test("error: nonces at or beyond confirmed + nonceWindow are too high; inside it they queue", () => {
  const mempool = pool(new TestAccounts().set(1, 100n, 10), { nonceWindow: 4 });
  assert.deepEqual(mempool.add(tx(1, 14)), rejected(RejectionReason.nonceTooHigh));
  assert.deepEqual(mempool.add(tx(1, 13)), QUEUED);
  assert.deepEqual(mempool.add(tx(1, 11)), QUEUED);
  assert.equal(mempool.pendingNonce(address(1)), 10);
  assert.deepEqual(mempool.add(tx(1, 10)), ACCEPTED);
  assert.equal(mempool.pendingNonce(address(1)), 12); // 10, 11 executable; 13 still waits for 12
  assert.deepEqual(mempool.counts, { ready: 2, taken: 0, future: 1, senders: 1 });
  assert.equal(RejectionReason.nonceTooHigh, "nonce too high");
});

test("error: a different transaction with a pending nonce is refused whatever its fee (no replacement-by-fee)", () => {
  const mempool = pool(new TestAccounts().set(1, 1000n));
  const first = tx(1, 0, 5n, 1n);
  mempool.add(first);
  assert.deepEqual(mempool.add(tx(1, 0, 5n, 100n)), rejected(RejectionReason.replacementUnderpriced));
  assert.deepEqual(mempool.add(tx(1, 0, 6n, 1n)), rejected(RejectionReason.replacementUnderpriced));
  assert.equal(mempool.take(10)[0], first);
  assert.equal(RejectionReason.replacementUnderpriced, "replacement transaction underpriced");
});

test("error: insufficient funds counts amount + fee against the balance left by pending transactions", () => {
  const mempool = pool(new TestAccounts().set(1, 100n));
  assert.deepEqual(mempool.add(tx(1, 0, 60n, 1n)), ACCEPTED);
  assert.deepEqual(mempool.add(tx(1, 1, 39n, 1n)), rejected(RejectionReason.insufficientFunds));
  assert.deepEqual(mempool.add(tx(1, 1, 38n, 1n)), ACCEPTED); // exactly the rest
  assert.deepEqual(mempool.add(tx(1, 2, 0n, 0n)), ACCEPTED); // any fee ≥ 0, zero included
  assert.deepEqual(mempool.add(tx(1, 3, 0n, 1n)), rejected(RejectionReason.insufficientFunds));
  assert.equal(RejectionReason.insufficientFunds, "insufficient funds");
});

test("error: a sender without an account has balance 0: insufficient funds, even for a zero-value transfer", () => {
  const mempool = pool(new TestAccounts());
  assert.deepEqual(mempool.add(tx(7, 0, 1n)), rejected(RejectionReason.insufficientFunds));
  assert.deepEqual(mempool.add(tx(7, 0, 0n, 0n)), rejected(RejectionReason.insufficientFunds));
});

test("error: the global cap answers mempool full, and frees up as transactions leave", () => {
  const accounts = new TestAccounts().set(1, 100n).set(2, 100n);
  const mempool = pool(accounts, { maxTransactions: 3 });
  for (const t of [tx(1, 0), tx(1, 1), tx(2, 0)]) assert.equal(mempool.add(t).accepted, true);
  assert.deepEqual(mempool.add(tx(2, 1)), rejected(RejectionReason.mempoolFull));
  assert.deepEqual(mempool.add(tx(2, 0)), rejected(RejectionReason.alreadyKnown)); // precise reasons come first
  assert.deepEqual(mempool.add(tx(2, 0, 3n)), rejected(RejectionReason.replacementUnderpriced));
  const [first] = mempool.take(1);
  accounts.execute(first!);
  mempool.markSealed([first!.hash]);
  assert.deepEqual(mempool.add(tx(2, 1)), ACCEPTED);
  assert.equal(RejectionReason.mempoolFull, "mempool full");
});

test("error: non-executable transactions have their own cap (mempool full), executable ones do not", () => {
  const mempool = pool(new TestAccounts().set(1, 100n).set(2, 100n), { maxTransactions: 10, maxFutureTransactions: 2 });
  assert.deepEqual(mempool.add(tx(1, 2)), QUEUED);
  assert.deepEqual(mempool.add(tx(2, 5)), QUEUED);
  assert.deepEqual(mempool.add(tx(1, 3)), rejected(RejectionReason.mempoolFull));
  assert.deepEqual(mempool.add(tx(2, 0)), ACCEPTED);
  assert.deepEqual(mempool.add(tx(1, 0)), ACCEPTED);
  assert.deepEqual(mempool.add(tx(1, 1)), ACCEPTED); // fills the gap: nonce 2 becomes executable too
  assert.deepEqual(mempool.counts, { ready: 4, taken: 0, future: 1, senders: 2 });
  assert.deepEqual(mempool.add(tx(1, 4)), QUEUED); // nonce 3 is missing; one future slot is free again
});

test("error: malformed transaction objects and options throw precise errors", () => {
  const mempool = pool(new TestAccounts().set(1, 100n));
  assert.throws(() => mempool.add({ ...tx(1, 0), hash: new Uint8Array(31) }), /tx.hash must be a 32-byte Uint8Array/);
  assert.throws(() => mempool.add({ ...tx(1, 0), from: new Uint8Array(21) }), /tx.from must be a 20-byte/);
  assert.throws(() => mempool.add({ ...tx(1, 0), nonce: -1 }), /tx.nonce must be a safe non-negative integer, got -1/);
  assert.throws(() => mempool.add({ ...tx(1, 0), nonce: 2 ** 53 }), /safe non-negative integer/);
  assert.throws(() => mempool.add({ ...tx(1, 0), amount: -1n }), /tx.amount must be a non-negative bigint/);
  assert.throws(() => mempool.add({ ...tx(1, 0), fee: 1 as unknown as bigint }), /tx.fee must be a non-negative bigint/);
  assert.throws(() => mempool.take(-1), /max must be a non-negative integer, got -1/);
  assert.throws(() => pool(new TestAccounts(), { nonceWindow: 0 }), /nonceWindow must be a positive integer, got 0/);
  assert.throws(() => pool(new TestAccounts(), { maxTransactions: 1.5 }), /maxTransactions must be a positive integer/);
  assert.equal(mempool.size, 0);
});

test("behavior: a future nonce whose gap is never filled expires after futureLifetimeMs; executable ones never do", () => {
  let now = 0;
  const drops: [number, string][] = [];
  const mempool = new Mempool<TestTransaction>(new TestAccounts().set(1, 100n).set(2, 100n), {
    futureLifetimeMs: 1_000,
    now: () => now,
    onDrop: (t, reason) => void drops.push([t.nonce, reason]),
  });
  mempool.add(tx(1, 0)); // executable
  mempool.add(tx(1, 2)); // future: nonce 1 is missing
  now = 600;
  mempool.add(tx(2, 5)); // future, younger
  now = 999;
  assert.equal(mempool.expireFutures(), 0, "nothing is older than the lifetime yet");
  now = 1_001;
  assert.equal(mempool.expireFutures(), 1);
  assert.deepEqual(drops, [[2, "expired: its nonce gap was not filled in time"]]);
  assert.deepEqual(mempool.counts, { ready: 1, taken: 0, future: 1, senders: 2 });
  now = 10_000;
  assert.equal(mempool.expireFutures(), 1, "the younger future goes later");
  assert.deepEqual(mempool.counts, { ready: 1, taken: 0, future: 0, senders: 1 }, "an emptied sender is released");
  assert.equal(mempool.expireFutures(), 0, "the executable transaction stays, however old");
});

test("behavior: a future that became executable is not expired; one made future again counts from then", () => {
  let now = 0;
  const mempool = new Mempool<TestTransaction>(new TestAccounts().set(1, 100n), { futureLifetimeMs: 1_000, now: () => now });
  const [first, second, third] = [tx(1, 0), tx(1, 1), tx(1, 2)];
  mempool.add(third); // future at 0
  mempool.add(second); // future at 0
  now = 500;
  mempool.add(first); // fills the gap: all three executable
  assert.deepEqual(mempool.counts.future, 0);
  const taken = mempool.take(3);
  now = 1_500;
  mempool.markRejected([taken[0]!.hash]); // nonce 0 rejected: 1 and 2 are future again, since 1,500
  assert.equal(mempool.counts.future, 2);
  now = 2_400;
  assert.equal(mempool.expireFutures(), 0, "their time as futures began at 1,500");
  now = 2_600;
  assert.equal(mempool.expireFutures(), 2);
  assert.equal(mempool.size, 0);
});
