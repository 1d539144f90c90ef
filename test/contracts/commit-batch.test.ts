import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keccak256, randomBytes } from "ethers";
import { COMMIT_TREE_DEPTH, keccakMerkleRoot } from "../../sequencer/l1/withdraw-calldata.ts";
import { headerRoot, stateRoot } from "./ssz-lists.ts";
import { deployRollup, expectError, hex, type NextBatch, type RollupFixture } from "./rollup-fixture.ts";

const ETH = 10n ** 18n;

/** commitBatches of `next` must revert with `name`; returns the error's args. */
async function commitError(f: RollupFixture, next: NextBatch[], name: string) {
  const { headers, data } = await f.prepare(next);
  return expectError(f.asSequencer.getFunction("commitBatches")(headers, data), f.rollup.interface, name);
}

async function deposits(f: RollupFixture, count: number) {
  for (let i = 0; i < count; i++) await (await f.rollup.getFunction("deposit")(f.users[i % 4]!.address, { value: 1n })).wait();
}

describe("commitBatches", () => {
  it("default: one batch, one record {batchesRoot, stateRoot, first, last, committedAt, queueCount}, BatchesCommitted", async () => {
    const f = await deployRollup();
    await deposits(f, 1);
    const { batches: [batch], txHash, commitIndex } = await f.commitMany([{ queueCount: 1, userCount: 3 }]);
    assert.equal(commitIndex, 1);
    const receipt = await f.chain.provider.getTransactionReceipt(txHash);
    const block = await f.chain.provider.getBlock(receipt!.blockNumber);
    const batchesRoot = hex(keccakMerkleRoot(f.commits[1]!.leaves, COMMIT_TREE_DEPTH));
    const record = await f.rollup.getFunction("commits")(1);
    assert.deepEqual(
      [record.batchesRoot, record.stateRoot, record.firstBatch, record.lastBatch, record.committedAt, record.queueCount],
      [batchesRoot, hex(batch!.header.stateRoot), 1n, 1n, BigInt(block!.timestamp), 1n],
    );
    const event = f.rollup.interface.parseLog(receipt!.logs[0]!);
    assert.deepEqual([event?.name, ...event!.args], ["BatchesCommitted", 1n, 1n, 1n, batchesRoot, hex(batch!.header.stateRoot), 1n]);
    const chain = await f.rollup.getFunction("chain")();
    assert.deepEqual([chain.lastNumber, chain.lastQueueCount], [1n, 1n]);
    assert.equal(await f.rollup.getFunction("commitCount")(), 2n);
    assert.equal(await f.rollup.getFunction("commitOf")(1), 1n);
  });

  it("genesis: commit 0 is batch 0 (leaf dataRoot 0), emitted by the constructor, final from the start", async () => {
    const f = await deployRollup();
    const record = await f.rollup.getFunction("commits")(0);
    assert.deepEqual([record.stateRoot, record.firstBatch, record.lastBatch, record.queueCount], [hex(f.batches[0]!.header.stateRoot), 0n, 0n, 0n]);
    const deployment = await f.chain.provider.getTransactionReceipt(await deploymentHash(f));
    const event = f.rollup.interface.parseLog(deployment!.logs[0]!);
    assert.deepEqual([event?.name, ...event!.args], ["BatchesCommitted", 0n, 0n, 0n, record.batchesRoot, record.stateRoot, 0n]);
    assert.equal(await f.rollup.getFunction("isFinal")(0), true);
    assert.equal(await f.rollup.getFunction("isFinal")(1), false);
    assert.deepEqual(await expectError(f.rollup.getFunction("commits")(1), f.rollup.interface, "UnknownCommit"), [1n, 1n]);
    assert.deepEqual(await expectError(f.rollup.getFunction("commitOf")(1), f.rollup.interface, "UnknownBatch"), [1n]);
  });

  it("aggregation: 100 batches of mixed queue and user counts in one commit, then the next commit continues the chain", async () => {
    const f = await deployRollup();
    await deposits(f, 40);
    const next: NextBatch[] = Array.from({ length: 100 }, (_, i) => ({
      queueCount: Math.min(40, Math.floor(i / 3)),
      userCount: [1, 3, 31, 32, 33, 70][i % 6]!,
    }));
    next[3] = { queueCount: 1, userCount: 0 }; // a batch of queue messages only
    next[6] = { queueCount: 2, userCount: 5 };
    const { batches, commitIndex, txHash } = await f.commitMany(next);
    const last = batches[batches.length - 1]!.header;
    const record = await f.rollup.getFunction("commits")(commitIndex);
    assert.deepEqual([record.firstBatch, record.lastBatch, record.queueCount], [1n, 100n, BigInt(last.queueCount)]);
    assert.equal(record.batchesRoot, hex(keccakMerkleRoot(f.commits[commitIndex]!.leaves, COMMIT_TREE_DEPTH)));
    assert.equal(record.stateRoot, hex(last.stateRoot));
    const receipt = await f.chain.provider.getTransactionReceipt(txHash);
    assert.equal(receipt!.logs.length, 1, "one event per commit");
    for (const n of [1, 2, 50, 99, 100]) assert.equal(await f.rollup.getFunction("commitOf")(n), 1n);

    const second = await f.commitMany([{}, {}]);
    assert.equal(second.commitIndex, 2);
    const record2 = await f.rollup.getFunction("commits")(2);
    assert.deepEqual([record2.firstBatch, record2.lastBatch], [101n, 102n]);
    assert.equal(await f.rollup.getFunction("commitOf")(101), 2n);
    assert.equal(await f.rollup.getFunction("commitOf")(100), 1n);
    assert.equal(await f.rollup.getFunction("commitOf")(0), 0n);
  });

  it("limits: 256 batches per commit; 0, 257 and a data count other than the header count are refused", async () => {
    const f = await deployRollup();
    const many = (n: number) => Array.from({ length: n }, () => ({}));
    const prepared = await f.prepare(many(257));
    const send = (headers: unknown[], data: unknown[]) => f.asSequencer.getFunction("commitBatches")(headers, data);
    assert.deepEqual(await expectError(send(prepared.headers, prepared.data), f.rollup.interface, "CommitSizeOutOfRange"), [257n, 257n]);
    assert.deepEqual(await expectError(send([], []), f.rollup.interface, "CommitSizeOutOfRange"), [0n, 0n]);
    assert.deepEqual(await expectError(send(prepared.headers.slice(0, 2), prepared.data.slice(0, 1)), f.rollup.interface, "CommitSizeOutOfRange"), [2n, 1n]);
    const { batches } = await f.commitMany(many(256));
    assert.equal(batches.length, 256);
    assert.equal((await f.rollup.getFunction("commits")(1)).lastBatch, 256n);
  });

  it("error: a caller other than the sequencer", async () => {
    const f = await deployRollup();
    const { headers, data } = await f.prepare([{}]);
    const args = await expectError(f.rollup.getFunction("commitBatches")(headers, data), f.rollup.interface, "NotSequencer");
    assert.equal(args[0], f.users[5]!.address);
  });

  it("error: wrong parent root, also in the middle of a commit", async () => {
    const f = await deployRollup();
    await commitError(f, [{ header: { parentRoot: randomBytes(32) } }], "WrongParentRoot");
    const { headers, data, batches } = await f.prepare([{}, {}, {}]);
    headers[2] = { ...headers[2], parentRoot: hex(headerRoot(batches[0]!.header)) };
    const args = await expectError(f.asSequencer.getFunction("commitBatches")(headers, data), f.rollup.interface, "WrongParentRoot");
    assert.equal(args[0], hex(headerRoot(batches[1]!.header)));
  });

  it("error: skipped or repeated batch numbers", async () => {
    const f = await deployRollup();
    assert.deepEqual(await commitError(f, [{ header: { number: 2 } }], "WrongBatchNumber"), [1n, 2n]);
    assert.deepEqual(await commitError(f, [{}, { header: { number: 1 } }], "WrongBatchNumber"), [2n, 1n]);
    await f.commit();
    const genesisRoot = headerRoot(f.batches[0]!.header);
    await commitError(f, [{ header: { number: 1, parentRoot: genesisRoot } }], "WrongBatchNumber");
  });

  it("error: queueCount past the queue, or going back", async () => {
    const f = await deployRollup();
    await deposits(f, 2);
    assert.deepEqual(await commitError(f, [{ queueCount: 1 }, { queueCount: 3 }], "QueueCountPastQueue"), [2n, 3n]);
    await f.commit({ queueCount: 2 }); // exactly the queue: fine
    const { headers, data } = await f.prepare([{ queueCount: 2 }]);
    headers[0] = { ...headers[0], queueCount: 1 };
    assert.deepEqual(await expectError(f.asSequencer.getFunction("commitBatches")(headers, data), f.rollup.interface, "QueueCountDecreased"), [2n, 1n]);
  });

  it("error: data hash mismatch", async () => {
    const f = await deployRollup();
    const { headers, data } = await f.prepare([{}]);
    const other = Uint8Array.from(data[0]!);
    other[other.length - 1]! ^= 1;
    const args = await expectError(f.asSequencer.getFunction("commitBatches")(headers, [other]), f.rollup.interface, "DataHashMismatch");
    assert.deepEqual(args, [keccak256(data[0]!), keccak256(other)]);
  });

  it("error: header timestamp in the future, or before the parent's", async () => {
    const f = await deployRollup();
    const now = await f.chain.now();
    await f.chain.setNextTimestamp(now + 10);
    await commitError(f, [{ header: { timestamp: now + 11 } }], "TimestampInFuture");
    await f.commit();
    await commitError(f, [{ header: { timestamp: f.batches[1]!.header.timestamp - 1 } }], "TimestampBeforeParent");
  });

  it("error: zero state or exit root", async () => {
    const f = await deployRollup();
    await commitError(f, [{ header: { stateRoot: new Uint8Array(32) } }], "ZeroRoot");
    await commitError(f, [{ header: { exitRoot: new Uint8Array(32) } }], "ZeroRoot");
  });

  it("bond: BondTooLow below bondRequired; postBond by anyone adds to bond() and lets commits through", async () => {
    const f = await deployRollup({ bondRequired: 3n * ETH, bond: 0n });
    assert.deepEqual(await commitError(f, [{}], "BondTooLow"), [0n, 3n * ETH]);
    const receipt = await (await f.rollup.getFunction("postBond")({ value: 2n * ETH })).wait();
    const event = f.rollup.interface.parseLog(receipt.logs[0]);
    assert.deepEqual([event?.name, ...event!.args], ["BondPosted", f.users[5]!.address, 2n * ETH, 2n * ETH]);
    assert.deepEqual(await commitError(f, [{}], "BondTooLow"), [2n * ETH, 3n * ETH]);
    await (await f.asSequencer.getFunction("postBond")({ value: 1n * ETH })).wait();
    assert.equal(await f.rollup.getFunction("bond")(), 3n * ETH);
    assert.equal(await f.rollup.getFunction("bondRequired")(), 3n * ETH);
    await f.commit();
  });

  it("error: constructor rejects zero sequencer, genesis root and windows, a bond above uint128, modules without code", async () => {
    const f = await deployRollup();
    const root = hex(stateRoot([]));
    const seq = f.sequencer.address;
    const zero = "0x" + "00".repeat(20);
    const eoa = f.users[3]!.address;
    const m = await f.module.getAddress();
    const modules = [m, m, m];
    for (const [args, name, expected] of [
      [[zero, root, 1, 1, 0, modules], "ZeroSequencer", []],
      [[seq, hex(new Uint8Array(32)), 1, 1, 0, modules], "ZeroRoot", []],
      [[seq, root, 0, 1, 0, modules], "ZeroWindow", []],
      [[seq, root, 1, 0, 0, modules], "ZeroWindow", []],
      [[seq, root, 1, 1, 1n << 128n, modules], "BondAboveUint128", [1n << 128n]],
      [[seq, root, 1, 1, 0, [zero, m, m]], "ModuleWithoutCode", [0n, zero]],
      [[seq, root, 1, 1, 0, [m, eoa, m]], "ModuleWithoutCode", [1n, eoa]],
      [[seq, root, 1, 1, 0, [m, m, eoa]], "ModuleWithoutCode", [2n, eoa]],
    ] as const) {
      assert.deepEqual(await expectError(f.chain.deploy("Rollup", [...args]), f.rollup.interface, name), expected);
    }
    assert.deepEqual([...(await f.rollup.getFunction("fraudModules")())], [m, m, m]);
  });

  it("size: the Rollup's deployed bytecode is under the 24 KB limit (EIP-170)", async () => {
    const hre = (await import("hardhat")).default;
    const bytes = ((await hre.artifacts.readArtifact("Rollup")).deployedBytecode.length - 2) / 2;
    assert.ok(bytes < 24_576, `Rollup is ${bytes} bytes`);
  });
});

async function deploymentHash(f: RollupFixture): Promise<string> {
  const address = await f.rollup.getAddress();
  const logs = await f.chain.provider.getLogs({ address, fromBlock: 0, toBlock: "latest" });
  return logs[0]!.transactionHash;
}
