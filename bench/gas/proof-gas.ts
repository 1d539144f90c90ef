/**
 * Gas of each fraud-proof kind at its worst case (test/fraud/worst-case-scenarios.ts), sent to a
 * real Rollup v2 (its fallback delegatecalls the module): for each case a fresh Rollup over the
 * 65-account genesis, the case's queue messages appended with deposit() and requestFullExit()
 * (full-exit senders impersonated), the forged batch committed with commitBatches as batch 1, and
 * the proof the challenger's builders make sent by a third party; it must convict with the kind
 * and position the TypeScript reference predicts.
 */
import assert from "node:assert/strict";
import { getBytes, hexlify, JsonRpcSigner, type Contract } from "ethers";
import { ExitList, type BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import { headerTuple, openBatch } from "../../sequencer/fraud/batch-ref.ts";
import { encodeProof, type ProofFunction } from "../../sequencer/fraud/prover-calls.ts";
import { exitRootProof } from "../../sequencer/fraud/roots-proof.ts";
import { rollupInterface } from "../../sequencer/l1/rollup-abi.ts";
import { getChain, type Chain } from "../../test/contracts/hardhat-chain.ts";
import { batchData, evidenceOf, type BatchPlace, type HonestBatch, type PostedBatch } from "../../test/fraud/batch-fixture.ts";
import { batchLeafOf, type Deployed } from "../../test/fraud/fraud-chain.ts";
import { buildProof } from "../../test/fraud/forge.ts";
import { stateRootOf } from "../../test/fraud/state-accessor.ts";
import { exitRootAtLimits, GAS_CAP, genesis65, MAX_QUEUE_MESSAGES, worstCases } from "../../test/fraud/worst-case-scenarios.ts";
import { txGas, type TxGas } from "./tx-gas.ts";

export interface ProofRow {
  fn: ProofFunction;
  note: string;
  gas: TxGas;
  /** Bytes of the batch's posted data. */
  dataBytes: number;
}

const ETH = 10n ** 18n;

let modules: Promise<string[]> | undefined;

/** A Rollup over genesis65 with a posted bond, and where its batch 1 goes (on its genesis batch). */
async function freshRollup(chain: Chain): Promise<{ rollup: Contract; address: string; place: BatchPlace }> {
  modules ??= Promise.all(["StateTransitionProver", "SignatureProver", "RootsProver"].map(async (n) => (await chain.deploy(n)).getAddress()));
  const [sequencer, depositor] = [chain.signers[1]!, chain.signers[2]!];
  const funding = genesis65.reduce((sum, a) => sum + a.balance, 0n);
  const rollup = await chain.deploy("Rollup", [sequencer.address, hexlify(stateRootOf(genesis65)), 3600, 1800, ETH, await modules], funding);
  await (await (rollup.connect(sequencer) as Contract).getFunction("postBond")({ value: ETH })).wait();
  const empty = ExitList.hashTreeRoot([]);
  const parent: BatchHeader = { number: 0, parentRoot: new Uint8Array(32), stateRoot: stateRootOf(genesis65), txRoot: empty, exitRoot: empty, queueCount: 0, timestamp: 0, dataHash: new Uint8Array(32) };
  return { rollup, address: await rollup.getAddress(), place: { parent, timestamp: await chain.now(), depositor: getBytes(depositor.address) } };
}

/** Appends the batch's queue messages to the Rollup's queue, in order. */
async function enqueue(chain: Chain, rollup: Contract, b: PostedBatch): Promise<void> {
  for (const q of b.queue) {
    if (q.amount > 0n) {
      await (await (rollup.connect(chain.signers[2]!) as Contract).getFunction("deposit")(hexlify(q.to), { value: q.amount })).wait();
      continue;
    }
    const sender = hexlify(q.sender);
    await chain.provider.send("hardhat_impersonateAccount", [sender]);
    await chain.setBalance(sender, ETH);
    await (await (rollup.connect(new JsonRpcSigner(chain.provider, sender)) as Contract).getFunction("requestFullExit")()).wait();
    await chain.provider.send("hardhat_stopImpersonatingAccount", [sender]);
  }
}

/** `forged` committed as batch 1 of a fresh Rollup, opened as the challenger opens it. */
async function onRollup(chain: Chain, make: (address: string, place: BatchPlace) => PostedBatch): Promise<{ target: Deployed; forged: PostedBatch }> {
  const { rollup, address, place } = await freshRollup(chain);
  const forged = make(address, place);
  await enqueue(chain, rollup, forged);
  await (await (rollup.connect(chain.signers[1]!) as Contract).getFunction("commitBatches")([headerTuple(forged.header)], [hexlify(batchData(forged))], { gasLimit: GAS_CAP })).wait();
  const batch = openBatch({ ...evidenceOf(forged), commitIndex: 1, batchLeaves: [batchLeafOf(forged)] });
  return { target: { harness: rollup, address, batch }, forged };
}

/** Sends the proof from a third party and checks that it convicts with `expected`. */
async function prove(chain: Chain, target: Deployed, fn: ProofFunction, args: unknown[], expected: { kind: number; position: number }): Promise<TxGas> {
  const tx = await chain.signers[3]!.sendTransaction({ to: target.address, data: encodeProof(fn, args), gasLimit: GAS_CAP });
  const receipt = (await tx.wait())!;
  const proven = receipt.logs.map((l) => rollupInterface().parseLog(l)).find((e) => e?.name === "FraudProven");
  assert.ok(proven, `${fn} emitted no FraudProven`);
  assert.deepEqual({ kind: Number(proven.args.kind), position: Number(proven.args.position) }, expected, `${fn} convicts as the reference predicts`);
  return txGas(chain.provider, tx.hash, { trace: false });
}

export async function measureProofs(): Promise<ProofRow[]> {
  const chain = await getChain();
  const rows: ProofRow[] = [];
  for (const c of worstCases) {
    let honest: HonestBatch | undefined;
    const { target, forged } = await onRollup(chain, (address, place) => {
      const made = c.make(address, place);
      honest = made.honest;
      return made.forged;
    });
    const proof = buildProof(c.fn, target, honest!, c.chunk, c.position);
    assert.deepEqual(proof.expected, c.expected, `${c.name}: the reference predicts the conviction`);
    const gas = await prove(chain, target, c.fn, proof.args, c.expected);
    rows.push({ fn: c.fn, note: c.name.slice(c.name.indexOf(": ") + 2), gas, dataBytes: batchData(forged).length });
  }
  let limits: ReturnType<typeof exitRootAtLimits> | undefined;
  const { target } = await onRollup(chain, (address, place) => (limits = exitRootAtLimits(address, place)).posted);
  const proof = exitRootProof(target.batch);
  const gas = await prove(chain, target, "proveExitRoot", proof.args, { kind: 11, position: 0 });
  rows.push({
    fn: "proveExitRoot", gas, dataBytes: limits!.bytes,
    note: `at the commit limits: ${MAX_QUEUE_MESSAGES} full exits with balances and ${limits!.records} withdrawal records of the largest size (130 bytes), ${limits!.bytes.toLocaleString("en-US")} bytes of data`,
  });
  return rows;
}
