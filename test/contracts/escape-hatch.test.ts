import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Contract } from "ethers";
import { CHALLENGE_WINDOW, INCLUSION_WINDOW, account, deployRollup, expectError, hex, type RollupFixture } from "./rollup-fixture.ts";
import { ETH, escapeScenario } from "./escape-scenario.ts";

const call = (f: RollupFixture, name: string, args: unknown[] = []) => f.rollup.getFunction(name)(...args);
const fails = (f: RollupFixture, name: string, args: unknown[], error: string) => expectError(call(f, name, args), f.rollup.interface, error);

describe("freeze", () => {
  it("error: freeze too early (exact boundary), then allowed one second later", async () => {
    const { f, freezableAt } = await escapeScenario();
    await f.chain.setNextTimestamp(freezableAt - 1);
    const early = f.rollup.getFunction("freeze").staticCall({ blockTag: "pending" });
    assert.deepEqual(await expectError(early, f.rollup.interface, "InclusionWindowNotOver"), [2n, BigInt(freezableAt - 1)]);
    await f.chain.setNextTimestamp(freezableAt);
    const receipt = await (await call(f, "freeze", [{ gasLimit: 500_000 }])).wait();
    const event = f.rollup.interface.parseLog(receipt.logs[0]);
    assert.deepEqual([event?.name, ...event!.args], ["Frozen", 1n, 1n, 2n]);
  });

  it("error: nothing waits in the queue", async () => {
    const f = await deployRollup();
    await fails(f, "freeze", [], "NoPendingQueueMessage");
    await (await call(f, "deposit", [f.users[0]!.address, { value: 1n }])).wait();
    await f.commit({ queueCount: 1 }); // processed by a committed (not yet final) batch
    await f.chain.increaseTime(10 * CHALLENGE_WINDOW);
    await fails(f, "freeze", [], "NoPendingQueueMessage");
  });

  it("freeze: fixes the last final batch; later batches never become final and commits stop", async () => {
    const s = await escapeScenario();
    const { f } = s;
    await s.freeze();
    const hatch = await call(f, "escapeHatch");
    assert.deepEqual([hatch.frozen, hatch.batch, hatch.queueCount], [true, 1n, 1n]);
    await f.chain.increaseTime(10 * CHALLENGE_WINDOW);
    assert.equal(await call(f, "isFinal", [2]), false);
    assert.deepEqual(await fails(f, "withdraw", f.withdrawArgs(2, 0), "BatchAfterEscapeBatch"), [2n, 1n]);
    await (await call(f, "withdraw", f.withdrawArgs(1, 0))).wait(); // the escape batch still pays
    await expectError(f.commit(), f.rollup.interface, "RollupFrozen");
    await fails(f, "deposit", [f.users[0]!.address, { value: 1n }], "RollupFrozen");
    await fails(f, "requestFullExit", [], "RollupFrozen");
    await fails(f, "freeze", [], "RollupFrozen");
    await fails(f, "postBond", [{ value: 1n }], "RollupFrozen");
  });

  it("freeze: with no batch final yet, genesis is the escape batch", async () => {
    const f = await deployRollup();
    await (await call(f, "deposit", [f.users[3]!.address, { value: 2n * ETH }])).wait();
    await f.commit({ queueCount: 0 });
    await f.chain.increaseTime(1801);
    await f.freeze();
    assert.equal((await call(f, "escapeHatch")).batch, 0n);
    const before = await f.chain.balance(f.users[0]!.address);
    await (await call(f, "escape", f.escapeArgs(0, 1))).wait();
    assert.equal((await f.chain.balance(f.users[0]!.address)) - before, 10n * ETH);
  });
});

