/** The on-chain SSZ roots (LoftSsz on the SHA-256 precompile) against @chainsafe/ssz, the reference. */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { getAddress, hexlify, type Contract } from "ethers";
import { Account, BatchHeader, Withdrawal } from "../../sequencer/protocol/ssz-types.ts";
import { bytes, nonce, runs, seed, uint128Edges } from "../protocol/arbitraries.ts";
import { getChain } from "./hardhat-chain.ts";
import { exitProof, exitRoot, headerTuple, stateProof, stateRoot } from "./ssz-lists.ts";

const addressOf = (b: Uint8Array) => getAddress(hexlify(b));
const withdrawalArb = fc.record({ recipient: bytes(20), amount: uint128Edges });
const accountArb = fc.record({ address: bytes(20), balance: uint128Edges, nonce });
const headerArb = fc.record({
  number: nonce, parentRoot: bytes(32), stateRoot: bytes(32), txRoot: bytes(32),
  exitRoot: bytes(32), queueCount: nonce, timestamp: nonce, dataHash: bytes(32),
});

describe("on-chain SSZ roots match @chainsafe/ssz", () => {
  let ssz: Contract;
  before(async () => {
    ssz = await (await getChain()).deploy("SszHarness");
  });

  it("Withdrawal leaf", async () => {
    await fc.assert(fc.asyncProperty(withdrawalArb, async (w) => {
      assert.equal(await ssz.getFunction("withdrawalLeaf")(addressOf(w.recipient), w.amount), hexlify(Withdrawal.hashTreeRoot(w)));
    }), { seed, numRuns: runs(200) });
  });

  it("Account leaf", async () => {
    await fc.assert(fc.asyncProperty(accountArb, async (a) => {
      assert.equal(await ssz.getFunction("accountLeaf")(addressOf(a.address), a.balance, a.nonce), hexlify(Account.hashTreeRoot(a)));
    }), { seed, numRuns: runs(200) });
  });

  it("BatchHeader root, and the genesis header", async () => {
    await fc.assert(fc.asyncProperty(headerArb, async (h) => {
      assert.equal(await ssz.getFunction("headerRoot")(headerTuple(h)), hexlify(BatchHeader.hashTreeRoot(h)));
    }), { seed, numRuns: runs(200) });
    const state = stateRoot([]);
    const genesis = { number: 0, parentRoot: new Uint8Array(32), stateRoot: state, txRoot: exitRoot([]), exitRoot: exitRoot([]), queueCount: 0, timestamp: 0, dataHash: new Uint8Array(32) };
    assert.equal(await ssz.getFunction("genesisHeaderRoot")(hexlify(state)), hexlify(BatchHeader.hashTreeRoot(genesis)));
  });

  it("List[Withdrawal, 2^16] root from a branch, any index of any list", async () => {
    const arb = fc.array(withdrawalArb, { minLength: 1, maxLength: 40 }).chain((exits) => fc.tuple(fc.constant(exits), fc.nat(exits.length - 1)));
    await fc.assert(fc.asyncProperty(arb, async ([exits, index]) => {
      const proof = exitProof(exits, index);
      const w = exits[index]!;
      const root = await ssz.getFunction("exitListRoot")(addressOf(w.recipient), w.amount, index, proof.length, proof.branch.map((n) => hexlify(n)));
      assert.equal(root, hexlify(proof.root));
    }), { seed, numRuns: runs(100) });
  });

  it("List[Account, 2^32] root from a branch, any index of any list", async () => {
    const arb = fc.array(accountArb, { minLength: 1, maxLength: 40 }).chain((accounts) => fc.tuple(fc.constant(accounts), fc.nat(accounts.length - 1)));
    await fc.assert(fc.asyncProperty(arb, async ([accounts, index]) => {
      const proof = stateProof(accounts, index);
      const a = accounts[index]!;
      const root = await ssz.getFunction("stateListRoot")(addressOf(a.address), a.balance, a.nonce, index, proof.length, proof.branch.map((n) => hexlify(n)));
      assert.equal(root, hexlify(proof.root));
    }), { seed, numRuns: runs(100) });
  });
});
