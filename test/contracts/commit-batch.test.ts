import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keccak256, randomBytes } from "ethers";
import { exitRoot, headerRoot, headerTuple, makeHeader, stateRoot } from "./ssz-lists.ts";
import { deployRollup, expectError, hex, type RollupFixture } from "./rollup-fixture.ts";
import type { BatchHeader } from "../../sequencer/protocol/ssz-types.ts";

/** A valid next header on top of the fixture's last batch, with `change` applied. */
async function nextHeader(f: RollupFixture, change: Partial<BatchHeader> = {}, data = randomBytes(64)) {
  const parent = f.batches[f.batches.length - 1]!.header;
  const header = makeHeader({
    number: parent.number + 1,
    parentRoot: headerRoot(parent),
    stateRoot: parent.stateRoot,
    exitRoot: exitRoot([]),
    queueCount: parent.queueCount,
    timestamp: await f.chain.now(),
    data,
  });
  return { header: { ...header, ...change }, data };
}

async function commitError(f: RollupFixture, change: Partial<BatchHeader>, name: string, data?: Uint8Array) {
  const next = await nextHeader(f, change, data);
  return expectError(f.asSequencer.getFunction("commitBatch")(headerTuple(next.header), next.data), f.rollup.interface, name);
}

describe("commitBatch", () => {
  it("default: stores the SSZ root, commit time and queueCount and emits BatchCommitted", async () => {
    const f = await deployRollup();
    const { header, data } = await nextHeader(f);
    const receipt = await (await f.asSequencer.getFunction("commitBatch")(headerTuple(header), data)).wait();
    const root = hex(headerRoot(header));
    const record = await f.rollup.getFunction("batches")(1);
    assert.equal(record.root, root);
    assert.equal(record.queueCount, 0n);
    const block = await f.chain.provider.getBlock(receipt.blockNumber);
    assert.equal(record.committedAt, BigInt(block!.timestamp));
    const event = f.rollup.interface.parseLog(receipt.logs[0]);
    assert.equal(event?.name, "BatchCommitted");
    assert.deepEqual([...event!.args], [1n, root, hex(header.stateRoot), hex(header.exitRoot), 0n]);
    const chain = await f.rollup.getFunction("chain")();
    assert.equal(chain.lastNumber, 1n);
  });

  it("genesis: batch 0 is the spec's genesis header, final from the start", async () => {
    const f = await deployRollup();
    assert.equal((await f.rollup.getFunction("batches")(0)).root, hex(headerRoot(f.batches[0]!.header)));
    assert.equal(await f.rollup.getFunction("isFinal")(0), true);
    assert.equal(await f.rollup.getFunction("isFinal")(1), false);
  });

  it("error: a caller other than the sequencer", async () => {
    const f = await deployRollup();
    const { header, data } = await nextHeader(f);
    const args = await expectError(f.rollup.getFunction("commitBatch")(headerTuple(header), data), f.rollup.interface, "NotSequencer");
    assert.equal(args[0], f.users[5]!.address);
  });

  it("error: wrong parent root", async () => {
    const f = await deployRollup();
    await commitError(f, { parentRoot: randomBytes(32) }, "WrongParentRoot");
  });

  it("error: skipped batch number", async () => {
    const f = await deployRollup();
    const args = await commitError(f, { number: 2 }, "WrongBatchNumber");
    assert.deepEqual(args, [1n, 2n]);
  });

  it("error: repeated batch number", async () => {
    const f = await deployRollup();
    await f.commit();
    const parent = f.batches[1]!.header;
    // batch 1 again, on batch 0's root
    await commitError(f, { number: 1, parentRoot: headerRoot(f.batches[0]!.header), stateRoot: parent.stateRoot }, "WrongBatchNumber");
  });

  it("error: queueCount past the queue", async () => {
    const f = await deployRollup();
    await (await f.rollup.getFunction("deposit")(f.users[0]!.address, { value: 1n })).wait();
    const args = await commitError(f, { queueCount: 2 }, "QueueCountPastQueue");
    assert.deepEqual(args, [1n, 2n]);
    await f.commit({ queueCount: 1 }); // exactly the queue: fine
  });

  it("error: queueCount going back", async () => {
    const f = await deployRollup();
    await (await f.rollup.getFunction("deposit")(f.users[0]!.address, { value: 1n })).wait();
    await (await f.rollup.getFunction("deposit")(f.users[0]!.address, { value: 1n })).wait();
    await f.commit({ queueCount: 2 });
    const args = await commitError(f, { queueCount: 1 }, "QueueCountDecreased");
    assert.deepEqual(args, [2n, 1n]);
  });

  it("error: data hash mismatch", async () => {
    const f = await deployRollup();
    const data = randomBytes(100);
    const other = Uint8Array.from(data);
    other[99]! ^= 1;
    const args = await commitError(f, { dataHash: Uint8Array.from(Buffer.from(keccak256(other).slice(2), "hex")) }, "DataHashMismatch", data);
    assert.equal(args[1], keccak256(data));
  });

  it("error: header timestamp in the future", async () => {
    const f = await deployRollup();
    const now = await f.chain.now();
    await f.chain.setNextTimestamp(now + 10);
    await commitError(f, { timestamp: now + 11 }, "TimestampInFuture");
  });

  it("error: header timestamp before the parent's", async () => {
    const f = await deployRollup();
    await f.commit();
    const parentTimestamp = f.batches[1]!.header.timestamp;
    await commitError(f, { timestamp: parentTimestamp - 1 }, "TimestampBeforeParent");
  });

  it("error: zero state or exit root", async () => {
    const f = await deployRollup();
    await commitError(f, { stateRoot: new Uint8Array(32) }, "ZeroRoot");
    await commitError(f, { exitRoot: new Uint8Array(32) }, "ZeroRoot");
  });

  it("error: constructor rejects a zero sequencer, zero genesis root and zero windows", async () => {
    const f = await deployRollup();
    const root = hex(stateRoot([]));
    const seq = f.sequencer.address;
    const zero = "0x" + "00".repeat(20);
    for (const [args, name] of [
      [[zero, root, 1, 1], "ZeroSequencer"],
      [[seq, hex(new Uint8Array(32)), 1, 1], "ZeroRoot"],
      [[seq, root, 0, 1], "ZeroWindow"],
      [[seq, root, 1, 0], "ZeroWindow"],
    ] as const) {
      await expectError(f.chain.deploy("Rollup", [...args]), f.rollup.interface, name);
    }
  });
});
