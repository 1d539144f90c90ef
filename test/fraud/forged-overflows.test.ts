/**
 * Overflow (docs/fraud-proofs.md §4, kind 6) beyond amount + fee: a sender at nonce 2^64 − 1, a fee
 * account, a recipient and a deposit's account whose credit would pass 2^128 − 1. Accounts the honest batch never
 * touches carry those values (patchAccount), so the honest batch stays honest and NoFraud.
 */
import { describe, it } from "node:test";
import { loftDomain } from "../../sequencer/protocol/eip712.ts";
import type { ChunkEntry, RecordEntry } from "./chunk-encoder.ts";
import { actor, buildHonestBatch, patchAccount, withChunk, type HonestBatch, type Intent } from "./batch-fixture.ts";
import assert from "node:assert/strict";
import { attack, buildProof } from "./forge.ts";
import { deployHarness, install, send } from "./fraud-chain.ts";
import { CHAIN_ID, ETH, genesisOf } from "./scenario.ts";

const OVERFLOW = 6;
const MAX_U128 = (1n << 128n) - 1n;

/** Transfers among accounts 1–3 without fees: accounts 0 (fees), 4 and 5 stay untouched. */
const quietIntents: Intent[] = [
  { type: "transfer", from: actor(1), to: actor(2).address, amount: ETH, fee: 0n },
  { type: "transfer", from: actor(2), to: actor(3).address, amount: ETH, fee: 0n },
  { type: "transfer", from: actor(3), to: actor(1).address, amount: ETH, fee: 0n },
];

function quietBatch(address: string): HonestBatch {
  return buildHonestBatch(genesisOf(6), quietIntents, loftDomain(CHAIN_ID, address));
}

function forging(patch: (b: HonestBatch) => HonestBatch, position: number, edit: Partial<RecordEntry>) {
  return (address: string) => {
    const honest = patch(quietBatch(address));
    const entries = honest.entries[0]!.map((e, i): ChunkEntry => (i === position ? { record: { ...(e as { record: RecordEntry }).record, ...edit } } : e));
    return { honest, forged: withChunk(honest, 0, entries) };
  };
}

describe("proveStateTransition convicts every uint overflow", () => {
  it("a sender whose nonce is 2^64 − 1", async () => {
    await attack("proveStateTransition", forging((b) => patchAccount(b, 4, { nonce: (1n << 64n) - 1n }), 1, { from: 4 }), 0, { kind: OVERFLOW, position: 1 });
  });

  it("the fee account's balance passing 2^128 − 1", async () => {
    await attack("proveStateTransition", forging((b) => patchAccount(b, 0, { balance: MAX_U128 - 5n }), 1, { fee: 6n }), 0, { kind: OVERFLOW, position: 1 });
  });

  it("a recipient's balance passing 2^128 − 1", async () => {
    await attack("proveStateTransition", forging((b) => patchAccount(b, 5, { balance: MAX_U128 - ETH + 1n }), 2, { to: 5 }), 0, { kind: OVERFLOW, position: 2 });
  });

  it("a deposit credit passing 2^128 − 1 (no honest batch can process that message: attack only)", async () => {
    const h = await deployHarness("StateTransitionHarness");
    const intents: Intent[] = [{ type: "deposit", to: actor(5).address, amount: 2n * ETH }, ...quietIntents];
    const built = buildHonestBatch(genesisOf(6), intents, loftDomain(CHAIN_ID, h.address));
    const forged = patchAccount(built, 5, { balance: MAX_U128 - ETH }); // its roots no longer matter: position 0 fails first
    const d = await install(h, forged);
    const proof = buildProof("proveStateTransition", d, forged, 0);
    assert.deepEqual(proof.expected, { kind: OVERFLOW, position: 0 });
    const outcome = await send(d, "proveStateTransition", proof.args);
    assert.ok(outcome.convicted);
    assert.deepEqual([outcome.kind, outcome.position], [OVERFLOW, 0]);
  });
});
