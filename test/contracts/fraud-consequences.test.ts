/**
 * What a proven fraud does (docs/fraud-proofs.md §4), driven by the TestFraudModule's _convict:
 * the batch's commit and every later one are removed, the rollup freezes at the last final commit
 * before it, half the bond goes to the prover and the rest stays locked; exits then pay the last
 * final state and every deposit no final batch processed is reclaimable.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Contract } from "ethers";
import { CHALLENGE_WINDOW, account, deployRollup, expectError, hex, withdrawal, type RollupFixture } from "./rollup-fixture.ts";
import { FRAUD, prover, provableData, signatureArgs, stateTransitionArgs } from "./fraud-calls.ts";

const ETH = 10n ** 18n;
const BOND = 4n * ETH;
const FRAUD_FREEZE = 2n ** 64n - 1n;

/**
 * Genesis 10 / 20 / 30 ETH. q0: users[3] deposits 5 ETH; commit 1 = batches 1–2 (batch 2
 * processes q0 and pays users[0] 1 ETH out), final. q1: users[4] deposits 7 ETH; commit 2 =
 * batches 3–5 (batch 4 processes q1; its chunk 1 is "fraudulent"), commit 3 = batch 6, neither final.
 */
async function scenario() {
  const f = await deployRollup({ bondRequired: BOND });
  const [u0, , , u3, u4] = f.users.map((u) => u.address) as [string, string, string, string, string];
  const asUser = (i: number) => f.rollup.connect(f.users[i]!) as Contract;
  await (await asUser(3).getFunction("deposit")(u3, { value: 5n * ETH })).wait();
  const genesis = f.batches[0]!.accounts;
  const afterQ0 = [...genesis.map((a, i) => (i === 1 ? { ...a, balance: a.balance - 1n * ETH, nonce: 1 } : a)), account(u3, 5n * ETH)];
  await f.commitMany([{}, { accounts: afterQ0, exits: [withdrawal(u0, 1n * ETH)], queueCount: 1 }]);
  await f.chain.increaseTime(CHALLENGE_WINDOW);
  await (await asUser(4).getFunction("deposit")(u4, { value: 7n * ETH })).wait();
  const afterQ1 = [...afterQ0, account(u4, 7n * ETH)];
  await f.commitMany([
    { accounts: afterQ0, exits: [withdrawal(u0, 1n)] },
    { accounts: afterQ1, queueCount: 2, data: provableData(1, 40, (c) => (c === 1 ? FRAUD : 0)) },
    { accounts: afterQ1 },
  ]);
  await f.commit({ accounts: afterQ1, exits: [withdrawal(u4, 1n)] });
  return { f, p: await prover(f) };
}

const call = (f: RollupFixture, name: string, args: unknown[] = []) => f.rollup.getFunction(name)(...args);

