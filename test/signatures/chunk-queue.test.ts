import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ChunkQueue } from "../../sequencer/signatures/chunk-queue.ts";
import { runs, seed } from "../protocol/arbitraries.ts";

test("behavior: ChunkQueue behaves as an array with push, unshift and shift, across compactions", () => {
  const operation = fc.oneof(
    fc.record({ op: fc.constant("push" as const), count: fc.integer({ min: 1, max: 3000 }) }),
    fc.record({ op: fc.constant("shift" as const), count: fc.integer({ min: 1, max: 3000 }) }),
    fc.record({ op: fc.constant("unshift" as const), count: fc.integer({ min: 1, max: 3 }) }),
    fc.constant({ op: "drain" as const, count: 0 }),
  );
  fc.assert(
    fc.property(fc.array(operation, { maxLength: 30 }), (operations) => {
      const queue = new ChunkQueue<number>();
      const model: number[] = [];
      let next = 0;
      for (const { op, count } of operations) {
        if (op === "drain") assert.deepEqual(queue.drain(), model.splice(0));
        for (let i = 0; i < count && op !== "drain"; i++) {
          if (op === "push") queue.push(next), model.push(next++);
          else if (op === "unshift") queue.unshift(next), model.unshift(next++);
          else assert.equal(queue.shift(), model.shift());
        }
        assert.equal(queue.length, model.length);
      }
      for (const item of model) assert.equal(queue.shift(), item);
      assert.equal(queue.shift(), undefined);
    }),
    { seed, numRuns: runs(100) },
  );
});
