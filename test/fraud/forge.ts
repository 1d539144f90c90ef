/**
 * Test-only: runs one fraud proof kind against an honest batch (it must revert NoFraud) and against
 * a forgery of it (it must convict with the kind and position the TypeScript reference predicts).
 */
import assert from "node:assert/strict";
import { loftDomain } from "../../sequencer/protocol/eip712.ts";
import { exitRootProof, txRootProof } from "../../sequencer/fraud/roots-proof.ts";
import { signatureProof, signatureProofAt } from "../../sequencer/fraud/signature-proof.ts";
import { stateTransitionProof } from "../../sequencer/fraud/state-transition-proof.ts";
import type { ProofFunction } from "../../sequencer/fraud/prover-calls.ts";
import type { HonestBatch, PostedBatch } from "./batch-fixture.ts";
import { check, deployHarness, install, send, type Deployed, type HarnessName, type Outcome } from "./fraud-chain.ts";
import { CHAIN_ID } from "./scenario.ts";
import { stateAccessor } from "./state-accessor.ts";

export interface Built {
  fn: ProofFunction;
  args: unknown[];
  /** What the TypeScript reference says the contract concludes. */
  expected?: { kind: number; position: number };
}

/** Builds the proof of `fn` for chunk `c` of the installed batch (pre-states and roots from the honest one). */
export function buildProof(fn: ProofFunction, d: Deployed, honest: HonestBatch, c: number, position?: number): Built {
  const pre = stateAccessor(honest.preStates[c]!);
  const previous = c > 0 ? honest.roots[c - 1] : undefined;
  if (fn === "proveStateTransition") {
    const p = stateTransitionProof(d.batch, c, pre, previous);
    return { fn, args: p.args, expected: p.finding.fraud };
  }
  if (fn === "proveSignature") {
    const bad = signatureProof(d.batch, c, pre, loftDomain(CHAIN_ID, d.address), previous);
    if (bad) return { fn, args: bad.args, expected: { kind: 9, position: bad.position } };
    const any = signatureProofAt(d.batch, c, position ?? honest.queue.length, pre, previous)!;
    return { fn, args: any.args };
  }
  const p = fn === "proveTxRoot" ? txRootProof(d.batch, honest.roots) : exitRootProof(d.batch);
  return { fn, args: p.args, expected: p.fraud };
}

const HARNESS: Record<ProofFunction, HarnessName> = {
  proveStateTransition: "StateTransitionHarness",
  proveSignature: "SignatureHarness",
  proveTxRoot: "RootsHarness",
  proveExitRoot: "RootsHarness",
};

/**
 * The property (honest → NoFraud with the same kind of proof) and the attack (forged → convicted
 * at `expected`). `make` builds the honest batch for the harness address and a forgery of it.
 */
export async function attack(
  fn: ProofFunction,
  make: (verifyingContract: string) => { honest: HonestBatch; forged: PostedBatch },
  chunk: number,
  expected: { kind: number; position: number },
  position?: number,
): Promise<Extract<Outcome, { convicted: true }>> {
  const h = await deployHarness(HARNESS[fn]);
  const { honest, forged } = make(h.address);
  const onHonest = await install(h, honest);
  const honestProof = buildProof(fn, onHonest, honest, chunk, position);
  assert.equal(honestProof.expected, undefined, "the reference finds no fraud in the honest batch");
  assert.equal(await check(onHonest, fn, honestProof.args), "NoFraud");
  const onForged = await install(h, forged);
  const proof = buildProof(fn, onForged, honest, chunk, position);
  assert.deepEqual(proof.expected, expected, "the reference predicts the conviction");
  const outcome = await send(onForged, fn, proof.args);
  assert.ok(outcome.convicted, `convicts (got ${outcome.convicted ? "" : outcome.error})`);
  assert.deepEqual({ kind: outcome.kind, position: outcome.position, chunk: outcome.chunk }, { ...expected, chunk: Math.floor(expected.position / 32) });
  return outcome;
}
