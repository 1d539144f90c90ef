/**
 * The framing check of batch data v2 at commit (docs/fraud-proofs.md §2–§3): what frames is
 * accepted with the dataRoot the TypeScript reference computes; every way of not framing is refused
 * with its own error naming the batch.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { randomBytes } from "ethers";
import { frameBatchData, framedData, varint, type Segment } from "./batch-data-v2.ts";
import { deployRollup, expectError, type NextBatch, type RollupFixture } from "./rollup-fixture.ts";

const segment = (bytes = 10): Segment => ({ entry: randomBytes(32), chunk: randomBytes(bytes) });
const segments = (n: number) => Array.from({ length: n }, () => segment());
const head = (...bytes: number[]) => Uint8Array.from(bytes);

async function refused(f: RollupFixture, next: NextBatch, name: string) {
  const { headers, data } = await f.prepare([{}, next]); // the bad batch is batch 2, after a good one
  return expectError(f.asSequencer.getFunction("commitBatches")(headers, data), f.rollup.interface, name);
}

describe("batch data v2 framing at commit", () => {
  it("default: the dataRoot the contract commits is keccak256(U ‖ tableRoot) of the reference", async () => {
    const f = await deployRollup();
    for (let i = 0; i < 40; i++) await (await f.rollup.getFunction("deposit")(f.users[0]!.address, { value: 1n })).wait();
    // 1 chunk, exactly 32 positions, 33 (a second chunk of one), 40 queue + 600 users (20 chunks), empty chunk bytes
    await f.commitMany([
      { userCount: 1 },
      { userCount: 32 },
      { userCount: 33 },
      { queueCount: 40, userCount: 600 },
      { data: framedData(0, 5, { chunk: () => new Uint8Array(0) }) },
      { userCount: 128 * 2, bytesPerPosition: 75 },
    ]);
    // the fixture's batchesRoot (from the reference dataRoots) is what withdraw proofs are checked against
    const record = await f.rollup.getFunction("commits")(1);
    const { keccakMerkleRoot, COMMIT_TREE_DEPTH } = await import("../../sequencer/l1/withdraw-calldata.ts");
    assert.equal(record.batchesRoot, "0x" + Buffer.from(keccakMerkleRoot(f.commits[1]!.leaves, COMMIT_TREE_DEPTH)).toString("hex"));
  });

  it("default: 2^16 positions, the most a batch holds (2,048 chunks)", async () => {
    const f = await deployRollup();
    await f.commit({ data: framedData(0, 65_536, { chunk: () => new Uint8Array(0) }) });
  });

  it("error: empty data and other versions (v1 brotli) are BatchDataVersion", async () => {
    const f = await deployRollup();
    assert.deepEqual(await refused(f, { rawData: new Uint8Array(0) }, "BatchDataVersion"), [2n, 256n]);
    assert.deepEqual(await refused(f, { rawData: frameBatchData(1, segments(1), head(1, 1)) }, "BatchDataVersion"), [2n, 1n]);
    assert.deepEqual(await refused(f, { rawData: frameBatchData(1, segments(1), head(3, 1)) }, "BatchDataVersion"), [2n, 3n]);
  });

  it("error: U not canonical LEB128 (a redundant trailing zero byte)", async () => {
    const f = await deployRollup();
    assert.deepEqual(await refused(f, { rawData: frameBatchData(1, segments(1), head(2, 0x81, 0x00)) }, "UserCountNotCanonical"), [2n]);
    await refused(f, { rawData: frameBatchData(0, segments(1), head(2, 0x80, 0x80, 0x00)) }, "UserCountNotCanonical");
  });

  it("error: U longer than 5 bytes, above 2^32 − 1, or cut off", async () => {
    const f = await deployRollup();
    await refused(f, { rawData: head(2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01) }, "UserCountTooLong");
    await refused(f, { rawData: head(2, 0xff, 0xff, 0xff, 0xff, 0x1f) }, "UserCountTooLong"); // 2^35 − 1
    await refused(f, { rawData: head(2, 0x80, 0x80, 0x80, 0x80, 0x10) }, "UserCountTooLong"); // 2^32
    await refused(f, { rawData: head(2, 0x80) }, "UserCountTooLong");
    await refused(f, { rawData: head(2) }, "UserCountTooLong");
    // 2^32 − 1 in 5 bytes is canonical and a u32; with no queue message it is too many positions
    assert.deepEqual(await refused(f, { rawData: head(2, 0xff, 0xff, 0xff, 0xff, 0x0f) }, "BatchPositionsOutOfRange"), [2n, 2n ** 32n - 1n]);
  });

  it("error: no position at all, or more than 2^16", async () => {
    const f = await deployRollup();
    assert.deepEqual(await refused(f, { rawData: frameBatchData(0, []) }, "BatchPositionsOutOfRange"), [2n, 0n]);
    assert.deepEqual(await refused(f, { rawData: frameBatchData(65_537, []) }, "BatchPositionsOutOfRange"), [2n, 65_537n]);
  });

  it("error: fewer segments than ceil((Q + U) / 32), Q counted from the header's queueCount", async () => {
    const f = await deployRollup();
    const data = frameBatchData(33, segments(1)); // n = 2
    const length = BigInt(data.length);
    assert.deepEqual(await refused(f, { rawData: data }, "SegmentTruncated"), [2n, 1n, length, length]);
    for (let i = 0; i < 40; i++) await (await f.rollup.getFunction("deposit")(f.users[0]!.address, { value: 1n })).wait();
    await refused(f, { queueCount: 40, rawData: frameBatchData(0, segments(1)) }, "SegmentTruncated"); // Q = 40: n = 2
    await f.commit({ queueCount: 40, data: framedData(40, 0) });
  });

  it("error: a segment head or its chunk bytes past the end", async () => {
    const f = await deployRollup();
    const whole = frameBatchData(1, [segment(10)]);
    // 0x02 ‖ U = 1 (one byte): the segment starts at offset 2
    assert.deepEqual(await refused(f, { rawData: whole.subarray(0, whole.length - 1) }, "SegmentTruncated"), [2n, 0n, 2n, BigInt(whole.length - 1)]);
    assert.deepEqual(await refused(f, { rawData: whole.subarray(0, 2 + 33) }, "SegmentTruncated"), [2n, 0n, 2n, 35n]);
  });

  it("error: anything after the last segment", async () => {
    const f = await deployRollup();
    const two = frameBatchData(1, segments(2)); // one segment too many
    const first = frameBatchData(1, segments(1));
    assert.deepEqual(await refused(f, { rawData: two }, "TrailingData"), [2n, BigInt(2 + 34 + 10), BigInt(two.length)]);
    const extra = Uint8Array.from([...first, 0]);
    assert.deepEqual(await refused(f, { rawData: extra }, "TrailingData"), [2n, BigInt(first.length), BigInt(extra.length)]);
  });

  it("error: more than 128 KB of data for one batch (a proof re-sending it must fit one L1 transaction)", async () => {
    const f = await deployRollup();
    const big = frameBatchData(33, [segment(65_535), segment(131_072 - 2 - 2 * 34 - 65_535 + 1)]); // U = 33: two chunks
    assert.deepEqual(await refused(f, { rawData: big }, "BatchDataTooLarge"), [2n, 131_073n, 131_072n]);
    const fits = frameBatchData(33, [segment(65_535), segment(131_072 - 2 - 2 * 34 - 65_535)]);
    await f.commitMany([{ rawData: fits }]);
  });

  it("error: more than 256 queue messages in one batch (their proveExitRoot cost is not bounded by the data)", async () => {
    const f = await deployRollup();
    for (let i = 0; i < 257; i++) await (await f.rollup.getFunction("deposit")(f.users[0]!.address, { value: 1n })).wait();
    assert.deepEqual(await refused(f, { queueCount: 257, userCount: 0 }, "TooManyQueueMessages"), [2n, 257n, 256n]);
    await f.commitMany([{ queueCount: 256, userCount: 0 }]);
  });

  it("varint: the helper's LEB128 is canonical", () => {
    assert.deepEqual([...varint(0)], [0]);
    assert.deepEqual([...varint(127)], [0x7f]);
    assert.deepEqual([...varint(128)], [0x80, 0x01]);
    assert.deepEqual([...varint(2 ** 32 - 1)], [0xff, 0xff, 0xff, 0xff, 0x0f]);
  });
});
