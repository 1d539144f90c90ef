/** Admission: statuses per record, and load shed before signature recovery once the mempool is full. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCore } from "../../sequencer/core/index.ts";
import { Mempool } from "../../sequencer/mempool/mempool.ts";
import { IntakeStatus } from "../../sequencer/node/intake-status.ts";
import { admitTransactions } from "../../sequencer/node/transaction-intake.ts";
import { TxKind } from "../../sequencer/protocol/ssz-types.ts";
import type { PendingTransaction } from "../../sequencer/sealer/sealer-ports.ts";
import { RecoveryStatus } from "../../sequencer/signatures/recovery-status.ts";
import { addresses, ETH, separator, signed } from "../sealer/sealer-fixture.ts";

const core = await loadCore();
/** A stand-in for the pool: the sender is the record's own `from` field; counts its calls. */
function fakeRecover() {
  const calls: number[] = [];
  const recover = async (records: Uint8Array, count: number) => {
    calls.push(count);
    const senders = new Uint8Array(20 * count);
    for (let i = 0; i < count; i++) senders.set(records.subarray(i * 146 + 1, i * 146 + 21), i * 20);
    return { senders, statuses: new Uint8Array(count).fill(RecoveryStatus.ok) };
  };
  return { calls, recover };
}

test("behavior: once the mempool is full, a submission is refused (mempool full) without recovering a signature", async () => {
  const mempool = new Mempool<PendingTransaction>({ get: () => ({ balance: 100n * ETH, nonce: 0 }) }, { maxTransactions: 2 });
  const { calls, recover } = fakeRecover();
  const deps = { core, separator, mempool, recover };
  const txs = [0, 1, 2, 3].map((nonce) => signed(0, TxKind.transfer, addresses[1]!, ETH, 1n, nonce));
  const frame = (list: PendingTransaction[]) => Buffer.concat(list.map((t) => t.record));

  const first = await admitTransactions(deps, frame(txs.slice(0, 3)), 3);
  assert.deepEqual([...first.statuses], [IntakeStatus.accepted, IntakeStatus.accepted, IntakeStatus.mempoolFull]);
  assert.deepEqual(first.hashes.subarray(32, 64), txs[1]!.hash, "hashes are keccak256(digest ‖ from)");
  assert.deepEqual(calls, [3]);

  const second = await admitTransactions(deps, frame(txs.slice(2)), 2);
  assert.deepEqual([...second.statuses], [IntakeStatus.mempoolFull, IntakeStatus.mempoolFull]);
  assert.deepEqual(calls, [3], "no recovery was spent on a submission that could not be admitted");
});
