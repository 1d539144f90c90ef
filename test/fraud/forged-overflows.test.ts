/**
 * Overflow (docs/fraud-proofs.md §4, kind 6) beyond amount + fee: a sender at nonce 2^64 − 1, a fee
 * account and a recipient whose credit would pass 2^128 − 1. Accounts the honest batch never
 * touches carry those values (patchAccount), so the honest batch stays honest and NoFraud.
 */
import { describe, it } from "node:test";
import { loftDomain } from "../../sequencer/protocol/eip712.ts";
import type { ChunkEntry, RecordEntry } from "./chunk-encoder.ts";
import { actor, buildHonestBatch, patchAccount, withChunk, type HonestBatch, type Intent } from "./batch-fixture.ts";
import { attack } from "./forge.ts";
import { CHAIN_ID, ETH, genesisOf } from "./scenario.ts";

const OVERFLOW = 6;
const MAX_U128 = (1n << 128n) - 1n;

/** Transfers among accounts 1–3 without fees: accounts 0 (fees), 4 and 5 stay untouched. */
function quietBatch(address: string): HonestBatch {
  const intents: Intent[] = [
    { type: "transfer", from: actor(1), to: actor(2).address, amount: ETH, fee: 0n },
    { type: "transfer", from: actor(2), to: actor(3).address, amount: ETH, fee: 0n },
    { type: "transfer", from: actor(3), to: actor(1).address, amount: ETH, fee: 0n },
  ];
  return buildHonestBatch(genesisOf(6), intents, loftDomain(CHAIN_ID, address));
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
});
