/**
 * The TypeScript chunk reader the challenger uses (sequencer/fraud/chunk-reader.ts) against the
 * contracts' (contracts/src/fraud/lib/ChunkReader.sol) on random and near-valid bytes: the same
 * values, the same failures (docs/fraud-proofs.md §2 canonical varints and amounts), so that
 * findChunkFraud predicts exactly where the contract convicts Undecodable.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { hexlify, type Contract } from "ethers";
import { ChunkCursor } from "../../sequencer/fraud/chunk-reader.ts";
import { runs, seed } from "../protocol/arbitraries.ts";
import { getChain } from "../contracts/hardhat-chain.ts";
import { amount, encodeEntry, varint } from "./chunk-encoder.ts";

/** Varints around the limits: 5-byte u32s, 19-byte mantissas, redundant zero groups. */
const edgyVarint = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 140n) - 1n }).map((v) => varint(v)),
  fc.constantFrom([0x80, 0x00], [0xff, 0xff, 0xff, 0xff, 0x0f], [0xff, 0xff, 0xff, 0xff, 0x10], [0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0x81, 0x00]),
  fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 17, maxLength: 21 }).map((cont) => [...cont, 1]),
);
const edgyAmount = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 129n) }).map((v) => amount(v)),
  fc.tuple(fc.integer({ min: 0, max: 40 }), edgyVarint).map(([e, m]) => [e, ...m]),
);
const record = fc.record({
  withdraw: fc.boolean(), from: fc.nat(), to: fc.oneof(fc.nat(), fc.uint8Array({ minLength: 20, maxLength: 20 })),
  amount: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fee: fc.bigInt({ min: 0n, max: 10n ** 20n }), signature: fc.uint8Array({ minLength: 65, maxLength: 65 }),
}).map((r) => encodeEntry({ record: r }));
/** Valid records with a few bytes flipped, inserted or cut. */
const nearValid = fc.tuple(fc.array(record, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 3 }), fc.nat({ max: 8 }))
  .map(([records, flips, cut]) => {
    const bytes = records.flat();
    for (const [at, value] of flips) bytes[at % bytes.length] = value;
    return Uint8Array.from(bytes.slice(0, bytes.length - cut));
  });

describe("the TypeScript chunk reader reads exactly as the contract's", () => {
  let reader: Contract;
  before(async () => {
    reader = await (await getChain()).deploy("ChunkReaderHarness");
  });

  it("records: values, failure and bytes consumed", async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(nearValid, fc.uint8Array({ maxLength: 300 })), fc.integer({ min: 1, max: 3 }), async (bytes, count) => {
      const [failed, consumed, records] = await reader.getFunction("readRecords")(hexlify(bytes), count);
      const c = new ChunkCursor(bytes);
      const mine = [];
      for (let i = 0; i < count && !c.failed; i++) mine.push(c.record());
      assert.equal(failed, c.failed);
      if (failed) return; // past a failure the values are meaningless on both sides
      assert.equal(Number(consumed), c.at);
      mine.forEach((m, i) => {
        const r = records[i];
        assert.deepEqual(
          [r.withdraw, r.rawTo, Number(r.v), Number(r.from), Number(r.toIndex), r.toRaw.toLowerCase(), r.amount, r.fee, r.r, r.s],
          [m.withdraw, m.rawTo, m.v, m.from, m.toIndex, hexlify(m.toRaw), m.amount, m.fee, hexlify(m.r), hexlify(m.s)],
        );
      });
    }), { seed, numRuns: runs(150) });
  });

  it("indices and amounts at and past their limits", async () => {
    await fc.assert(fc.asyncProperty(fc.boolean(), fc.array(fc.oneof(edgyVarint, edgyAmount), { minLength: 1, maxLength: 4 }), async (amounts, parts) => {
      const bytes = Uint8Array.from(parts.flat());
      const [failed, values] = await reader.getFunction("readValues")(hexlify(bytes), amounts);
      const c = new ChunkCursor(bytes);
      const mine: bigint[] = [];
      while (c.at < bytes.length && !c.failed) mine.push(amounts ? c.amount() : BigInt(c.index()));
      assert.equal(failed, c.failed);
      if (!failed) assert.deepEqual([...values], mine);
    }), { seed, numRuns: runs(200) });
  });
});
