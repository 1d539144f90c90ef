/** ExitClaims (WASM hashing, per-batch cache) give exactly the calldata of the node's withdrawalClaim. */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { ListCompositeType } from "@chainsafe/ssz";
import { loadCore, type LoftCore } from "../../sequencer/core/index.ts";
import { ExitClaims } from "../../sequencer/explorer/exit-claims.ts";
import { withdrawalClaim } from "../../sequencer/node/withdrawal-claims.ts";
import { BatchHeader, Withdrawal } from "../../sequencer/protocol/ssz-types.ts";
import type { BatchRecord } from "../../sequencer/store/sealed-batch.ts";
import type { StoreReader } from "../../sequencer/store/store-reader.ts";

const ExitList = new ListCompositeType(Withdrawal, 2 ** 16);
let core: LoftCore;
before(async () => {
  core = await loadCore();
});

function batchWithExits(count: number) {
  const exits = Array.from({ length: count }, () => ({ recipient: randomBytes(20), amount: BigInt(`0x${randomBytes(12).toString("hex")}`) }));
  const header = { ...BatchHeader.defaultValue(), number: 4, exitRoot: ExitList.hashTreeRoot(exits), stateRoot: randomBytes(32) };
  const record = { number: 4, header: BatchHeader.serialize(header), txCount: count, withdrawalCount: count } as BatchRecord;
  const serialized = exits.map((e) => Withdrawal.serialize(e));
  const reader = { batch: (n: number) => (n === 4 ? record : undefined), batchWithdrawals: (n: number) => (n === 4 ? serialized : []) };
  return { reader, serialized };
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

test("error: no calldata for an unknown batch or an index beyond its exits", () => {
  const { reader, serialized } = batchWithExits(3);
  const claims = new ExitClaims(reader, core);
  assert.equal(claims.calldata(4, 3, serialized[0]!), undefined);
  assert.equal(claims.calldata(5, 0, serialized[0]!), undefined);
});
