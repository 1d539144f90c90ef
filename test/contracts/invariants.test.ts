/**
 * Invariant over random histories of deposits, full-exit requests, commits of 1–3 batches, time,
 * withdrawals, freezes, proven frauds (the TestFraudModule convicting a random non-final commit),
 * escapes and reclaims, on batches from a reference L2: every claim is paid at most once, the
 * contract's balance always equals what it received minus what it paid, plus the bond (less the
 * prover's half once a fraud is proven), and at the end (frozen, every claim made) it has paid out
 * exactly what it received for L2, never more, and holds only the locked bond.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Contract, TransactionReceipt } from "ethers";
import { runs, seed } from "../protocol/arbitraries.ts";
import { L2Model } from "./l2-model.ts";
import { CHALLENGE_WINDOW, INCLUSION_WINDOW, deployRollup, outcome, type NextBatch, type RollupFixture } from "./rollup-fixture.ts";
import { FRAUD, prover, provableData, stateTransitionArgs } from "./fraud-calls.ts";

const ETH = 10n ** 18n;
const EXPECTED_REFUSALS = new Set([
  "ChallengeWindowNotOver", "AlreadyWithdrawn", "BatchAfterEscapeBatch", "RollupNotFrozen", "AlreadyEscaped",
  "NothingToEscape", "AlreadyReclaimed", "DepositProcessedByFinalBatch", "NothingToReclaim", "RollupFrozen",
  "NoPendingQueueMessage", "InclusionWindowNotOver", "UnknownCommit",
]);

const op = fc.oneof(
  fc.record({ kind: fc.constant("deposit" as const), from: fc.nat(4), to: fc.nat(5), amount: fc.bigInt({ min: 1n, max: 5n * ETH }) }),
  fc.record({ kind: fc.constant("fullExit" as const), from: fc.nat(4) }),
  fc.record({
    kind: fc.constant("commit" as const),
    batches: fc.array(fc.record({
      process: fc.nat(3),
      withdrawals: fc.array(fc.record({ from: fc.nat(20), to: fc.nat(5), percent: fc.integer({ min: 1, max: 100 }) }), { maxLength: 3 }),
    }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant("fraud" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("time" as const), seconds: fc.constantFrom(5, 600, INCLUSION_WINDOW + 1, CHALLENGE_WINDOW) }),
  fc.record({ kind: fc.constant("withdraw" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("freeze" as const) }),
  fc.record({ kind: fc.constant("escape" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("reclaim" as const), pick: fc.nat() }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

class Ledger {
  received: bigint;
  paid = 0n;
  /** The bond in the contract: all of it, then the locked half once a fraud is proven. */
  bond: bigint;
  private readonly claims = new Set<string>();
  constructor(readonly f: RollupFixture, funding: bigint, bond: bigint) {
    this.received = funding;
    this.bond = bond;
  }
  /** Records the payouts in a receipt; a claim paid twice fails the test. */
  record(receipt: TransactionReceipt): void {
    for (const log of receipt.logs) {
      const event = this.f.rollup.interface.parseLog(log);
      if (!event) continue;
      if (event.name === "FraudProven") {
        assert.equal(BigInt(event.args[5]), this.bond / 2n, "the prover gets half the bond");
        this.bond -= BigInt(event.args[5]);
        continue;
      }
      const key = event.name === "Withdrawn" ? `w:${event.args[0]}:${event.args[1]}`
        : event.name === "Escaped" ? `e:${event.args[0]}`
        : event.name === "DepositReclaimed" ? `r:${event.args[0]}` : undefined;
      if (!key) continue;
      assert.ok(!this.claims.has(key), `claim ${key} paid twice`);
      this.claims.add(key);
      this.paid += BigInt(event.args[event.name === "Withdrawn" ? 3 : 2]);
    }
  }
}

async function attempt(f: RollupFixture, ledger: Ledger, name: string, args: unknown[]): Promise<boolean> {
  const result = await outcome(f.rollup.getFunction(name).staticCall(...args), f.rollup.interface);
  if (result.name !== "success") {
    assert.ok(EXPECTED_REFUSALS.has(result.name), `${name}(${args.slice(0, 1)}) refused with ${result.name}`);
    return false;
  }
  ledger.record(await (await f.rollup.getFunction(name)(...args)).wait());
  return true;
}

