/**
 * End-to-end attacks on a devnet (docs/fraud-proofs.md §4): after honest traffic, final, the operator
 * commits a forged batch with the sequencer's key, and a follower started from L1 alone with
 * --challenge proves it wrong within the challenge window: a made-up state root (StateRoot) and an
 * exit root with a withdrawal paying the sequencer the contract's whole balance (ExitRoot). Each is
 * convicted with its kind, the prover gets bond / 2, the rollup freezes at the last honest batch,
 * the forged commit is gone, every account escapes with its exact balance from the follower's
 * state, and the forged withdrawal can never be claimed.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getBytes } from "ethers";
import { committedBatchesOf } from "../../sequencer/fraud/challenger-evidence.ts";
import { revertReason } from "../../sequencer/fraud/challenger-send.ts";
import { sha256Pair } from "../../sequencer/fraud/state-multiproof.ts";
import { batchDataRoots } from "../../sequencer/l1/batch-data-root.ts";
import { batchLeaf, commitBranch, withdrawCalldata } from "../../sequencer/l1/withdraw-calldata.ts";
import { ExitList } from "../../sequencer/protocol/ssz-types.ts";
import { startAttackDevnet, CHALLENGE_WINDOW, type AttackDevnet } from "./attack-devnet.ts";
import { attack, escapeEveryAccount, randomRoot, signedTransfer } from "./attack-run.ts";

let d: AttackDevnet;
before(async () => {
  d = await startAttackDevnet();
});
after(async () => {
  await d?.close();
});

/** The 16 siblings of element 0 of a one-element List[Withdrawal, 2^16]: zero hashes. */
function singleExitBranch(): Uint8Array[] {
  const branch: Uint8Array[] = [];
  let zero: Uint8Array = new Uint8Array(32);
  for (let l = 0; l < 16; l++) {
    branch.push(zero);
    zero = sha256Pair(zero, zero);
  }
  return branch;
}

test("attack: a made-up state root is proven wrong (StateRoot) and every account escapes from the last honest state", { timeout: 180_000 }, async () => {
  await attack(d, { transactions: signedTransfer(d, 9), stateRoot: randomRoot() }, { kind: "StateRoot", fn: "proveStateTransition" }, {
    more: async ({ challenger }) => {
      const escaped = await escapeEveryAccount(d, challenger);
      assert.ok(escaped >= 20, `${escaped} accounts escaped`);
    },
  });
});

test("attack: an exit root paying the sequencer the contract's whole balance is proven wrong (ExitRoot); the withdrawal is never claimable", { timeout: 180_000 }, async () => {
  const sequencer = String(await d.rollup.getFunction("sequencer")());
  const amount = await d.provider.getBalance(d.f.l1.rollup);
  const withdrawal = { recipient: getBytes(sequencer), amount };
  let claim = "";
  const tryClaim = async () => {
    try {
      await d.provider.call({ to: d.f.l1.rollup, data: claim, from: sequencer });
      return "paid";
    } catch (error) {
      return revertReason(error);
    }
  };
  await attack(d, { transactions: signedTransfer(d, 9), exitRoot: ExitList.hashTreeRoot([withdrawal]) }, { kind: "ExitRoot", fn: "proveExitRoot" }, {
    afterForge: async (forged) => {
      // the sequencer's claim of its withdrawal against the forged batch's commit, while it is on L1
      const b = (await committedBatchesOf(d.provider, d.f.l1.rpcUrl, d.f.l1.rollup, forged, d.f.l1.deployBlock)).find((x) => x.number === forged)!;
      const dataRoot = batchDataRoots(b.data, 0).dataRoot;
      claim = withdrawCalldata({ header: b.header, commit: { index: b.commitIndex, dataRoot, branch: commitBranch([batchLeaf(b.header, dataRoot)], 0) }, index: 0, length: 1, withdrawal, branch: singleExitBranch() });
      assert.match(await tryClaim(), /ChallengeWindowNotOver/, "the claim itself is well formed: only the window stops it");
    },
    more: async ({ challenger }) => {
      assert.match(await tryClaim(), /UnknownCommit|UnknownBatch|BatchAfterEscapeBatch|RollupFrozen/, "not claimable once proven");
      const escaped = await escapeEveryAccount(d, challenger);
      assert.ok(escaped >= 20, `${escaped} accounts escaped`);
      await d.provider.send("evm_increaseTime", [CHALLENGE_WINDOW + 1]);
      await d.provider.send("hardhat_mine", ["0x2"]);
      assert.match(await tryClaim(), /UnknownCommit|UnknownBatch|BatchAfterEscapeBatch|RollupFrozen/, "nor after its window");
    },
  });
});
