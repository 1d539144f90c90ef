import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hexlify, randomBytes } from "ethers";
import { headerFieldBranch } from "../../sequencer/l1/withdraw-calldata.ts";
import { CHALLENGE_WINDOW, deployRollup, expectError, withdrawal, type RollupFixture } from "./rollup-fixture.ts";
import { exitProof } from "./ssz-lists.ts";

const ETH = 10n ** 18n;

/** Batch 1 pays users[0] 1 ETH, users[1] 2 ETH and users[0] 3 ETH out of their genesis balances. */
async function withExits(f: RollupFixture) {
  const [a, b] = [f.users[0]!.address, f.users[1]!.address];
  const accounts = f.batches[0]!.accounts.map((acc, i) => ({ ...acc, balance: acc.balance - [0n, 4n, 2n, 0n][i]! * ETH }));
  const exits = [withdrawal(a, 1n * ETH), withdrawal(b, 2n * ETH), withdrawal(a, 3n * ETH)];
  await f.commit({ accounts, exits });
  const record = await f.rollup.getFunction("commits")(1);
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
/** withdraw's arguments: number, commit proof, exitRoot, headerBranch, index, recipient, amount, length, branch. */
const [NUMBER, COMMIT, EXIT_ROOT, HEADER_BRANCH, INDEX, RECIPIENT, AMOUNT, LENGTH, BRANCH] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
type CommitProofArg = { commitIndex: number; dataRoot: string; branch: string[] };
const withCommit = (args: unknown[], change: Partial<CommitProofArg>) => withArg(args, COMMIT, { ...(args[COMMIT] as CommitProofArg), ...change });

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
    const branch = [...(args[BRANCH] as string[])];
    branch[3] = hexlify(randomBytes(32));
    await withdrawError(f, withArg(args, BRANCH, branch), "InvalidWithdrawalProof");
  });

  it("error: wrong index (a valid leaf claimed at another position)", async () => {
    const f = await finalBatch();
    await withdrawError(f, withArg(f.withdrawArgs(1, 0), INDEX, 2), "InvalidWithdrawalProof");
  });

  it("error: index not below length", async () => {
    const f = await finalBatch();
    const args = f.withdrawArgs(1, 2);
    assert.deepEqual(await withdrawError(f, withArg(args, INDEX, 3), "IndexNotBelowLength"), [3n, 3n]);
    await withdrawError(f, withArg(withArg(args, INDEX, 0), LENGTH, 0), "IndexNotBelowLength");
  });

  it("error: a length above the list limit, or other than the committed one", async () => {
    const f = await finalBatch();
    const args = f.withdrawArgs(1, 2);
    await withdrawError(f, withArg(args, LENGTH, 2 ** 16 + 1), "ListLengthAboveLimit");
    // a longer claimed length changes the mix-in, so the proof fails
    await withdrawError(f, withArg(args, LENGTH, 4), "InvalidWithdrawalProof");
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
    await withdrawError(f, [...args.slice(0, INDEX), 0, recipient, amount, 3, shifted], "InvalidWithdrawalProof");
  });

  it("error: a batch not in the named commit, or an unknown commit", async () => {
    const f = await finalBatch();
    const args = f.withdrawArgs(1, 0);
    assert.deepEqual(await withdrawError(f, withArg(args, NUMBER, 2), "BatchNotInCommit"), [2n, 1n, 1n]); // never committed
    assert.deepEqual(await withdrawError(f, withArg(args, NUMBER, 0), "BatchNotInCommit"), [0n, 1n, 1n]);
    assert.deepEqual(await withdrawError(f, withCommit(args, { commitIndex: 2 }), "UnknownCommit"), [2n, 2n]);
    // batch 1's exit proof against commit 0 (the genesis, final)
    assert.deepEqual(await withdrawError(f, withCommit(args, { commitIndex: 0 }), "BatchNotInCommit"), [1n, 0n, 0n]);
  });

  it("error: a zero, unknown or other exitRoot, dataRoot or commit branch (InvalidBatchProof)", async () => {
    const f = await finalBatch();
    const args = f.withdrawArgs(1, 0);
    const invalid = (a: unknown[]) => withdrawError(f, a, "InvalidBatchProof");
    assert.deepEqual(await invalid(withArg(args, EXIT_ROOT, hexlify(new Uint8Array(32)))), [1n, 1n]);
    await invalid(withArg(args, EXIT_ROOT, hexlify(randomBytes(32))));
    await invalid(withCommit(args, { dataRoot: hexlify(new Uint8Array(32)) }));
    await invalid(withCommit(args, { dataRoot: hexlify(randomBytes(32)) }));
    const branch = [...(args[COMMIT] as CommitProofArg).branch];
    branch[5] = hexlify(randomBytes(32));
    await invalid(withCommit(args, { branch }));
    // the genesis batch's leaf under commit 0 with batch 1's exit root
    const genesis = f.commitPosition(0);
    await invalid(withCommit(withArg(args, NUMBER, 0), { commitIndex: 0, dataRoot: hexlify(genesis.dataRoot), branch: genesis.branch.map(hexlify) }));
  });

  it("error: another header field passed off as the exitRoot", async () => {
    const f = await finalBatch();
    const header = f.batches[1]!.header;
    const stateBranch = headerFieldBranch(header, 2).map(hexlify); // a valid proof of the stateRoot, chunk 2
    await withdrawError(f, withArg(withArg(f.withdrawArgs(1, 0), EXIT_ROOT, hexlify(header.stateRoot)), HEADER_BRANCH, stateBranch), "InvalidBatchProof");
  });

  it("commits: a withdrawal from a middle batch of a 5-batch commit pays once the commit is final", async () => {
    const f = await deployRollup();
    const u1 = f.users[1]!.address;
    const accounts = f.batches[0]!.accounts.map((acc, i) => (i === 2 ? { ...acc, balance: acc.balance - 4n * ETH } : acc));
    const exits = [withdrawal(u1, 1n * ETH), withdrawal(u1, 3n * ETH)];
    await f.commitMany([{}, {}, { accounts, exits }, { accounts }, { accounts }]);
    assert.equal(await f.rollup.getFunction("commitOf")(3), 1n);
    const finalAt = Number((await f.rollup.getFunction("commits")(1)).committedAt) + CHALLENGE_WINDOW;
    await f.chain.setNextTimestamp(finalAt - 1);
    const early = f.rollup.getFunction("withdraw").staticCall(...f.withdrawArgs(3, 1), { blockTag: "pending" });
    assert.deepEqual(await expectError(early, f.rollup.interface, "ChallengeWindowNotOver"), [3n, BigInt(finalAt)]);
    await f.chain.setNextTimestamp(finalAt);
    const before = await f.chain.balance(u1);
    await (await withdraw(f, f.withdrawArgs(3, 1))).wait();
    await (await withdraw(f, f.withdrawArgs(3, 0))).wait();
    assert.equal((await f.chain.balance(u1)) - before, 4n * ETH);
    // the same exit claimed as another batch of the commit fails
    await withdrawError(f, withArg(f.withdrawArgs(3, 1), NUMBER, 4), "InvalidBatchProof");
  });

  it("finality: per commit; a later commit's batches wait for its own window", async () => {
    const f = await deployRollup();
    const u0 = f.users[0]!.address;
    const accounts = f.batches[0]!.accounts.map((acc, i) => (i === 1 ? { ...acc, balance: acc.balance - 2n * ETH } : acc));
    await f.commitMany([{}, { accounts, exits: [withdrawal(u0, 1n * ETH)] }]);
    const firstFinalAt = Number((await f.rollup.getFunction("commits")(1)).committedAt) + CHALLENGE_WINDOW;
    await f.chain.setNextTimestamp(firstFinalAt - 10);
    await f.commitMany([{ accounts, exits: [withdrawal(u0, 1n * ETH)] }]);
    await f.chain.setNextTimestamp(firstFinalAt);
    await f.chain.provider.send("evm_mine", []);
    assert.deepEqual(await Promise.all([1, 2, 3, 4].map((n) => f.rollup.getFunction("isFinal")(n))), [true, true, false, false]);
    assert.equal(await f.rollup.getFunction("lastFinalBatch")(), 2n);
    await (await withdraw(f, f.withdrawArgs(2, 0))).wait();
    await withdrawError(f, f.withdrawArgs(3, 0), "ChallengeWindowNotOver");
    await f.chain.increaseTime(CHALLENGE_WINDOW);
    assert.equal(await f.rollup.getFunction("isFinal")(3), true);
    assert.equal(await f.rollup.getFunction("lastFinalBatch")(), 3n);
    await (await withdraw(f, f.withdrawArgs(3, 0))).wait();
  });

  it("error: payout to anyone but the leaf's recipient", async () => {
    const f = await finalBatch();
    const thief = f.users[5]!.address;
    await withdrawError(f, withArg(f.withdrawArgs(1, 1), RECIPIENT, thief), "InvalidWithdrawalProof");
    await withdrawError(f, withArg(f.withdrawArgs(1, 1), AMOUNT, 3n * ETH), "InvalidWithdrawalProof");
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
