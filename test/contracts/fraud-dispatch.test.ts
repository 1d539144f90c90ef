/**
 * The Rollup's fallback delegatecalls each prover selector to its module (docs/fraud-proofs.md §5),
 * and FraudProofBase's checks of a BatchRef, ChunkRef and PreState (§4) run on the Rollup's storage,
 * exercised through the TestFraudModule.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { hexlify, randomBytes, type Contract } from "ethers";
import { CHALLENGE_WINDOW, deployRollup, expectError, type RollupFixture } from "./rollup-fixture.ts";
import { FRAUD, HONEST, PROBE, chunkRef, preState, prover, provableData, signatureArgs, stateTransitionArgs, type ProvableData } from "./fraud-calls.ts";

const ETH = 10n ** 18n;
type Tuple = Record<string, unknown>;
const withField = (tuple: unknown, field: string, value: unknown) => ({ ...(tuple as Tuple), [field]: value });

/**
 * q0: users[5] deposits 5 ETH to users[3]; q1: users[5] asks for a full exit. Commit 1 holds
 * batches 1–3: batch 1 processes q0, q1 and 70 user transactions (72 positions: 3 chunks, whose
 * first bytes are honest, probe, fraud), batch 2 one (a probe), batch 3 33 (2 chunks, honest).
 */
async function scenario() {
  const f = await deployRollup();
  await (await f.rollup.getFunction("deposit")(f.users[3]!.address, { value: 5n * ETH })).wait();
  await (await f.rollup.getFunction("requestFullExit")()).wait();
  const bytes = [HONEST, PROBE, FRAUD];
  await f.commitMany([
    { queueCount: 2, data: provableData(2, 70, (c) => bytes[c]!) },
    { data: provableData(0, 1, () => PROBE) },
    { data: provableData(0, 33) },
  ]);
  return { f, p: await prover(f) };
}

describe("fraud module dispatch", () => {
  it("each selector reaches its own module with the calldata intact; others revert UnknownFunction", async () => {
    const probes: string[] = [];
    const f0 = await deployRollup();
    for (const id of [0, 1, 2]) probes.push(await (await f0.chain.deploy("RoutingProbe", [id])).getAddress());
    const f = await deployRollup({ modules: probes as [string, string, string] });
    const probe = await f.chain.deploy("RoutingProbe", [9]);
    const rollup = await f.rollup.getAddress();
    const selector = (name: string) => f0.module.interface.getFunction(name)!.selector;
    const routes: Array<[string, number]> = [
      [selector("proveStateTransition"), 0],
      [selector("proveSignature"), 1],
      [selector("proveTxRoot"), 2],
      [selector("proveExitRoot"), 2],
    ];
    for (const [sel, id] of routes) {
      const data = sel + "ab".repeat(100);
      const args = await expectError(f.users[6]!.call({ to: rollup, data }), probe.interface, "Routed");
      assert.deepEqual(args, [BigInt(id), sel, 104n], sel);
    }
    assert.deepEqual(await expectError(f.users[6]!.call({ to: rollup, data: "0x12345678" }), f.rollup.interface, "UnknownFunction"), ["0x12345678"]);
    assert.deepEqual(await expectError(f.users[6]!.call({ to: rollup, data: "0x" }), f.rollup.interface, "UnknownFunction"), ["0x00000000"]);
  });

  it("NoFraud from every module for an honest batch", async () => {
    const { f, p } = await scenario();
    await expectError(p.getFunction("proveStateTransition").staticCall(...stateTransitionArgs(f, 1, 0)), p.interface, "NoFraud");
    await expectError(p.getFunction("proveSignature").staticCall(...signatureArgs(f, 1, 0, 3)), p.interface, "NoFraud");
    await expectError(p.getFunction("proveTxRoot").staticCall(f.batchRef(2), [], [], [], []), p.interface, "NoFraud");
    await expectError(p.getFunction("proveExitRoot").staticCall(f.batchRef(3), [], []), p.interface, "NoFraud");
  });
});

