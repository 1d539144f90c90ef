import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hexlify, randomBytes } from "ethers";
import { CHALLENGE_WINDOW, deployRollup, expectError, withdrawal, type RollupFixture } from "./rollup-fixture.ts";
import { exitProof } from "./ssz-lists.ts";

const ETH = 10n ** 18n;

/** Batch 1 pays users[0] 1 ETH, users[1] 2 ETH and users[0] 3 ETH out of their genesis balances. */
async function withExits(f: RollupFixture) {
  const [a, b] = [f.users[0]!.address, f.users[1]!.address];
  const accounts = f.batches[0]!.accounts.map((acc, i) => ({ ...acc, balance: acc.balance - [0n, 4n, 2n, 0n][i]! * ETH }));
  const exits = [withdrawal(a, 1n * ETH), withdrawal(b, 2n * ETH), withdrawal(a, 3n * ETH)];
  await f.commit({ accounts, exits });
  const record = await f.rollup.getFunction("batches")(1);
  return Number(record.committedAt) + CHALLENGE_WINDOW;
}

async function finalBatch() {
  const f = await deployRollup();
  const finalAt = await withExits(f);
  await f.chain.setNextTimestamp(finalAt);
  await f.chain.provider.send("evm_mine", []);
  return f;
}

const withdraw = (f: RollupFixture, args: unknown[]) => f.rollup.getFunction("withdraw")(...args);
const withdrawError = (f: RollupFixture, args: unknown[], name: string) => expectError(withdraw(f, args), f.rollup.interface, name);
const withArg = (args: unknown[], position: number, value: unknown) => args.map((v, i) => (i === position ? value : v));

