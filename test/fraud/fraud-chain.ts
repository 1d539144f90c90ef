/**
 * Test-only: the fraud modules on Hardhat through their harnesses (contracts/src/fraud/lib/testing),
 * with a posted batch committed as commit 1 and its queue messages in the queue; calls that report
 * whether the proof convicted (and with which kind and position) or how it reverted.
 */
import { hexlify, type Contract } from "ethers";
import { openBatch, type OpenedBatch } from "../../sequencer/fraud/batch-ref.ts";
import { COMMIT_TREE_DEPTH, keccakRoot } from "../../sequencer/fraud/keccak-merkle.ts";
import { chunkLeaf, dataRootOf, tableRootOf } from "../../sequencer/l1/batch-data-root.ts";
import { batchLeaf } from "../../sequencer/l1/withdraw-calldata.ts";
import { encodeProof, moduleInterface, type ProofFunction } from "../../sequencer/fraud/prover-calls.ts";
import { getChain } from "../contracts/hardhat-chain.ts";
import { evidenceOf, type PostedBatch } from "./batch-fixture.ts";

export type HarnessName = "StateTransitionHarness" | "SignatureHarness" | "RootsHarness";
const MODULE = { StateTransitionHarness: "stateTransition", SignatureHarness: "signature", RootsHarness: "roots" } as const;

export interface Deployed {
  harness: Contract;
  address: string;
  batch: OpenedBatch;
}

/** The batch's leaf in its commit (docs/fraud-proofs.md §3). */
export function batchLeafOf(b: PostedBatch): Uint8Array {
  return batchLeaf(b.header, dataRootOf(b.userCount, tableRootOf(b.segments.map(chunkLeaf))));
}

export interface Harness {
  harness: Contract;
  address: string;
}

/** A fresh harness (its address is the EIP-712 verifyingContract the batch's signatures need). */
export async function deployHarness(name: HarnessName): Promise<Harness> {
  const harness = await (await getChain()).deploy(name);
  return { harness, address: await harness.getAddress() };
}

/** Holds `b` as commit 1 (not final for a long while), with its queue and a bond of 2 ETH. */
export async function install(h: Harness, b: PostedBatch): Promise<Deployed> {
  const chain = await getChain();
  const { harness } = h;
  const leaf = batchLeafOf(b);
  const record = {
    batchesRoot: hexlify(keccakRoot([leaf], COMMIT_TREE_DEPTH)), stateRoot: hexlify(b.header.stateRoot),
    firstBatch: b.header.number, lastBatch: b.header.number, committedAt: await chain.now(), queueCount: b.header.queueCount,
  };
  await (await harness.getFunction("setCommit")(1, record, 10_000_000)).wait();
  for (const q of b.queue) await (await harness.getFunction("pushQueue")(hexlify(q.sender), hexlify(q.to), q.amount)).wait();
  await (await harness.getFunction("postBond")({ value: 2n * 10n ** 18n })).wait();
  const evidence = { ...evidenceOf(b), batchLeaves: [leaf] };
  return { ...h, batch: openBatch(evidence) };
}

export type Outcome =
  | { convicted: true; kind: number; chunk: number; position: number; gas: bigint }
  | { convicted: false; error: string };

/** Sends the proof (state kept: a conviction freezes the harness) and reports what happened. */
export async function send(d: Deployed, fn: ProofFunction, args: unknown[]): Promise<Outcome> {
  const chain = await getChain();
  const data = encodeProof(fn, args);
  try {
    await chain.provider.call({ to: d.address, data });
  } catch (error) {
    return { convicted: false, error: errorName(d, fn, error) };
  }
  const tx = await chain.signers[1]!.sendTransaction({ to: d.address, data, gasLimit: 16_000_000 });
  const receipt = (await tx.wait())!;
  const iface = moduleInterface(MODULE[nameOf(fn)] );
  for (const log of receipt.logs) {
    const parsed = iface.parseLog(log);
    if (parsed?.name === "FraudProven") {
      return { convicted: true, kind: Number(parsed.args.kind), chunk: Number(parsed.args.chunk), position: Number(parsed.args.position), gas: receipt.gasUsed };
    }
  }
  throw new Error("the proof did not revert but emitted no FraudProven");
}

/** Whether the proof would convict, without sending it (eth_call): the error name when it reverts. */
export async function check(d: Deployed, fn: ProofFunction, args: unknown[]): Promise<string> {
  const chain = await getChain();
  try {
    await chain.provider.call({ to: d.address, data: encodeProof(fn, args) });
    return "convicts";
  } catch (error) {
    return errorName(d, fn, error);
  }
}

const nameOf = (fn: ProofFunction): HarnessName =>
  fn === "proveStateTransition" ? "StateTransitionHarness" : fn === "proveSignature" ? "SignatureHarness" : "RootsHarness";

function errorName(_d: Deployed, fn: ProofFunction, error: unknown): string {
  const data = (error as { data?: string; info?: { error?: { data?: string } } }).data ?? (error as { info?: { error?: { data?: string } } }).info?.error?.data;
  if (typeof data !== "string" || data === "0x") return `revert without data (${(error as Error).message.slice(0, 120)})`;
  const parsed = moduleInterface(MODULE[nameOf(fn)]).parseError(data);
  return parsed ? parsed.name : `unknown error ${data.slice(0, 10)}`;
}