describe("proven fraud", () => {
  it("removes the commit and later ones, freezes at the last final commit, pays the prover half the bond", async () => {
    const { f, p } = await scenario();
    const proverAddress = f.users[6]!.address;
    const rollupAddress = await f.rollup.getAddress();
    const [held, proverBefore] = [await f.chain.balance(rollupAddress), await f.chain.balance(proverAddress)];
    const receipt = await (await p.getFunction("proveStateTransition")(...stateTransitionArgs(f, 4, 1))).wait();
    const events = receipt.logs.map((log: never) => p.interface.parseLog(log)).map((e: { name: string; args: unknown[] }) => [e.name, ...e.args]);
    assert.deepEqual(events, [
      ["FraudProven", 4n, 8n, 1n, 0n, proverAddress, BOND / 2n],
      ["Frozen", 2n, 1n, FRAUD_FREEZE],
    ]);
    const gas = BigInt(receipt.gasUsed) * BigInt(receipt.gasPrice);
    assert.equal((await f.chain.balance(proverAddress)) - proverBefore, BOND / 2n - gas, "the prover is paid bond / 2");
    assert.equal(await f.chain.balance(rollupAddress), held - BOND / 2n, "the other half stays in the contract");
    assert.equal(await call(f, "bond"), 0n);

    assert.equal(await call(f, "commitCount"), 2n, "commits 2 and 3 are removed");
    assert.deepEqual(await expectError(call(f, "commits", [2]), f.rollup.interface, "UnknownCommit"), [2n, 2n]);
    assert.deepEqual(await expectError(call(f, "commitOf", [3]), f.rollup.interface, "UnknownBatch"), [3n]);
    const chain = await call(f, "chain");
    assert.deepEqual([chain.lastNumber, chain.lastQueueCount, chain.frozen], [2n, 1n, true]);
    const hatch = await call(f, "escapeHatch");
    assert.deepEqual([hatch.frozen, hatch.batch, hatch.queueCount], [true, 2n, 1n]);
    assert.equal(await call(f, "escapeStateRoot"), hex(f.batches[2]!.header.stateRoot));
    assert.deepEqual(await Promise.all([2, 3, 6].map((n) => call(f, "isFinal", [n]))), [true, false, false]);
    assert.equal(await call(f, "lastFinalBatch"), 2n);

    // nothing moves any more but exits
    const { headers, data } = await f.prepare([{}]);
    await expectError(f.asSequencer.getFunction("commitBatches")(headers, data), f.rollup.interface, "RollupFrozen");
    await expectError(call(f, "deposit", [f.users[0]!.address, { value: 1n }]), f.rollup.interface, "RollupFrozen");
    await expectError(call(f, "postBond", [{ value: 1n }]), f.rollup.interface, "RollupFrozen");
    await expectError(call(f, "freeze"), f.rollup.interface, "RollupFrozen");
    await expectError(p.getFunction("proveStateTransition")(...stateTransitionArgs(f, 4, 1)), p.interface, "RollupFrozen");
  });

  it("after it: exits pay the last final state, deposits not in a final batch are reclaimed, the rest of the bond is locked", async () => {
    const { f, p } = await scenario();
    const rollupAddress = await f.rollup.getAddress();
    await (await p.getFunction("proveStateTransition")(...stateTransitionArgs(f, 4, 1))).wait();
    assert.equal(await f.chain.balance(rollupAddress), 60n * ETH + 12n * ETH + BOND / 2n);
    await (await call(f, "withdraw", f.withdrawArgs(2, 0))).wait(); // batch 2: final
    assert.deepEqual(await expectError(call(f, "withdraw", f.withdrawArgs(3, 0)), f.rollup.interface, "UnknownCommit"), [2n, 2n]);
    assert.deepEqual(await expectError(call(f, "withdraw", f.withdrawArgs(6, 0)), f.rollup.interface, "UnknownCommit"), [3n, 2n]);
    for (const index of [1, 2, 3, 4]) await (await call(f, "escape", f.escapeArgs(2, index))).wait();
    await expectError(call(f, "escape", f.escapeArgs(6, 5)), f.rollup.interface, "InvalidAccountProof"); // users[4] only exists after the fraud
    assert.deepEqual(await expectError(call(f, "reclaimDeposit", [0]), f.rollup.interface, "DepositProcessedByFinalBatch"), [0n, 1n]);
    const u4 = f.users[4]!.address;
    const before = await f.chain.balance(u4);
    await (await call(f, "reclaimDeposit", [1])).wait();
    assert.equal((await f.chain.balance(u4)) - before, 7n * ETH);
    assert.equal(await f.chain.balance(rollupAddress), BOND / 2n, "only the locked half of the bond is left");
  });

  it("a non-final commit before the convicted one stays, never final; with no final commit the genesis is the escape batch", async () => {
    const { f, p } = await scenario();
    await (await p.getFunction("proveStateTransition")(...stateTransitionArgs(f, 4, 1))).wait();
    assert.equal(await call(f, "commitCount"), 2n);

    const g = await deployRollup();
    await g.commit({ exits: [withdrawal(g.users[0]!.address, 1n)] });
    await g.commit({ data: provableData(0, 1, () => FRAUD) });
    await g.commit();
    const q = await prover(g);
    const receipt = await (await q.getFunction("proveSignature")(...signatureArgs(g, 2, 0, 7))).wait();
    const [proven, frozen] = receipt.logs.map((log: never) => q.interface.parseLog(log)!);
    assert.deepEqual([...proven!.args].slice(0, 4), [2n, 9n, 0n, 7n], "BadSignature at position 7");
    assert.deepEqual([...frozen!.args], [0n, 0n, FRAUD_FREEZE]);
    assert.equal(await call(g, "commitCount"), 2n, "commit 1 (before the fraud, not final) stays");
    assert.equal(await call(g, "escapeStateRoot"), hex(g.batches[0]!.header.stateRoot));
    await g.chain.increaseTime(10 * CHALLENGE_WINDOW);
    assert.equal(await call(g, "isFinal", [1]), false, "it never becomes final once frozen");
    assert.deepEqual(await expectError(call(g, "withdraw", g.withdrawArgs(1, 0)), g.rollup.interface, "BatchAfterEscapeBatch"), [1n, 0n]);
  });

  it("a fraud in a final commit cannot be proven; proveTxRoot convicts through the roots module", async () => {
    const f = await deployRollup();
    await f.commit({ data: provableData(0, 1, () => FRAUD) });
    const p = await prover(f);
    await f.chain.increaseTime(CHALLENGE_WINDOW);
    await expectError(p.getFunction("proveStateTransition")(...stateTransitionArgs(f, 1, 0)), p.interface, "CommitFinal");
    await f.commit();
    const receipt = await (await p.getFunction("proveTxRoot")(f.batchRef(2), [hex(new Uint8Array(32))], [], [], [])).wait();
    const proven = p.interface.parseLog(receipt.logs[0]);
    assert.deepEqual([proven?.name, ...[...proven!.args].slice(0, 4)], ["FraudProven", 2n, 10n, 0n, 0n]);
    assert.equal((await call(f, "escapeHatch")).batch, 1n);
  });

  it("attack: a reentrant prover is paid once", async () => {
    const { f, p } = await scenario();
    const rollupAddress = await f.rollup.getAddress();
    const proof = p.interface.encodeFunctionData("proveStateTransition", stateTransitionArgs(f, 4, 1));
    const attacker = await f.chain.deploy("ReentrantRecipient");
    await (await attacker.getFunction("arm")(rollupAddress, proof)).wait();
    await (await attacker.getFunction("forward")(rollupAddress, proof)).wait();
    assert.equal(await attacker.getFunction("received")(), BOND / 2n);
    assert.equal(await attacker.getFunction("reentries")(), 1n);
    assert.equal(await attacker.getFunction("reentrySucceeded")(), false, "the replayed proof found the rollup frozen");
    assert.equal(await call(f, "bond"), 0n);
  });

  it("a prover that refuses the reward reverts the whole proof, which anyone can then send", async () => {
    const { f, p } = await scenario();
    const rollupAddress = await f.rollup.getAddress();
    const proof = p.interface.encodeFunctionData("proveStateTransition", stateTransitionArgs(f, 4, 1));
    const refusing = await f.chain.deploy("RefusingProver");
    await expectError(refusing.getFunction("prove")(rollupAddress, proof), p.interface, "PayoutFailed");
    assert.equal(await call(f, "commitCount"), 4n, "nothing changed");
    assert.equal(await call(f, "bond"), BOND);
    await (await p.getFunction("proveStateTransition")(...stateTransitionArgs(f, 4, 1))).wait();
    assert.equal(await call(f, "commitCount"), 2n);
  });
});