describe("withdraw", () => {
  it("default: anyone submits, the leaf's recipient is paid once, Withdrawn is emitted", async () => {
    const f = await finalBatch();
    const recipient = f.users[1]!.address;
    const before = await f.chain.balance(recipient);
    const receipt = await (await withdraw(f, f.withdrawArgs(1, 1))).wait(); // sent by users[5]
    assert.equal((await f.chain.balance(recipient)) - before, 2n * ETH);
    const event = f.rollup.interface.parseLog(receipt.logs[0]);
    assert.deepEqual([event?.name, ...event!.args], ["Withdrawn", 1n, 1n, recipient, 2n * ETH]);
    assert.equal(await f.rollup.getFunction("isWithdrawn")(1, 1), true);
    assert.equal(await f.rollup.getFunction("isWithdrawn")(1, 0), false);
  });

  it("error: before the challenge window ends (exact boundary)", async () => {
    const f = await deployRollup();
    const finalAt = await withExits(f);
    await f.chain.setNextTimestamp(finalAt - 1);
    const call = f.rollup.getFunction("withdraw").staticCall(...f.withdrawArgs(1, 0), { blockTag: "pending" });
    const args = await expectError(call, f.rollup.interface, "ChallengeWindowNotOver");
    assert.deepEqual(args, [1n, BigInt(finalAt)]);
    await f.chain.setNextTimestamp(finalAt);
    const receipt = await (await withdraw(f, [...f.withdrawArgs(1, 0), { gasLimit: 300_000 }])).wait();
    assert.equal(receipt.status, 1);
    assert.equal(await f.chain.now(), finalAt);
  });

  it("error: double withdraw", async () => {
    const f = await finalBatch();
    await (await withdraw(f, f.withdrawArgs(1, 2))).wait();
    assert.deepEqual(await withdrawError(f, f.withdrawArgs(1, 2), "AlreadyWithdrawn"), [1n, 2n]);
  });

  it("error: forged sibling", async () => {
    const f = await finalBatch();
    const args = f.withdrawArgs(1, 0);
    const branch = [...(args[7] as string[])];
    branch[3] = hexlify(randomBytes(32));
    await withdrawError(f, withArg(args, 7, branch), "InvalidWithdrawalProof");
  });

  it("error: wrong index (a valid leaf claimed at another position)", async () => {
    const f = await finalBatch();
    await withdrawError(f, withArg(f.withdrawArgs(1, 0), 3, 2), "InvalidWithdrawalProof");
  });

  it("error: index not below length", async () => {
    const f = await finalBatch();
    const args = f.withdrawArgs(1, 2);
    assert.deepEqual(await withdrawError(f, withArg(args, 3, 3), "IndexNotBelowLength"), [3n, 3n]);
    await withdrawError(f, withArg(withArg(args, 3, 0), 6, 0), "IndexNotBelowLength");
  });

  it("error: a length above the list limit, or other than the committed one", async () => {
    const f = await finalBatch();
    const args = f.withdrawArgs(1, 2);
    await withdrawError(f, withArg(args, 6, 2 ** 16 + 1), "ListLengthAboveLimit");
    // a longer claimed length changes the mix-in, so the proof fails
    await withdrawError(f, withArg(args, 6, 4), "InvalidWithdrawalProof");
  });

  it("error: an internal node presented as a leaf", async () => {
    const f = await finalBatch();
    const batch = f.batches[1]!;
    const proof = exitProof(batch.exits, 0);
    const { sha256 } = await import("ethers");
    const leaf0 = Buffer.from(sha256(Buffer.concat([Buffer.from(batch.exits[0]!.recipient), Buffer.alloc(12), le128(batch.exits[0]!.amount)])).slice(2), "hex");
    const leaf1 = proof.branch[0]!;
    // The level-1 node is sha256(leaf0 ‖ leaf1); the best an attacker can do is fields copied from its children.
    const recipient = hexlify(leaf0.subarray(0, 20));
    const amount = BigInt("0x" + Buffer.from(leaf1.subarray(0, 16)).reverse().toString("hex"));
    const shifted = [...proof.branch.slice(1).map((n) => hexlify(n)), hexlify(new Uint8Array(32))];
    const args = f.withdrawArgs(1, 0);
    await withdrawError(f, [args[0], args[1], args[2], 0, recipient, amount, 3, shifted], "InvalidWithdrawalProof");
  });

  it("error: a zero root (an uncommitted batch's, or claimed as the exitRoot)", async () => {
    const f = await finalBatch();
    const args = f.withdrawArgs(1, 0);
    assert.deepEqual(await withdrawError(f, withArg(args, 0, 2), "UnknownBatch"), [2n]); // stored root is zero
    await withdrawError(f, withArg(args, 1, hexlify(new Uint8Array(32))), "InvalidHeaderProof");
  });

  it("error: an unknown root", async () => {
    const f = await finalBatch();
    const args = f.withdrawArgs(1, 0);
    assert.deepEqual(await withdrawError(f, withArg(args, 0, 9), "UnknownBatch"), [9n]);
    await withdrawError(f, withArg(args, 1, hexlify(randomBytes(32))), "InvalidHeaderProof");
    // the exit proof of batch 1 against batch 0's header (whose exit list is empty)
    await withdrawError(f, withArg(args, 0, 0), "InvalidHeaderProof");
  });

  it("error: another header field passed off as the exitRoot", async () => {
    const f = await finalBatch();
    const [stateRoot, stateBranch] = await f.freezeArgs(1); // a valid proof of the stateRoot, chunk 2
    await withdrawError(f, withArg(withArg(f.withdrawArgs(1, 0), 1, stateRoot), 2, stateBranch), "InvalidHeaderProof");
  });

  it("error: payout to anyone but the leaf's recipient", async () => {
    const f = await finalBatch();
    const thief = f.users[5]!.address;
    await withdrawError(f, withArg(f.withdrawArgs(1, 1), 4, thief), "InvalidWithdrawalProof");
    await withdrawError(f, withArg(f.withdrawArgs(1, 1), 5, 3n * ETH), "InvalidWithdrawalProof");
    const before = await f.chain.balance(thief);
    const receipt = await (await withdraw(f, f.withdrawArgs(1, 1))).wait();
    const fee = BigInt(receipt.gasUsed) * BigInt(receipt.gasPrice);
    assert.equal(await f.chain.balance(thief), before - fee, "the submitter only pays gas");
  });

  it("attack: a reentrant recipient is paid once", async () => {
    const f = await deployRollup();
    const attacker = await f.chain.deploy("ReentrantRecipient");
    const attackerAddress = await attacker.getAddress();
    const accounts = f.batches[0]!.accounts.map((acc, i) => (i === 1 ? { ...acc, balance: acc.balance - 5n * ETH } : acc));
    await f.commit({ accounts, exits: [withdrawal(attackerAddress, 5n * ETH)] });
    await f.chain.increaseTime(CHALLENGE_WINDOW);
    const args = f.withdrawArgs(1, 0);
    await (await attacker.getFunction("arm")(await f.rollup.getAddress(), f.rollup.interface.encodeFunctionData("withdraw", args))).wait();
    const held = await f.chain.balance(await f.rollup.getAddress());
    await (await withdraw(f, args)).wait();
    assert.equal(await attacker.getFunction("received")(), 5n * ETH);
    assert.equal(await attacker.getFunction("reentries")(), 1n);
    assert.equal(await attacker.getFunction("reentrySucceeded")(), false);
    assert.equal(await f.chain.balance(await f.rollup.getAddress()), held - 5n * ETH);
    await withdrawError(f, args, "AlreadyWithdrawn");
  });

  it("error: a reverting recipient fails the whole call and can be retried", async () => {
    const f = await deployRollup();
    const refuser = await (await f.chain.deploy("RevertingRecipient")).getAddress();
    const accounts = f.batches[0]!.accounts.map((acc, i) => (i === 1 ? { ...acc, balance: acc.balance - 1n } : acc));
    await f.commit({ accounts, exits: [withdrawal(refuser, 1n)] });
    await f.chain.increaseTime(CHALLENGE_WINDOW);
    assert.deepEqual(await withdrawError(f, f.withdrawArgs(1, 0), "PayoutFailed"), [refuser, 1n]);
    assert.equal(await f.rollup.getFunction("isWithdrawn")(1, 0), false, "the nullifier reverted with the payout");
  });
});

function le128(value: bigint): Buffer {
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}
