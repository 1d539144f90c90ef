import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deployRollup, expectError } from "./rollup-fixture.ts";

const UINT128_MAX = (1n << 128n) - 1n;

describe("L1 queue", () => {
  it("default: deposit appends a message and emits Deposited with its queue index", async () => {
    const f = await deployRollup();
    const [from, to] = [f.users[5]!, f.users[6]!];
    const r1 = await (await f.rollup.getFunction("deposit")(to.address, { value: 123n })).wait();
    const r2 = await (await f.rollup.getFunction("deposit")(to.address, { value: 7n })).wait();
    const block = await f.chain.provider.getBlock(r2.blockNumber);
    const e1 = f.rollup.interface.parseLog(r1.logs[0]);
    const e2 = f.rollup.interface.parseLog(r2.logs[0]);
    assert.equal(e1?.name, "Deposited");
    assert.deepEqual([...e2!.args], [1n, from.address, to.address, 7n, BigInt(block!.timestamp)]);
    assert.equal(e1!.args[0], 0n);
    const message = await f.rollup.getFunction("queue")(1);
    assert.deepEqual(
      [message.sender, message.timestamp, message.reclaimed, message.amount, message.to],
      [from.address, BigInt(block!.timestamp), false, 7n, to.address],
      "a deposit stores its L2 recipient (the chunk proof reads it)",
    );
    assert.equal((await f.rollup.getFunction("chain")()).queueLength, 2n);
  });

  it("default: requestFullExit appends a message for the caller's own account", async () => {
    const f = await deployRollup();
    await (await f.rollup.getFunction("deposit")(f.users[0]!.address, { value: 1n })).wait();
    const receipt = await (await f.rollup.getFunction("requestFullExit")()).wait();
    const event = f.rollup.interface.parseLog(receipt.logs[0]);
    const block = await f.chain.provider.getBlock(receipt.blockNumber);
    assert.deepEqual([event?.name, ...event!.args], ["FullExitRequested", 1n, f.users[5]!.address, BigInt(block!.timestamp)]);
    const exit = await f.rollup.getFunction("queue")(1);
    assert.deepEqual([exit.sender, exit.amount, exit.to], [f.users[5]!.address, 0n, "0x" + "00".repeat(20)]);
  });

  it("error: a zero deposit", async () => {
    const f = await deployRollup();
    await expectError(f.rollup.getFunction("deposit")(f.users[0]!.address, { value: 0n }), f.rollup.interface, "DepositZero");
  });

  it("error: a deposit above uint128 (uint128 max itself is accepted)", async () => {
    const f = await deployRollup();
    const whale = f.users[7]!;
    await f.chain.setBalance(whale.address, 1n << 130n);
    const rollup = f.rollup.connect(whale) as typeof f.rollup;
    const args = await expectError(rollup.getFunction("deposit")(whale.address, { value: UINT128_MAX + 1n }), f.rollup.interface, "DepositAboveUint128");
    assert.deepEqual(args, [UINT128_MAX + 1n]);
    await (await rollup.getFunction("deposit")(whale.address, { value: UINT128_MAX })).wait();
    assert.equal((await f.rollup.getFunction("queue")(0)).amount, UINT128_MAX);
  });

  it("error: a deposit to the zero address", async () => {
    const f = await deployRollup();
    const zero = "0x" + "00".repeat(20);
    await expectError(f.rollup.getFunction("deposit")(zero, { value: 1n }), f.rollup.interface, "DepositToZeroAddress");
  });
});
