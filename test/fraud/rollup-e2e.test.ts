/**
 * The fraud modules behind a real Rollup (docs/fraud-proofs.md §5): batches committed with
 * commitBatches, queue messages from deposit() and requestFullExit(), proofs sent to the Rollup's
 * address (its fallback delegatecalls the module, so signatures verify under the Rollup's EIP-712
 * domain and the queue is the Rollup's). The honest batch is NoFraud under every proof; a later
 * forged one is proven wrong, which pays the prover half the bond and freezes the rollup.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { getBytes, hexlify, type Contract } from "ethers";
import { loftDomain } from "../../sequencer/protocol/eip712.ts";
import { ExitList, type BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import { openBatch, headerTuple, type OpenedBatch } from "../../sequencer/fraud/batch-ref.ts";
import { encodeProof } from "../../sequencer/fraud/prover-calls.ts";
import { rollupInterface } from "../../sequencer/l1/rollup-abi.ts";
import { exitRootProof, txRootProof } from "../../sequencer/fraud/roots-proof.ts";
import { signatureProof, signatureProofAt } from "../../sequencer/fraud/signature-proof.ts";
import { stateTransitionProof } from "../../sequencer/fraud/state-transition-proof.ts";
import { getChain, type Chain } from "../contracts/hardhat-chain.ts";
import type { ChunkEntry, RecordEntry } from "./chunk-encoder.ts";
import { actor, batchData, buildHonestBatch, evidenceOf, withExecutedChunk, type HonestBatch, type PostedBatch } from "./batch-fixture.ts";
import { batchLeafOf } from "./fraud-chain.ts";
import { CHAIN_ID, ETH, genesisOf } from "./scenario.ts";
import { stateAccessor, stateRootOf } from "./state-accessor.ts";

describe("fraud proofs through a Rollup", () => {
  let chain: Chain;
  let rollup: Contract;
  let address: string;
  let honest: HonestBatch;
  let opened: OpenedBatch;

  const call = (data: string) => chain.provider.call({ to: address, data, from: chain.signers[3]!.address }).then(() => "convicts", (e: { data?: string }) => rollupInterface().parseError(e.data ?? "0x")?.name ?? "revert");

  before(async () => {
    chain = await getChain();
    const sequencer = chain.signers[1]!;
    const user = chain.signers[2]!;
    const modules = await Promise.all(["StateTransitionProver", "SignatureProver", "RootsProver"].map(async (n) => (await chain.deploy(n)).getAddress()));
    const genesis = [...genesisOf(6), { address: getBytes(user.address), balance: 4n * ETH, nonce: 0 }];
    const funding = genesis.reduce((sum, a) => sum + a.balance, 0n);
    rollup = await chain.deploy("Rollup", [sequencer.address, hexlify(stateRootOf(genesis)), 3600, 1800, ETH, modules], funding);
    address = await rollup.getAddress();
    await (await (rollup.connect(sequencer) as Contract).getFunction("postBond")({ value: 2n * ETH })).wait();
    await (await (rollup.connect(user) as Contract).getFunction("deposit")(hexlify(actor(20).address), { value: 3n * ETH })).wait();
    await (await (rollup.connect(user) as Contract).getFunction("requestFullExit")()).wait();
    const empty = ExitList.hashTreeRoot([]); // hash_tree_root of any empty List[_, 2^16]
    const genesisHeader: BatchHeader = {
      number: 0, parentRoot: new Uint8Array(32), stateRoot: stateRootOf(genesis), txRoot: empty, exitRoot: empty,
      queueCount: 0, timestamp: 0, dataHash: new Uint8Array(32),
    };
    honest = buildHonestBatch(genesis, [
      { type: "deposit", to: actor(20).address, amount: 3n * ETH },
      { type: "fullExit", sender: getBytes(user.address) },
      { type: "transfer", from: actor(1), to: actor(20).address, amount: ETH, fee: 5n },
      { type: "transfer", from: actor(20), to: actor(25).address, amount: ETH, fee: 5n },
      { type: "withdraw", from: actor(2), to: actor(30).address, amount: ETH, fee: 5n },
    ], loftDomain(CHAIN_ID, address), { parent: genesisHeader, timestamp: await chain.now(), depositor: getBytes(user.address) });
    await commit(honest);
    opened = openBatch({ ...evidenceOf(honest), commitIndex: 1, batchLeaves: [batchLeafOf(honest)] });
  });

  async function commit(b: PostedBatch) {
    const asSequencer = rollup.connect(chain.signers[1]!) as Contract;
    await (await asSequencer.getFunction("commitBatches")([headerTuple(b.header)], [hexlify(batchData(b))])).wait();
  }

  it("an honest committed batch is NoFraud under every proof", async () => {
    const pre = stateAccessor(honest.preStates[0]!);
    const domain = loftDomain(CHAIN_ID, address);
    assert.equal(stateTransitionProof(opened, 0, pre).finding.fraud, undefined);
    assert.equal(await call(encodeProof("proveStateTransition", stateTransitionProof(opened, 0, pre).args)), "NoFraud");
    assert.equal(signatureProof(opened, 0, pre, domain), undefined);
    for (const position of [2, 3, 4]) assert.equal(await call(encodeProof("proveSignature", signatureProofAt(opened, 0, position, pre)!.args)), "NoFraud");
    assert.equal(await call(encodeProof("proveTxRoot", txRootProof(opened, honest.roots).args)), "NoFraud");
    assert.equal(await call(encodeProof("proveExitRoot", exitRootProof(opened).args)), "NoFraud");
  });

  it("a forged signature in the next commit is proven wrong: FraudProven, half the bond to the prover, frozen", async () => {
    const domain = loftDomain(CHAIN_ID, address);
    const next = buildHonestBatch(honest.postStates.at(-1)!, [
      { type: "transfer", from: actor(3), to: actor(4).address, amount: ETH, fee: 1n },
      { type: "transfer", from: actor(4), to: actor(26).address, amount: ETH, fee: 1n },
    ], domain, { parent: honest.header, timestamp: await chain.now() });
    const entries = next.entries[0]!.map((e, i): ChunkEntry => {
      if (i !== 1) return e;
      const rec = (e as { record: RecordEntry }).record;
      const signature = Uint8Array.from(rec.signature);
      signature[40] = signature[40]! ^ 0x10;
      return { record: { ...rec, signature } };
    });
    const forged = withExecutedChunk(next, 0, entries);
    await commit(forged);
    const batch = openBatch({ ...evidenceOf(forged), commitIndex: 2, batchLeaves: [batchLeafOf(forged)] });
    const proof = signatureProof(batch, 0, stateAccessor(next.preStates[0]!), domain);
    assert.equal(proof?.position, 1);
    const prover = chain.signers[3]!;
    const before = await chain.balance(prover.address);
    const receipt = (await (await prover.sendTransaction({ to: address, data: encodeProof("proveSignature", proof.args), gasLimit: 16_000_000 })).wait())!;
    const events = receipt.logs.map((l) => rollupInterface().parseLog(l)).filter((e) => e !== null);
    const proven = events.find((e) => e.name === "FraudProven")!;
    assert.deepEqual([Number(proven.args.batch), Number(proven.args.kind), Number(proven.args.position), BigInt(proven.args.reward)], [2, 9, 1, ETH]);
    assert.ok(events.some((e) => e.name === "Frozen"));
    assert.equal(await chain.balance(prover.address), before + ETH - receipt.gasUsed * receipt.gasPrice);
    assert.equal((await rollup.getFunction("chain")()).frozen, true);
  });
});

