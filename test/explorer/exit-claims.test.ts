/**
 * ExitClaims (WASM hashing, per-batch cache) give exactly the calldata of the node's
 * withdrawalClaim, the batch proven against its commit (batches 3–5 of commit 2); none before
 * the batch is committed.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { ListCompositeType } from "@chainsafe/ssz";
import { loadCore, type LoftCore } from "../../sequencer/core/index.ts";
import { ExitClaims } from "../../sequencer/explorer/exit-claims.ts";
import { withdrawalClaim } from "../../sequencer/node/withdrawal-claims.ts";
import { Withdrawal } from "../../sequencer/protocol/ssz-types.ts";
import type { StoreReader } from "../../sequencer/store/store-reader.ts";
import { storedCommit } from "./stored-commit.ts";

const ExitList = new ListCompositeType(Withdrawal, 2 ** 16);
let core: LoftCore;
before(async () => {
  core = await loadCore();
});

function batchWithExits(count: number) {
  const exits = Array.from({ length: count }, () => ({ recipient: randomBytes(20), amount: BigInt(`0x${randomBytes(12).toString("hex")}`) }));
  const stored = storedCommit(2, 3, [{ queueMessages: 2, userCount: 40 }, { queueMessages: 1, userCount: count, withdrawalCount: count, exitRoot: ExitList.hashTreeRoot(exits) }, { queueMessages: 0, userCount: 1 }]);
  const serialized = exits.map((e) => Withdrawal.serialize(e));
  const reader = { ...stored.reader, batchWithdrawals: (n: number) => (n === 4 ? serialized : []) };
  return { reader, serialized, stored };
}

test("default: the same calldata as withdrawalClaim for every position of odd and even exit lists", () => {
  for (const count of [1, 2, 7, 64]) {
    const { reader, serialized } = batchWithExits(count);
    const claims = new ExitClaims(reader, core);
    for (const index of new Set([0, count - 1, count >> 1])) {
      assert.equal(claims.calldata(4, index, serialized[index]!), withdrawalClaim(reader as unknown as StoreReader, 4, index)!.calldata, `count ${count} index ${index}`);
    }
  }
});

test("error: no calldata for an unknown batch, an index beyond its exits, or a batch not committed yet", () => {
  const { reader, serialized, stored } = batchWithExits(3);
  const claims = new ExitClaims(reader, core);
  assert.equal(claims.calldata(4, 3, serialized[0]!), undefined);
  assert.equal(claims.calldata(5, 0, serialized[0]!), undefined);
  assert.equal(claims.calldata(9, 0, serialized[0]!), undefined);
  const { commit: _, ...sealed } = stored.records.get(4)!;
  stored.records.set(4, { ...sealed, status: "sealed" });
  assert.equal(new ExitClaims(reader, core).calldata(4, 0, serialized[0]!), undefined);
});

test("behavior: a batch of the first commit has calldata too (its parent is genesis, which the store does not keep)", () => {
  const exits = [{ recipient: randomBytes(20), amount: 5n }];
  const stored = storedCommit(1, 1, [{ queueMessages: 0, userCount: 1, withdrawalCount: 1, exitRoot: ExitList.hashTreeRoot(exits) }]);
  const serialized = exits.map((e) => Withdrawal.serialize(e));
  const reader = { ...stored.reader, batchWithdrawals: (n: number) => (n === 1 ? serialized : []) };
  const calldata = new ExitClaims(reader, core).calldata(1, 0, serialized[0]!);
  assert.ok(calldata);
  assert.equal(calldata, withdrawalClaim(reader as unknown as StoreReader, 1, 0)?.calldata);
});
