import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Interface, hexlify } from "ethers";
import {
  COMMIT_BATCHES_SIGNATURE, CommitCalldataError, chunkCountOf, MAX_BATCHES_PER_COMMIT, commitCalldataBytes, commitCalldataSize, commitGasLimit, decodeCommitCalldata, type CommitBatch,
} from "../../sequencer/l1/commit-transaction.ts";
import { loadRollupArtifact, rollupInterface } from "../../sequencer/l1/rollup-abi.ts";
import { frameBatchData } from "../contracts/batch-data-v2.ts";

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const runs = process.env.CI ? 40 : 100;
/** The documented ABI (docs/fraud-proofs.md §3), independent of the compiled artifact. */
const documented = new Interface([`function ${COMMIT_BATCHES_SIGNATURE.replace("(uint64,bytes32,bytes32,bytes32,bytes32,uint64,uint64,bytes32)[]", "tuple(uint64 number, bytes32 parentRoot, bytes32 stateRoot, bytes32 txRoot, bytes32 exitRoot, uint64 queueCount, uint64 timestamp, bytes32 dataHash)[] headers").replace("bytes[])", "bytes[] data)")}`]);
const batchArb = fc.record({
  header: fc.record({ number: fc.nat(), parentRoot: bytes(32), stateRoot: bytes(32), txRoot: bytes(32), exitRoot: bytes(32), queueCount: fc.nat(), timestamp: fc.nat(), dataHash: bytes(32) }),
  data: fc.uint8Array({ maxLength: 300 }),
});
const tuple = ({ header: h }: CommitBatch) => [h.number, hexlify(h.parentRoot), hexlify(h.stateRoot), hexlify(h.txRoot), hexlify(h.exitRoot), h.queueCount, h.timestamp, hexlify(h.dataHash)];
const artifactHasCommitBatches = (() => {
  try {
    return loadRollupArtifact().abi.toString() !== "" && rollupInterface().getFunction("commitBatches") !== null;
  } catch {
    return false;
  }
})();

test("default: commitBatches calldata equals ethers' ABI encoding, its size is known beforehand, and it decodes back", () => {
  fc.assert(
    fc.property(fc.array(batchArb, { minLength: 1, maxLength: 6 }), (batches) => {
      const calldata = commitCalldataBytes(batches);
      assert.equal(hexlify(calldata), documented.encodeFunctionData("commitBatches", [batches.map(tuple), batches.map((b) => b.data)]));
      assert.equal(calldata.length, commitCalldataSize(batches.map((b) => b.data.length)));
      assert.deepEqual(decodeCommitCalldata(calldata), batches.map((b) => ({ header: { ...b.header }, data: b.data }))); // fast-check's records have no prototype
    }),
    { seed: 20261204, numRuns: runs * 2 },
  );
});

test("default: the signature is the compiled Rollup's commitBatches", { skip: artifactHasCommitBatches ? false : "the Rollup artifact has no commitBatches yet (npm run build:contracts)" }, () => {
  assert.equal(rollupInterface().getFunction("commitBatches")!.format("sighash"), COMMIT_BATCHES_SIGNATURE);
});

test("behavior: the gas limit grows with the batches and the data, and covers the EIP-7623 floor", () => {
  const batch = (size: number): CommitBatch => ({ header: { number: 1, parentRoot: new Uint8Array(32).fill(1), stateRoot: new Uint8Array(32).fill(2), txRoot: new Uint8Array(32).fill(3), exitRoot: new Uint8Array(32).fill(4), queueCount: 0, timestamp: 1, dataHash: new Uint8Array(32).fill(5) }, data: new Uint8Array(size).fill(0xab) });
  const one = commitCalldataBytes([batch(1_000)]);
  const many = commitCalldataBytes(Array.from({ length: 100 }, () => batch(1_000)));
  assert.ok(commitGasLimit(many, 100) > commitGasLimit(one, 1) + 99n * 16_000n);
  const full = commitCalldataBytes([batch(120_000)]);
  let tokens = 0n;
  for (const b of full) tokens += b === 0 ? 1n : 4n;
  assert.ok(commitGasLimit(full, 1) >= 21_000n + 10n * tokens);
});

test("error: calldata that is not a canonical commitBatches is refused precisely", () => {
  const header = { number: 1, parentRoot: new Uint8Array(32), stateRoot: new Uint8Array(32), txRoot: new Uint8Array(32), exitRoot: new Uint8Array(32), queueCount: 0, timestamp: 0, dataHash: new Uint8Array(32) };
  const good = commitCalldataBytes([{ header, data: new Uint8Array(40).fill(1) }, { header: { ...header, number: 2 }, data: new Uint8Array(3).fill(2) }]);
  const expect = (bytes: Uint8Array, message: RegExp) => assert.throws(() => decodeCommitCalldata(bytes), (e: unknown) => e instanceof CommitCalldataError && message.test(e.message), message.source);
  const edit = (at: number, value: number) => {
    const copy = good.slice();
    copy[at] = value;
    return copy;
  };
  const word = (i: number) => 4 + i * 32;
  expect(good.subarray(0, 100), /not a commitBatches call/);
  expect(edit(0, good[0]! ^ 1), /not a commitBatches call/);
  expect(edit(word(0) + 31, 0x60), /the offset of headers is 96, the canonical encoding has 64/);
  expect(edit(word(2) + 31, 0), /0 headers: a commit carries 1 to 256 batches/);
  expect(edit(word(3) + 5, 1), /header 0 number does not fit uint64/);
  const dataArray = word(3 + 16);
  expect(edit(dataArray + 31, 1), /the number of data is 1, the canonical encoding has 2/);
  expect(edit(dataArray + 32 + 31, 0x20), /the offset of data 0 is 32, the canonical encoding has 64/);
  expect(edit(dataArray + 96 + 31, 200), /data 0 of 200 bytes runs past the calldata/);
  expect(edit(dataArray + 96 + 32 + 45, 9), /data 0 has non-zero padding/);
  expect(Uint8Array.from([...good, ...new Uint8Array(32)]), /32 bytes after the last data/);
  expect(good.subarray(0, good.length - 32), /data 1 of 3 bytes runs past the calldata/);
  assert.throws(() => commitCalldataBytes([]), /a commit carries 1 to 256 batches, not 0/);
  assert.throws(() => commitCalldataBytes(Array.from({ length: MAX_BATCHES_PER_COMMIT + 1 }, () => ({ header, data: new Uint8Array(0) }))), /not 257/);
});

test("default: chunkCountOf walks v2 framing, and errs high on data that does not frame", () => {
  const segment = (length: number) => ({ entry: new Uint8Array(32).fill(1), chunk: new Uint8Array(length).fill(2) });
  assert.equal(chunkCountOf(frameBatchData(1, [segment(10)])), 1);
  assert.equal(chunkCountOf(frameBatchData(300, Array.from({ length: 10 }, (_, i) => segment(i * 300)))), 10, "a two-byte varint U, segments of 0 to 2,700 bytes");
  assert.equal(chunkCountOf(frameBatchData(2 ** 20, [segment(300), segment(65_535)])), 2, "a three-byte varint");
  const cut = frameBatchData(1, [segment(100)]).subarray(0, 120);
  assert.equal(chunkCountOf(cut), Math.ceil(120 / 34));
  assert.equal(chunkCountOf(Uint8Array.from([1, 2, 3])), 1, "not version 2");
});