describe("escape", () => {
  it("error: escape before freeze", async () => {
    const { f } = await escapeScenario();
    await f.chain.increaseTime(10 * CHALLENGE_WINDOW);
    await fails(f, "escape", f.escapeArgs(1, 1), "RollupNotFrozen");
  });

  it("default: pays the account its balance in the escape batch's state, once", async () => {
    const s = await escapeScenario();
    const { f } = s;
    await s.freeze();
    const u3 = f.users[3]!.address;
    const before = await f.chain.balance(u3);
    const receipt = await (await call(f, "escape", f.escapeArgs(1, 4))).wait();
    assert.equal((await f.chain.balance(u3)) - before, 5n * ETH);
    const event = f.rollup.interface.parseLog(receipt.logs[0]);
    assert.deepEqual([event?.name, ...event!.args], ["Escaped", 4n, u3, 5n * ETH]);
    assert.equal(await call(f, "isEscaped", [4]), true);
  });

  it("error: double escape", async () => {
    const s = await escapeScenario();
    await s.freeze();
    await (await call(s.f, "escape", s.f.escapeArgs(1, 2))).wait();
    assert.deepEqual(await fails(s.f, "escape", s.f.escapeArgs(1, 2), "AlreadyEscaped"), [2n]);
  });

  it("error: escape against a batch other than the escape batch", async () => {
    const s = await escapeScenario();
    await s.freeze();
    await fails(s.f, "escape", s.f.escapeArgs(2, 5), "InvalidAccountProof"); // users[4] only exists in batch 2
    await fails(s.f, "escape", s.f.escapeArgs(0, 1), "InvalidAccountProof"); // genesis balance before the withdrawal
  });

  it("freeze: needs no proof; the escape stateRoot is the last final commit's stored stateRoot", async () => {
    const s = await escapeScenario();
    await s.f.chain.setNextTimestamp(s.freezableAt);
    await s.f.chain.provider.send("evm_mine", []);
    assert.equal(await call(s.f, "lastFinalBatch"), 1n);
    await (await call(s.f, "freeze")).wait();
    assert.equal(await call(s.f, "escapeStateRoot"), (await call(s.f, "commits", [1])).stateRoot);
    assert.equal(await call(s.f, "escapeStateRoot"), hex(s.f.batches[1]!.header.stateRoot));
  });

  it("freeze: with many batches per commit, the escape batch is the last batch of the last final commit", async () => {
    const f = await deployRollup();
    const u3 = f.users[3]!.address;
    await (await call(f, "deposit", [u3, { value: 4n * ETH }])).wait();
    const withU3 = [...f.batches[0]!.accounts, account(u3, 4n * ETH)];
    await f.commitMany([{}, { accounts: withU3, queueCount: 1 }, { accounts: withU3 }]); // batches 1-3, final
    await f.chain.increaseTime(CHALLENGE_WINDOW);
    await (await call(f, "requestFullExit")).wait();
    await f.commitMany([{ accounts: withU3 }, { accounts: withU3 }]); // batches 4-5, not final
    await f.chain.increaseTime(INCLUSION_WINDOW + 1);
    assert.equal(await call(f, "lastFinalBatch"), 3n);
    await f.freeze();
    const hatch = await call(f, "escapeHatch");
    assert.deepEqual([hatch.batch, hatch.queueCount], [3n, 1n]);
    assert.deepEqual(await Promise.all([3, 4].map((n) => call(f, "isFinal", [n]))), [true, false]);
    const before = await f.chain.balance(u3);
    await (await call(f, "escape", f.escapeArgs(3, 4))).wait();
    assert.equal((await f.chain.balance(u3)) - before, 4n * ETH);
  });

  it("error: forged balance, wrong index, index not below length, zero balance", async () => {
    const s = await escapeScenario();
    await s.freeze();
    const args = s.f.escapeArgs(1, 1); // [account, balance, nonce, index, length, branch]
    await fails(s.f, "escape", args.map((v, i) => (i === 1 ? 10n * ETH : v)), "InvalidAccountProof");
    await fails(s.f, "escape", args.map((v, i) => (i === 3 ? 2 : v)), "InvalidAccountProof");
    await fails(s.f, "escape", args.map((v, i) => (i === 3 ? 5 : v)), "IndexNotBelowLength");
    await fails(s.f, "escape", args.map((v, i) => (i === 4 ? 2n ** 32n + 1n : v)), "ListLengthAboveLimit");
    assert.deepEqual(await fails(s.f, "escape", s.f.escapeArgs(1, 0), "NothingToEscape"), [0n]);
  });
});

