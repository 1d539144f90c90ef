/** An honest batch touching every position type: no proof kind convicts it (docs/fraud-proofs.md §4). */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { loftDomain } from "../../sequencer/protocol/eip712.ts";
import { stateTransitionProof } from "../../sequencer/fraud/state-transition-proof.ts";
import { signatureProof, signatureProofAt } from "../../sequencer/fraud/signature-proof.ts";
import { exitRootProof, txRootProof } from "../../sequencer/fraud/roots-proof.ts";
import { check, deployHarness, install, type Deployed } from "./fraud-chain.ts";
import { CHAIN_ID, mixedBatch } from "./scenario.ts";
import { stateAccessor } from "./state-accessor.ts";
import type { HonestBatch } from "./batch-fixture.ts";

describe("an honest batch is never proven wrong", () => {
  let st: Deployed;
  let roots: Deployed;
  let batch: HonestBatch;

  before(async () => {
    const h = await deployHarness("StateTransitionHarness");
    batch = mixedBatch(h.address, 40); // 50 positions: two chunks
    st = await install(h, batch);
    roots = await install(await deployHarness("RootsHarness"), batch);
  });

  it("has two chunks, the second with user records only", () => {
    assert.equal(batch.segments.length, 2);
    assert.equal(batch.queue.length, 4);
  });

  it("proveStateTransition: every chunk executes to its entry (NoFraud)", async () => {
    for (let c = 0; c < batch.segments.length; c++) {
      const proof = stateTransitionProof(st.batch, c, stateAccessor(batch.preStates[c]!), c > 0 ? batch.roots[c - 1] : undefined);
      assert.equal(proof.finding.fraud, undefined);
      assert.equal(await check(st, "proveStateTransition", proof.args), "NoFraud");
    }
  });

  it("proveSignature: every record is signed by its sender (none found; the contract says NoFraud)", async () => {
    const h = await deployHarness("SignatureHarness");
    const b = mixedBatch(h.address, 40);
    const sig = await install(h, b);
    const domain = loftDomain(CHAIN_ID, h.address);
    for (let c = 0; c < b.segments.length; c++) {
      const pre = stateAccessor(b.preStates[c]!);
      const previous = c > 0 ? b.roots[c - 1] : undefined;
      assert.equal(signatureProof(sig.batch, c, pre, domain, previous), undefined);
      for (const position of [Math.max(32 * c, b.queue.length), Math.min(32 * c + 31, b.queue.length + b.userCount - 1)]) {
        const proof = signatureProofAt(sig.batch, c, position, pre, previous);
        assert.ok(proof, `position ${position} resolves`);
        assert.equal(await check(sig, "proveSignature", proof.args), "NoFraud");
      }
    }
  });

  it("proveTxRoot and proveExitRoot: NoFraud", async () => {
    const tx = txRootProof(roots.batch, batch.roots);
    assert.equal(tx.fraud, undefined);
    assert.equal(await check(roots, "proveTxRoot", tx.args), "NoFraud");
    const exit = exitRootProof(roots.batch);
    assert.equal(exit.fraud, undefined);
    assert.equal(await check(roots, "proveExitRoot", exit.args), "NoFraud");
  });
});
