/**
 * Proofs of an honest batch with mutated inputs (witness values, indices, multiproof nodes, the
 * account count, branches, preimages, chunk bytes) never convict it: each reverts, with the error
 * of the input it breaks or NoFraud (docs/fraud-proofs.md §4: a malformed proof reverts).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { exitRootProof, txRootProof } from "../../sequencer/fraud/roots-proof.ts";
import { signatureProofAt } from "../../sequencer/fraud/signature-proof.ts";
import { stateTransitionProof } from "../../sequencer/fraud/state-transition-proof.ts";
import type { ProofFunction } from "../../sequencer/fraud/prover-calls.ts";
import { runs, seed } from "../protocol/arbitraries.ts";
import type { HonestBatch } from "./batch-fixture.ts";
import { check, deployHarness, install, type Deployed } from "./fraud-chain.ts";
import { mixedBatch } from "./scenario.ts";
import { stateAccessor } from "./state-accessor.ts";

type Json = Record<string, unknown>;
type Mutation = (args: unknown[], pick: number) => void;

/** Flips one bit of byte `pick` of a 0x-hex string. */
function flip(hex: string, pick: number): string {
  const bytes = Buffer.from(hex.slice(2), "hex");
  if (bytes.length === 0) return "0x00";
  bytes[pick % bytes.length]! ^= 1 << (pick % 8);
  return "0x" + bytes.toString("hex");
}
const at = <T>(list: T[], pick: number) => pick % list.length;
const witnesses = (args: unknown[], i: number) => args[i] as Json[];
const proofOf = (args: unknown[], i: number) => args[i] as { length: number; nodes: string[] };

/** Mutations of the refs every proof starts with (argument 0). */
const refMutations: Record<string, Mutation> = {
  commitBranch: (a, p) => { const b = (a[0] as Json).commitBranch as string[]; b[at(b, p)] = flip(b[at(b, p)]!, p); },
  tableRoot: (a, p) => { (a[0] as Json).tableRoot = flip((a[0] as Json).tableRoot as string, p); },
  userCount: (a) => { (a[0] as Json).userCount = ((a[0] as Json).userCount as number) + 1; },
  headerStateRoot: (a, p) => { const h = (a[0] as Json).header as Json; h.stateRoot = flip(h.stateRoot as string, p); },
};

/** Mutations of the chunk proofs' chunk ref, pre-state and witnesses (their indices in the args). */
function chunkMutations(accountsAt: number, proofAt: number): Record<string, Mutation> {
  return {
    ...refMutations,
    chunkBranch: (a, p) => { const b = (a[1] as Json).branch as string[]; b[at(b, p)] = flip(b[at(b, p)]!, p); },
    chunkEntry: (a, p) => { (a[1] as Json).entry = flip((a[1] as Json).entry as string, p); },
    chunkData: (a, p) => { (a[1] as Json).data = flip((a[1] as Json).data as string, p); },
    chunkIndex: (a) => { (a[1] as Json).index = 1 - ((a[1] as Json).index as number); },
    preStateRoot: (a, p) => { (a[2] as Json).stateRoot = flip((a[2] as Json).stateRoot as string, p); },
    preTxSubtree: (a, p) => { (a[2] as Json).txSubtree = flip((a[2] as Json).txSubtree as string, p); },
    witnessBalance: (a, p) => { const w = witnesses(a, accountsAt)[at(witnesses(a, accountsAt), p)]!; w.balance = (w.balance as bigint) + 1n + BigInt(p % 3); },
    witnessNonce: (a, p) => { const w = witnesses(a, accountsAt)[at(witnesses(a, accountsAt), p)]!; w.nonce = (w.nonce as bigint) + 1n; },
    witnessAddress: (a, p) => { const w = witnesses(a, accountsAt)[at(witnesses(a, accountsAt), p)]!; w.addr = flip(w.addr as string, p); },
    witnessIndex: (a, p) => { const w = witnesses(a, accountsAt)[at(witnesses(a, accountsAt), p)]!; w.index = (w.index as number) + (p % 2 === 0 ? 1 : -1); },
    witnessDropped: (a, p) => { witnesses(a, accountsAt).splice(at(witnesses(a, accountsAt), p), 1); },
    witnessesSwapped: (a) => { witnesses(a, accountsAt).reverse(); },
    node: (a, p) => { const n = proofOf(a, proofAt).nodes; n[at(n, p)] = flip(n[at(n, p)]!, p); },
    nodeDropped: (a, p) => { const n = proofOf(a, proofAt).nodes; n.splice(at(n, p), 1); },
    nodeAdded: (a, p) => { proofOf(a, proofAt).nodes.push("0x" + (p % 256).toString(16).padStart(2, "0").repeat(32)); },
    length: (a, p) => { proofOf(a, proofAt).length += p % 2 === 0 ? 1 : -1; },
  };
}