async function run(ops: Op[]): Promise<void> {
  const f = await deployRollup();
  const model = new L2Model(f.batches[0]!.accounts);
  const rollupAddress = await f.rollup.getAddress();
  const bond = BigInt(await f.rollup.getFunction("bond")());
  const ledger = new Ledger(f, (await f.chain.balance(rollupAddress)) - bond, bond);
  const proofs = await prover(f);
  const people = f.users.slice(0, 6).map((u) => u.address);
  const depositors: string[] = [];
  const asUser = (i: number) => f.rollup.connect(f.users[i]!) as Contract;
  const exitsOf = () => f.batches.flatMap((b, n) => b.exits.map((_, i) => [n, i] as const));
  const hatch = async () => f.rollup.getFunction("escapeHatch")();

  for (const o of ops) {
    if (o.kind === "deposit" || o.kind === "fullExit") {
      const name = o.kind === "deposit" ? "deposit" : "requestFullExit";
      const args = o.kind === "deposit" ? [people[o.to]!, { value: o.amount }] : [];
      const result = await outcome(asUser(o.from).getFunction(name).staticCall(...args), f.rollup.interface);
      if (result.name === "RollupFrozen") continue;
      assert.equal(result.name, "success");
      await (await asUser(o.from).getFunction(name)(...args)).wait();
      model.queue.push(o.kind === "deposit" ? { kind: "deposit", to: people[o.to]!, amount: o.amount } : { kind: "fullExit", account: people[o.from]! });
      depositors.push(people[o.from]!);
      if (o.kind === "deposit") ledger.received += o.amount;
    } else if (o.kind === "commit") {
      if ((await hatch()).frozen) continue;
      const next: NextBatch[] = [];
      for (const b of o.batches) {
        const withdrawals = b.withdrawals.map((w) => {
          const acc = model.accounts[w.from % model.accounts.length]!;
          return { from: w.from, to: people[w.to]!, amount: (acc.balance * BigInt(w.percent)) / 100n };
        });
        const before = model.processed;
        const exits = model.execute(b.process, withdrawals);
        // every batch's chunk 0 starts with the byte the TestFraudModule convicts on
        next.push({ accounts: model.snapshot(), exits, queueCount: model.processed, data: provableData(model.processed - before, 1, () => FRAUD) });
      }
      await f.commitMany(next);
    } else if (o.kind === "fraud") {
      const open = await openCommits(f);
      if (open.length === 0) continue;
      const firstBatch = f.commits[open[o.pick % open.length]!]!.firstBatch;
      const args = stateTransitionArgs(f, firstBatch, 0);
      const result = await outcome(proofs.getFunction("proveStateTransition").staticCall(...args), proofs.interface);
      if (result.name !== "success") {
        assert.ok(EXPECTED_REFUSALS.has(result.name), `proof refused with ${result.name}`);
        continue;
      }
      ledger.record(await (await proofs.getFunction("proveStateTransition")(...args)).wait());
    } else if (o.kind === "time") {
      await f.chain.increaseTime(o.seconds);
    } else if (o.kind === "withdraw") {
      const all = exitsOf();
      if (all.length === 0) continue;
      const [n, i] = all[o.pick % all.length]!;
      await attempt(f, ledger, "withdraw", f.withdrawArgs(n, i));
    } else if (o.kind === "freeze") {
      await attempt(f, ledger, "freeze", []);
    } else if (o.kind === "escape") {
      const h = await hatch();
      const batch = f.batches[Number(h.batch)]!;
      await attempt(f, ledger, "escape", f.escapeArgs(Number(h.batch), o.pick % batch.accounts.length));
    } else if (depositors.length > 0) {
      await attempt(f, ledger, "reclaimDeposit", [o.pick % depositors.length]);
    }
    assert.equal(await f.chain.balance(rollupAddress), ledger.received - ledger.paid + ledger.bond, "balance = received - paid + bond");
  }

  // Endgame: freeze (forcing a stale message if needed), then make every claim there is.
  if (!(await hatch()).frozen) {
    await (await asUser(0).getFunction("requestFullExit")()).wait();
    await f.chain.increaseTime(INCLUSION_WINDOW + 1);
    await f.freeze();
  }
  const escapeBatch = Number((await hatch()).batch);
  for (const [n, i] of exitsOf()) if (n <= escapeBatch) await attempt(f, ledger, "withdraw", f.withdrawArgs(n, i));
  for (let i = 0; i < f.batches[escapeBatch]!.accounts.length; i++) await attempt(f, ledger, "escape", f.escapeArgs(escapeBatch, i));
  for (let q = 0; q < depositors.length; q++) await attempt(f, ledger, "reclaimDeposit", [q]);
  assert.equal(ledger.paid, ledger.received, "every wei held for L2 was paid out exactly once");
  assert.equal(await f.chain.balance(rollupAddress), ledger.bond, "only the (locked) bond is left");
}

/** Indices of the commits a fraud proof may still remove: not the genesis, not removed, not final. */
async function openCommits(f: RollupFixture): Promise<number[]> {
  if ((await f.rollup.getFunction("escapeHatch")()).frozen) return [];
  const count = Number(await f.rollup.getFunction("commitCount")());
  const now = await f.chain.now();
  const open: number[] = [];
  for (let i = 1; i < count; i++) {
    const record = await f.rollup.getFunction("commits")(i);
    if (now + 1 < Number(record.committedAt) + CHALLENGE_WINDOW) open.push(i);
  }
  return open;
}

describe("Rollup invariants", () => {
  it("random histories: nothing paid twice, never more than held, everything claimable in the end", async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 30 }), run), { seed, numRuns: runs(40) });
  });
});
