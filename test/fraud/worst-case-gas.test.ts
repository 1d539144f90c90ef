/**
 * Gas of each proof kind at its worst case (test/fraud/worst-case-scenarios.ts, shared with
 * `npm run bench:gas`, which measures the same cases through a real Rollup), on the module
 * harnesses: each must convict as the TypeScript reference predicts and fit the 2^24 transaction
 * gas cap; the figures are printed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exitRootProof } from "../../sequencer/fraud/roots-proof.ts";
import { deployHarness, install, send } from "./fraud-chain.ts";
import { attack } from "./forge.ts";
import { batchData } from "./batch-fixture.ts";
import { exitRootAtLimits, GAS_CAP, MAX_DATA_BYTES, MAX_QUEUE_MESSAGES, worstCases } from "./worst-case-scenarios.ts";

const report = (what: string, gas: bigint) => {
  console.log(`# gas ${what}: ${gas.toLocaleString("en-US")}`);
  assert.ok(gas < GAS_CAP, `${what} fits the gas cap`);
};

describe("worst-case gas of each proof kind", () => {
  for (const c of worstCases) {
    it(c.name, async () => {
      const outcome = await attack(c.fn, (address) => c.make(address), c.chunk, c.expected, c.position);
      report(c.name, outcome.gas);
    });
  }
});

describe("proveExitRoot at the batch limits", () => {
  it(`${MAX_QUEUE_MESSAGES} full exits with balances, then 128 KB of withdrawal records of the largest size (130 bytes)`, async () => {
    const h = await deployHarness("RootsHarness");
    const { posted, records, bytes } = exitRootAtLimits(h.address);
    assert.ok(batchData(posted).length <= MAX_DATA_BYTES, `${bytes} bytes`);
    const d = await install(h, posted);
    const proof = exitRootProof(d.batch);
    assert.deepEqual(proof.fraud, { kind: 11, position: 0 });
    const outcome = await send(d, "proveExitRoot", proof.args);
    assert.ok(outcome.convicted && outcome.kind === 11, outcome.convicted ? "" : outcome.error);
    report(`proveExitRoot (${MAX_QUEUE_MESSAGES} full exits and ${records} records of 130 bytes, ${bytes} bytes)`, outcome.gas);
  });
});
