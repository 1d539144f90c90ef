import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Mempool } from "../../sequencer/mempool/mempool.ts";
import { runs, seed } from "../protocol/arbitraries.ts";
import { address, hashes, labels, TestAccounts, tx, type TestTransaction } from "./fixtures.ts";
import { ReferenceMempool } from "./reference-mempool.ts";

const SENDERS = [1, 2, 3, 4]; // sender 4 starts without an account
const baseLimits = { maxTransactions: 8, maxFutureTransactions: 3, nonceWindow: 4, maxPendingPerSender: 3 };
const sender = fc.constantFrom(...SENDERS);

const operation = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant("add" as const), sender, nonce: fc.nat(4), amount: fc.bigInt(0n, 8n), fee: fc.bigInt(0n, 12n), salt: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("take" as const), max: fc.nat(4) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("seal" as const), count: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("release" as const), count: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("deposit" as const), sender, amount: fc.bigInt(0n, 20n) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("fullExit" as const), sender }) },
);

function initialAccounts(balances: bigint[]): TestAccounts {
  const accounts = new TestAccounts();
  balances.forEach((balance, i) => accounts.set(i + 1, balance, i === 1 ? 1 : 0));
  return accounts;
}

for (const ordering of ["fee", "fifo"] as const) {
  test(`behavior: the mempool agrees with a naive reference model on random operation sequences (ordering ${ordering})`, () => {
    const limits = { ...baseLimits, ordering };
    fc.assert(
      fc.property(fc.array(fc.bigInt(0n, 60n), { minLength: 3, maxLength: 3 }), fc.array(operation, { minLength: 10, maxLength: 80, size: "max" }), (balances, operations) => {
        const accounts = initialAccounts(balances);
        const real = new Mempool<TestTransaction>(accounts, limits);
        const model = new ReferenceMempool(accounts, limits);
        let inFlight: TestTransaction[] = []; // what the "sealer" holds, in take order
        for (const [step, operation] of operations.entries()) {
          const where = `step ${step}: ${JSON.stringify(operation, (_, v) => (typeof v === "bigint" ? `${v}` : v))}`;
          switch (operation.op) {
            case "add": {
              const t = tx(operation.sender, operation.nonce, operation.amount, operation.fee, operation.salt);
              assert.deepEqual(real.add(t), model.add(t), where);
              break;
            }
            case "take": {
              const taken = real.take(operation.max);
              assert.deepEqual(labels(taken), labels(model.take(operation.max)), where);
              inFlight.push(...taken);
              break;
            }
            case "seal": {
              // As the sealer does: execute in order, mark in the same turn, re-check touched senders.
              const batch = inFlight.slice(0, operation.count);
              inFlight = inFlight.slice(operation.count);
              const ok = batch.filter((t) => accounts.execute(t));
              const bad = batch.filter((t) => !ok.includes(t));
              real.markSealed(hashes(ok));
              model.markSealed(labels(ok));
              real.markRejected(hashes(bad));
              model.markRejected(labels(bad));
              const touched = [...new Set(batch.map((t) => t.sender))];
              real.onAccountsChanged(touched.map(address));
              model.onAccountsChanged(touched);
              break;
            }
            case "release": {
              const back = inFlight.slice(inFlight.length - operation.count);
              inFlight = inFlight.slice(0, inFlight.length - back.length);
              real.release(hashes(back));
              model.release(labels(back));
              break;
            }
            case "deposit":
            case "fullExit": {
              const account = accounts.get(address(operation.sender));
              const balance = operation.op === "deposit" ? (account?.balance ?? 0n) + operation.amount : 0n;
              if (operation.op === "deposit" || account) accounts.set(operation.sender, balance, account?.nonce ?? 0);
              real.onAccountsChanged([address(operation.sender)]);
              model.onAccountsChanged([operation.sender]);
              break;
            }
          }
          assert.equal(real.size, model.size, where);
          assert.deepEqual(real.counts, model.counts(), where);
          for (const s of SENDERS) assert.equal(real.pendingNonce(address(s)), model.pendingNonce(s), `${where}: pending nonce of ${s}`);
          assert.ok(real.size <= limits.maxTransactions);
        }
      }),
      { seed, numRuns: runs(300) },
    );
  });
}
