import { test } from "node:test";
import assert from "node:assert/strict";
import { Mempool } from "../../sequencer/mempool/mempool.ts";
import { DropReason, RejectionReason } from "../../sequencer/mempool/rejection-reason.ts";
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

test("default: a replacement (same sender and nonce) with a fee at least 10% higher replaces the pending one; below, geth's refusal", () => {
  const dropped: [string, string][] = [];
  const mempool = pool(new TestAccounts().set(1, 1000n), { onDrop: (t: TestTransaction, reason: string) => dropped.push([t.label, reason]) });
  const first = tx(1, 0, 5n, 100n);
  mempool.add(first);
  assert.deepEqual(mempool.add(tx(1, 0, 5n, 109n)), rejected(RejectionReason.replacementUnderpriced), "+9% is not enough");
  assert.deepEqual(mempool.add(tx(1, 0, 6n, 100n)), rejected(RejectionReason.replacementUnderpriced), "the same fee never replaces");
  assert.equal(RejectionReason.replacementUnderpriced, "replacement transaction underpriced");
  assert.equal(mempool.get(first.hash), first);
  const bumped = tx(1, 0, 5n, 110n);
  assert.deepEqual(mempool.add(bumped), ACCEPTED, "+10% replaces it");
  assert.equal(mempool.get(first.hash), undefined);
  assert.deepEqual(dropped, [[first.label, DropReason.replaced]]);
  assert.deepEqual([mempool.size, mempool.pendingNonce(address(1))], [1, 1]);
  assert.deepEqual(mempool.take(10), [bumped]);
});

test("error: a replacement must be covered by the balance in the pending one's place, and one being sealed cannot be replaced", () => {
  const mempool = pool(new TestAccounts().set(1, 400n));
  mempool.add(tx(1, 0, 100n, 10n));
  mempool.add(tx(1, 1, 100n, 10n));
  assert.deepEqual(mempool.add(tx(1, 1, 271n, 20n)), rejected(RejectionReason.insufficientFunds), "110 + 291 > 400");
  assert.deepEqual(mempool.add(tx(1, 1, 268n, 20n)), ACCEPTED, "110 + 288 ≤ 400: its own 110 no longer counts");
  const [taken] = mempool.take(1);
  assert.equal(taken!.nonce, 0);
  assert.deepEqual(mempool.add(tx(1, 0, 1n, 100n)), rejected(RejectionReason.replacementInFlight));
  assert.deepEqual(mempool.add(tx(1, 3, 0n, 1n)), QUEUED);
  assert.deepEqual(mempool.add(tx(1, 3, 0n, 2n)), QUEUED, "a future one is replaced and stays future");
});

test("error: a sender may have at most maxPendingPerSender pending transactions; others are unaffected", () => {
  const accounts = new TestAccounts().set(1, 1000n).set(2, 1000n);
  const mempool = pool(accounts, { maxPendingPerSender: 2 });
  assert.deepEqual(mempool.add(tx(1, 0)), ACCEPTED);
  assert.deepEqual(mempool.add(tx(1, 5)), QUEUED);
  assert.deepEqual(mempool.add(tx(1, 1)), rejected(RejectionReason.senderPendingLimit));
  assert.deepEqual(mempool.add(tx(1, 0, 1n, 10n)), ACCEPTED, "a replacement does not count as another");
  assert.deepEqual(mempool.add(tx(2, 0)), ACCEPTED);
  const sealed = mempool.take(1);
  assert.ok(accounts.execute(sealed[0]!));
  mempool.markSealed(sealed.map((t) => t.hash));
  assert.deepEqual(mempool.add(tx(1, 1)), ACCEPTED, "room again once one is sealed");
});

test("behavior: take orders by fee per L1 byte, each sender in nonce order; FIFO ordering by admission", () => {
  const accounts = new TestAccounts().set(1, 10_000n).set(2, 10_000n).set(3, 10_000n);
  const sized = (t: TestTransaction, dataBytes: number) => ({ ...t, dataBytes });
  const txs = [
    sized(tx(1, 0, 1n, 100n), 100), // 1 wei/B
    sized(tx(1, 1, 1n, 900n), 100), // 9 wei/B, but after sender 1's nonce 0
    sized(tx(2, 0, 1n, 400n), 100), // 4 wei/B
    sized(tx(3, 0, 1n, 400n), 50), // 8 wei/B: fewer bytes for the same fee
  ];
  const fee = pool(accounts);
  for (const t of txs) fee.add(t);
  assert.deepEqual(fee.take(10).map((t) => t.label), [txs[3]!, txs[2]!, txs[0]!, txs[1]!].map((t) => t.label));
  const fifo = pool(accounts, { ordering: "fifo" });
  for (const t of txs) fifo.add(t);
  assert.deepEqual(fifo.take(10).map((t) => t.label), txs.map((t) => t.label));
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
