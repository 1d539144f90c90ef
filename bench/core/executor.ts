/**
 * (e) the executor: 5,000-transfer batches over 1M accounts, all three roots and the chunk roots
 * (a state commit every 32 positions, docs/fraud-proofs.md §1) included, transfers/s, and how many
 * state-tree nodes a batch hashes (the chunk commits' share of the work).
 */
import { Transaction } from "../../sequencer/protocol/ssz-types.ts";
import { TxStatus, type LoftCore } from "../../sequencer/core/index.ts";
import { prng, type Measurement } from "./measure.ts";
import type { AccountSet } from "./accounts.ts";

const BATCH = 5_000;
const BATCHES = 12;

export function benchExecutor(core: LoftCore, accounts: AccountSet): Measurement[] {
  const n = accounts.values.length;
  const next = prng(1234);
  const nonces = new Map<number, number>();
  const signature = new Uint8Array(65).fill(1);
  const batches = Array.from({ length: BATCHES }, (_, b) => {
    const out = new Uint8Array(BATCH * 146);
    for (let k = 0; k < BATCH; k++) {
      const s = next() % n;
      const nonce = nonces.get(s) ?? accounts.values[s]!.nonce;
      nonces.set(s, nonce + 1);
      // 1 in 20 transfers goes to a new address (account creation), the rest to existing accounts.
      const to = k % 20 === 0 ? newAddress(b, k) : accounts.values[next() % n]!.address;
      out.set(Transaction.serialize({ kind: 0, from: accounts.values[s]!.address, to, amount: BigInt(next() & 0xffff), fee: 1n, nonce, signature }), k * 146);
    }
    return out;
  });
  core.state.clear();
  core.state.load(accounts.bytes);
  core.state.root();
  const times: number[] = [];
  const hashedBefore = core.wasm.hashedNodeCount();
  batches.forEach((batch, b) => {
    const start = process.hrtime.bigint();
    const result = core.executor.execute(batch, 0);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const bad = result.statuses.findIndex((s) => s !== TxStatus.Ok);
    if (bad >= 0) throw new Error(`batch ${b}: transfer ${bad} rejected with ${TxStatus[result.statuses[bad]!]}`);
  });
  const hashedPerTransfer = Number(core.wasm.hashedNodeCount() - hashedBefore) / (BATCH * BATCHES);
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)]!;
  const best = times[0]!;
  return [
    { name: `loft executor.execute (${BATCH} transfers, ${n} accounts, 3 roots + chunk roots): median batch time`, unit: "ms", value: ms },
    { name: "loft executor.execute: transfers per second (one core), median batch", unit: "transfers/s", value: (BATCH / ms) * 1000 },
    { name: "loft executor.execute: transfers per second (one core), fastest batch", unit: "transfers/s", value: (BATCH / best) * 1000 },
    { name: "loft executor.execute: state-tree nodes hashed per transfer (leaves and parents, one commit per chunk of 32)", unit: "nodes", value: hashedPerTransfer },
  ];
}

function newAddress(batch: number, k: number): Uint8Array {
  const a = new Uint8Array(20).fill(0xfe);
  new DataView(a.buffer).setUint32(12, batch);
  new DataView(a.buffer).setUint32(16, k);
  return a;
}
