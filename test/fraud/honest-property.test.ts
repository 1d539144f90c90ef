/**
 * The property of docs/fraud-proofs.md §4, "an honest batch can never be proven wrong": random
 * honest batches (deposits to new and existing accounts, full exits, transfers by index and to new
 * addresses, withdrawals, generated with the reference executor) are NoFraud under every proof
 * kind, and the TypeScript reference agrees.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { loftDomain } from "../../sequencer/protocol/eip712.ts";
import { exitRootProof, txRootProof } from "../../sequencer/fraud/roots-proof.ts";
import { signatureProof, signatureProofAt } from "../../sequencer/fraud/signature-proof.ts";
import { stateTransitionProof } from "../../sequencer/fraud/state-transition-proof.ts";
import { runs, seed } from "../protocol/arbitraries.ts";
import type { Account } from "../../sequencer/protocol/ssz-types.ts";
import { encodeBatchData } from "../../sequencer/batch-data/encode-batch-data.ts";
import { Transaction } from "../../sequencer/protocol/ssz-types.ts";
import { actor, batchData, buildHonestBatch, type HonestBatch, type Intent } from "./batch-fixture.ts";
import { check, deployHarness, install } from "./fraud-chain.ts";
import { CHAIN_ID, ETH } from "./scenario.ts";
import { stateAccessor } from "./state-accessor.ts";

const who = fc.integer({ min: 0, max: 14 });
/** Senders mostly among the genesis accounts, so that most transfers are valid. */
const sender = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: who });
const amount = fc.oneof(fc.bigInt({ min: 0n, max: 3n * ETH }), fc.constantFrom(0n, 1n, 10n ** 17n, 5n * 10n ** 18n));
const fee = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 15n }));

export const intentArb: fc.Arbitrary<Intent> = fc.oneof(
  fc.record({ type: fc.constant("deposit" as const), to: who.map((i) => actor(i).address), amount: fc.bigInt({ min: 1n, max: 10n * ETH }) }),
  fc.record({ type: fc.constant("fullExit" as const), sender: who.map((i) => actor(i).address) }),
  fc.record({ type: fc.constant("transfer" as const), from: sender.map(actor), to: fc.integer({ min: 0, max: 20 }).map((i) => actor(i).address), amount, fee }),
  fc.record({ type: fc.constant("withdraw" as const), from: sender.map(actor), to: who.map((i) => actor(100 + i).address), amount, fee }),
);

export const genesisArb: fc.Arbitrary<Account[]> = fc
  .array(fc.bigInt({ min: 0n, max: 200n * ETH }), { minLength: 6, maxLength: 9 })
  .map((balances) => balances.map((balance, i) => ({ address: actor(i).address, balance, nonce: i })));

describe("random honest batches are never proven wrong", () => {
  it("under proveStateTransition, proveSignature, proveTxRoot and proveExitRoot", async () => {
    const [st, sig, roots] = await Promise.all([deployHarness("StateTransitionHarness"), deployHarness("SignatureHarness"), deployHarness("RootsHarness")]);
    const domain = loftDomain(CHAIN_ID, sig.address);
    let parentNumber = 10;
    const shapes: string[] = [];
    await fc.assert(
      fc.asyncProperty(genesisArb, fc.array(intentArb, { minLength: 1, maxLength: 110, size: "max" }), fc.nat(), async (genesis, intents, pick) => {
        const first: Intent = { type: "deposit", to: actor(pick % 20).address, amount: ETH }; // a batch has a position
        const honest = buildHonestBatch(genesis, [first, ...intents], domain, { parentNumber, queueBase: await queueLength(st.harness) });
        parentNumber += 2;
        shapes.push(`${honest.queue.length}+${honest.userCount}`);
        assert.deepEqual(nodeEncoding(genesis, honest), batchData(honest), "the node's encoder writes the same data");
        const [onSt, onSig, onRoots] = [await install(st, honest), await install(sig, honest), await install(roots, honest)];
        for (let c = 0; c < honest.segments.length; c++) {
          const pre = stateAccessor(honest.preStates[c]!);
          const previous = c > 0 ? honest.roots[c - 1] : undefined;
          const chunk = stateTransitionProof(onSt.batch, c, pre, previous);
          assert.equal(chunk.finding.fraud, undefined);
          assert.equal(await check(onSt, "proveStateTransition", chunk.args), "NoFraud");
          assert.equal(signatureProof(onSig.batch, c, pre, domain, previous), undefined);
          const w = { start: 32 * c, end: Math.min(32 * c + 32, honest.queue.length + honest.userCount) };
          const users = Array.from({ length: w.end - w.start }, (_, i) => w.start + i).filter((p) => p >= honest.queue.length);
          if (users.length > 0) {
            const at = signatureProofAt(onSig.batch, c, users[pick % users.length]!, pre, previous);
            assert.ok(at);
            assert.equal(await check(onSig, "proveSignature", at.args), "NoFraud");
          }
        }
        const tx = txRootProof(onRoots.batch, honest.roots);
        assert.equal(tx.fraud, undefined);
        assert.equal(await check(onRoots, "proveTxRoot", tx.args), "NoFraud");
        const exit = exitRootProof(onRoots.batch);
        assert.equal(exit.fraud, undefined);
        assert.equal(await check(onRoots, "proveExitRoot", exit.args), "NoFraud");
      }),
      { seed, numRuns: runs(20) },
    );
    console.log(`# batches (Q+U): ${shapes.join(" ")}`);
  });
});

async function queueLength(harness: { getFunction(name: string): (...args: unknown[]) => Promise<unknown> }): Promise<number> {
  const chain = (await harness.getFunction("chain")()) as { queueLength: bigint };
  return Number(chain.queueLength);
}

/** The batch as the node's own encoder (sequencer/batch-data) writes it from the executed transactions. */
function nodeEncoding(genesis: Account[], b: HonestBatch): Uint8Array {
  const hex = (a: Uint8Array) => Buffer.from(a).toString("hex");
  const index = new Map(genesis.map((a, i) => [hex(a.address), i]));
  const included = Uint8Array.from(b.txs.flatMap((t) => [...Transaction.serialize(t)]));
  const chunkEntries = Uint8Array.from(b.segments.flatMap((s) => [...s.entry]));
  return encodeBatchData({ included, queueMessages: b.queue.length, chunkEntries }, { accountCount: genesis.length, indexOf: (a) => index.get(hex(a)) });
}