/** Mutations of proveSignature's [ref, entry, position, transaction, branch]. */
const tx = (a: unknown[]) => a[3] as Json;
const signatureMutations: Record<string, Mutation> = {
  ...refMutations,
  entryStateRoot: (a, p) => { (a[1] as Json).stateRoot = flip((a[1] as Json).stateRoot as string, p); },
  entryTxSubtree: (a, p) => { (a[1] as Json).txSubtree = flip((a[1] as Json).txSubtree as string, p); },
  entryChunkHash: (a, p) => { (a[1] as Json).chunkHash = flip((a[1] as Json).chunkHash as string, p); },
  entryBranch: (a, p) => { const b = (a[1] as Json).branch as string[]; b[at(b, p)] = flip(b[at(b, p)]!, p); },
  position: (a, p) => { a[2] = (a[2] as number) + 1 + (p % 40); },
  positionBack: (a, p) => { a[2] = Math.max(0, (a[2] as number) - 1 - (p % 12)); },
  kind: (a, p) => { tx(a).kind = [1 - (tx(a).kind as number), 2, 3][p % 3]; },
  from: (a, p) => { tx(a).from = flip(tx(a).from as string, p); },
  to: (a, p) => { tx(a).to = flip(tx(a).to as string, p); },
  amount: (a, p) => { tx(a).amount = (tx(a).amount as bigint) + 1n + BigInt(p % 5); },
  fee: (a) => { tx(a).fee = (tx(a).fee as bigint) + 1n; },
  nonce: (a, p) => { tx(a).nonce = (tx(a).nonce as bigint) + (p % 2 === 0 ? 1n : -1n); },
  v: (a) => { tx(a).v = 55 - (tx(a).v as number); },
  r: (a, p) => { tx(a).r = flip(tx(a).r as string, p); },
  s: (a, p) => { tx(a).s = flip(tx(a).s as string, p); },
  branch: (a, p) => { const b = a[4] as string[]; b[at(b, p)] = flip(b[at(b, p)]!, p); },
};

const tableMutations: Record<string, Mutation> = {
  ...refMutations,
  entry: (a, p) => { const e = a[1] as string[]; e[at(e, p)] = flip(e[at(e, p)]!, p); },
  entryDropped: (a) => { (a[1] as string[]).pop(); },
};
const txRootMutations: Record<string, Mutation> = {
  ...tableMutations,
  chunkHash: (a, p) => { const e = a[2] as string[]; e[at(e, p)] = flip(e[at(e, p)]!, p); },
  stateRoot: (a, p) => { const e = a[3] as string[]; e[at(e, p)] = flip(e[at(e, p)]!, p); },
  txSubtree: (a, p) => { const e = a[4] as string[]; e[at(e, p)] = flip(e[at(e, p)]!, p); },
};
const exitRootMutations: Record<string, Mutation> = {
  ...tableMutations,
  chunk: (a, p) => { const e = a[2] as string[]; e[at(e, p)] = flip(e[at(e, p)]!, p); },
};

async function neverConvicts(d: Deployed, fn: ProofFunction, build: (chunk: number) => unknown[], mutations: Record<string, Mutation>, chunks: number) {
  const seen = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...Object.keys(mutations)), fc.nat({ max: 10_000 }), fc.nat({ max: chunks - 1 }), async (name, pick, chunk) => {
      const args = structuredClone(build(chunk));
      mutations[name]!(args, pick);
      let outcome: string;
      try {
        outcome = await check(d, fn, args);
      } catch {
        outcome = "not encodable"; // e.g. a negative index: ethers refuses it, nothing is sent
      }
      seen.set(`${name} → ${outcome}`, (seen.get(`${name} → ${outcome}`) ?? 0) + 1);
      assert.notEqual(outcome, "convicts", `${name} (pick ${pick}, chunk ${chunk}) convicted an honest batch`);
    }),
    { seed, numRuns: runs(60) },
  );
  console.log(`# ${fn}: ${[...seen.keys()].sort().join("; ")}`);
}

describe("mutated proofs of an honest batch never convict it", () => {
  let honest: HonestBatch;
  let st: Deployed;
  let sig: Deployed;
  let roots: Deployed;
  const previous = (c: number) => (c > 0 ? honest.roots[c - 1] : undefined);

  before(async () => {
    const s = await deployHarness("SignatureHarness");
    honest = mixedBatch(s.address, 40);
    sig = await install(s, honest);
    st = await install(await deployHarness("StateTransitionHarness"), honest);
    roots = await install(await deployHarness("RootsHarness"), honest);
  });

  it("proveStateTransition", async () => {
    const build = (c: number) => stateTransitionProof(st.batch, c, stateAccessor(honest.preStates[c]!), previous(c)).args;
    await neverConvicts(st, "proveStateTransition", build, chunkMutations(3, 4), honest.segments.length);
  });

  it("proveSignature", async () => {
    const build = (c: number) => signatureProofAt(sig.batch, c, c === 0 ? 9 : 33, stateAccessor(honest.preStates[c]!), previous(c))!.args;
    await neverConvicts(sig, "proveSignature", build, signatureMutations, honest.segments.length);
  });

  it("proveTxRoot", async () => {
    await neverConvicts(roots, "proveTxRoot", () => txRootProof(roots.batch, honest.roots).args, txRootMutations, 1);
  });

  it("proveExitRoot", async () => {
    await neverConvicts(roots, "proveExitRoot", () => exitRootProof(roots.batch).args, exitRootMutations, 1);
  });
});
