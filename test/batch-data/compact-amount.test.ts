import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ByteWriter } from "../../sequencer/batch-data/byte-writer.ts";
import { ByteReader } from "../../sequencer/batch-data/byte-reader.ts";
import { amountLabels, readAmountInto, writeRecordAmount } from "../../sequencer/batch-data/compact-amount.ts";
import { amount } from "./batch-fixture.ts";

/** The canonical form by the definition (docs/fraud-proofs.md §2), with bigints. */
function reference(value: bigint): number[] {
  let e = 0;
  let m = value;
  while (m !== 0n && m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  const out = [e];
  do {
    const low = Number(m & 0x7fn);
    m >>= 7n;
    out.push(m === 0n ? low : low | 0x80);
  } while (m !== 0n);
  return out;
}

test("default: a record's amount is written in its canonical m·10^e form, measured exactly, and read back", () => {
  fc.assert(
    fc.property(amount, (value) => {
      const record = new Uint8Array(16);
      new DataView(record.buffer).setBigUint64(0, value & ((1n << 64n) - 1n), true);
      new DataView(record.buffer).setBigUint64(8, value >> 64n, true);
      const out = new ByteWriter();
      const length = writeRecordAmount(record, 0, out);
      assert.deepEqual([...out.view()], reference(value));
      assert.equal(length, out.size);
      assert.equal(writeRecordAmount(record, 0), length, "measuring alone gives the same length");
      const back = new Uint8Array(16);
      readAmountInto(new ByteReader(out.result()), amountLabels("amount"), new DataView(back.buffer), 0);
      assert.deepEqual(back, record);
    }),
    { seed: 20261207, numRuns: 3000 },
  );
});