describe("FraudProofBase checks", () => {
  let f: RollupFixture;
  let p: Contract;
  before(async () => {
    ({ f, p } = await scenario());
  });
  const st = (args: unknown[]) => p.getFunction("proveStateTransition").staticCall(...args);
  const refused = (args: unknown[], name: string) => expectError(st(args), p.interface, name);
  const withRef = (args: unknown[], field: string, value: unknown) => [withField(args[0], field, value), ...args.slice(1)];

  it("_openBatch: n = ceil((Q + U) / 32) and chunk 0's pre-state is the parent's stateRoot", async () => {
    const args = stateTransitionArgs(f, 1, 1);
    assert.deepEqual(await refused(args, "Probe"), [3n, hexlify((f.batches[1]!.data as ProvableData).stateRoots[0]!)]);
    assert.deepEqual(await refused(stateTransitionArgs(f, 2, 0), "Probe"), [1n, hexlify(f.batches[1]!.header.stateRoot)]);
    const data = f.batches[1]!.data as ProvableData;
    // chunk 0 marked as a probe: the same batch with chunk 0 read as chunk 1's bytes is not in the table
    assert.deepEqual(await refused([args[0], { ...chunkRef(data, 0), data: chunkRef(data, 1).data }, args[2], [], args[4]], "InvalidChunkBranch"), [0n]);
  });

  it("_openBatch: an unknown or removed commit, the genesis, a final commit", async () => {
    const args = stateTransitionArgs(f, 1, 0);
    assert.deepEqual(await refused(withRef(args, "commitIndex", 2), "UnknownCommit"), [2n, 2n]);
    assert.deepEqual(await refused(withRef(args, "commitIndex", 0), "CommitFinal"), [0n, 0n]);
  });

  it("_openBatch: a batch outside the commit, a wrong commit branch, U or tableRoot", async () => {
    const args = stateTransitionArgs(f, 2, 0);
    const ref = args[0] as Tuple;
    assert.deepEqual(await refused(withRef(args, "header", withField(ref.header, "number", 4)), "BatchNotInCommit"), [4n, 1n, 3n]);
    assert.deepEqual(await refused(withRef(args, "header", withField(ref.header, "stateRoot", hexlify(randomBytes(32)))), "InvalidCommitBranch"), [1n, 2n]);
    const branch = [...(ref.commitBranch as string[])];
    branch[0] = hexlify(randomBytes(32));
    assert.deepEqual(await refused(withRef(args, "commitBranch", branch), "InvalidCommitBranch"), [1n, 2n]);
    await refused(withRef(args, "userCount", 2), "InvalidCommitBranch");
    await refused(withRef(args, "tableRoot", hexlify(randomBytes(32))), "InvalidCommitBranch");
    // batch 1's ref under batch 2's position
    await refused(withRef(stateTransitionArgs(f, 1, 0), "commitBranch", ref.commitBranch), "InvalidCommitBranch");
  });

  it("_openBatch: a parent that is not the batch before", async () => {
    const args = stateTransitionArgs(f, 3, 0);
    const ref = args[0] as Tuple;
    assert.deepEqual(await refused(withRef(args, "parent", (f.batchRef(2) as Tuple).parent), "InvalidParentHeader"), [3n]);
    await refused(withRef(args, "parent", withField(ref.parent, "queueCount", 0)), "InvalidParentHeader");
  });

  it("_requireChunk: an index at or past n, a wrong entry, bytes or branch", async () => {
    const args = stateTransitionArgs(f, 3, 1);
    const chunk = args[1] as Tuple;
    assert.deepEqual(await refused([args[0], withField(chunk, "index", 2), ...args.slice(2)], "ChunkIndexOutOfRange"), [2n, 2n]);
    assert.deepEqual(await refused([args[0], withField(chunk, "index", 0), ...args.slice(2)], "InvalidChunkBranch"), [0n]);
    await refused([args[0], withField(chunk, "entry", hexlify(randomBytes(32))), ...args.slice(2)], "InvalidChunkBranch");
    await refused([args[0], withField(chunk, "data", hexlify(randomBytes(21))), ...args.slice(2)], "InvalidChunkBranch");
    const branch = [...(chunk.branch as string[])];
    branch[10] = hexlify(randomBytes(32));
    await refused([args[0], withField(chunk, "branch", branch), ...args.slice(2)], "InvalidChunkBranch");
  });

  it("_preStateRoot: chunk c > 0 needs entry_{c−1}'s preimage and leaf", async () => {
    const args = stateTransitionArgs(f, 3, 1);
    const pre = args[2] as Tuple;
    for (const field of ["stateRoot", "txSubtree", "chunkHash"]) {
      assert.deepEqual(await refused([args[0], args[1], withField(pre, field, hexlify(randomBytes(32))), ...args.slice(3)], "InvalidPreStateBranch"), [1n], field);
    }
    await refused([args[0], args[1], preState(f.batches[3]!.data as ProvableData, 0), ...args.slice(3)], "InvalidPreStateBranch");
    await refused(args, "NoFraud"); // the right pre-state: the module found nothing
  });

  it("_queueMessage: a deposit's sender, to and amount; a full exit's sender; past the queue refused", async () => {
    const sig = (position: number) => p.getFunction("proveSignature").staticCall(...signatureArgs(f, 1, 1, position));
    const [sender, to] = [f.users[5]!.address, f.users[3]!.address];
    assert.deepEqual(await expectError(sig(0), p.interface, "QueueProbe"), [sender, to, 5n * ETH]);
    assert.deepEqual(await expectError(sig(1), p.interface, "QueueProbe"), [sender, "0x" + "00".repeat(20), 0n]);
    assert.deepEqual(await expectError(sig(2), p.interface, "UnknownQueueMessage"), [2n, 2n]);
  });

  it("_openBatch: a commit whose challenge window is over is final (exact boundary)", async () => {
    const finalAt = Number((await f.rollup.getFunction("commits")(1)).committedAt) + CHALLENGE_WINDOW;
    await f.chain.setNextTimestamp(finalAt - 1);
    await f.chain.provider.send("evm_mine", []);
    await refused(stateTransitionArgs(f, 1, 0), "NoFraud");
    await f.chain.setNextTimestamp(finalAt);
    await f.chain.provider.send("evm_mine", []);
    assert.deepEqual(await refused(stateTransitionArgs(f, 1, 0), "CommitFinal"), [1n, BigInt(finalAt)]);
    await refused(stateTransitionArgs(f, 1, 2), "CommitFinal"); // a fraud in a final commit stands
  });
});