describe("reclaim", () => {
  it("error: reclaim before freeze", async () => {
    const { f } = await escapeScenario();
    await fails(f, "reclaimDeposit", [1], "RollupNotFrozen");
  });

  it("default: a deposit only a non-final batch processed goes back to its depositor, once", async () => {
    const s = await escapeScenario();
    const { f } = s;
    await s.freeze();
    const u4 = f.users[4]!.address;
    const before = await f.chain.balance(u4);
    const receipt = await (await call(f, "reclaimDeposit", [1])).wait(); // sent by users[5]
    assert.equal((await f.chain.balance(u4)) - before, 7n * ETH);
    const event = f.rollup.interface.parseLog(receipt.logs[0]);
    assert.deepEqual([event?.name, ...event!.args], ["DepositReclaimed", 1n, u4, 7n * ETH]);
  });

  it("error: double reclaim", async () => {
    const s = await escapeScenario();
    await s.freeze();
    await (await call(s.f, "reclaimDeposit", [1])).wait();
    assert.deepEqual(await fails(s.f, "reclaimDeposit", [1], "AlreadyReclaimed"), [1n]);
    assert.equal((await call(s.f, "queue", [1])).reclaimed, true);
  });

  it("error: a deposit a final batch processed (its escape covers it)", async () => {
    const s = await escapeScenario();
    await s.freeze();
    assert.deepEqual(await fails(s.f, "reclaimDeposit", [0], "DepositProcessedByFinalBatch"), [0n, 1n]);
  });

  it("error: a full-exit request or an unknown queue index", async () => {
    const s = await escapeScenario();
    await s.freeze();
    await fails(s.f, "reclaimDeposit", [2], "NothingToReclaim");
    assert.deepEqual(await fails(s.f, "reclaimDeposit", [3], "UnknownQueueMessage"), [3n, 3n]);
  });

  it("conservation: every claim of the scenario together pays exactly what the contract holds", async () => {
    const s = await escapeScenario();
    const { f } = s;
    await s.freeze();
    const rollupAddress = await f.rollup.getAddress();
    const bond = await call(f, "bond");
    assert.equal(await f.chain.balance(rollupAddress), 72n * ETH + bond); // 60 genesis + 5 + 7 deposited, and the bond
    await (await call(f, "withdraw", f.withdrawArgs(1, 0))).wait();
    for (const index of [1, 2, 3, 4]) await (await call(f, "escape", f.escapeArgs(1, index))).wait();
    await (await call(f, "reclaimDeposit", [1])).wait();
    assert.equal(await f.chain.balance(rollupAddress), bond, "only the bond is left");
  });

  it("attack: a reentrant account and depositor is paid once by escape and once by reclaim", async () => {
    const f = await deployRollup();
    const attacker = (await f.chain.deploy("ReentrantRecipient")) as Contract;
    const attackerAddress = await attacker.getAddress();
    const rollupAddress = await f.rollup.getAddress();
    const depositCall = f.rollup.interface.encodeFunctionData("deposit", [attackerAddress]);
    for (const value of [2n * ETH, 3n * ETH]) {
      await (await attacker.getFunction("forward")(rollupAddress, depositCall, { value })).wait();
    }
    const accounts = [...f.batches[0]!.accounts, account(attackerAddress, 2n * ETH)];
    await f.commit({ accounts, queueCount: 1 }); // processes the 2 ETH deposit only
    await f.chain.increaseTime(CHALLENGE_WINDOW);
    await f.freeze();
    const held = await f.chain.balance(rollupAddress);
    const escapeArgs = f.escapeArgs(1, 4);
    for (const [name, args] of [["escape", escapeArgs], ["reclaimDeposit", [1]]] as const) {
      await (await attacker.getFunction("arm")(rollupAddress, f.rollup.interface.encodeFunctionData(name, args))).wait();
      await (await call(f, name, [...args])).wait();
      assert.equal(await attacker.getFunction("reentrySucceeded")(), false, `${name} re-entered`);
      assert.equal(await attacker.getFunction("reentries")(), name === "escape" ? 1n : 2n);
    }
    assert.equal(await attacker.getFunction("received")(), 5n * ETH);
    assert.equal(await f.chain.balance(rollupAddress), held - 5n * ETH);
  });
});
