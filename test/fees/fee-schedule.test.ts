/** The fee policy's arithmetic: L1 price smoothing and floor, the minimum fee, the estimate, congestion pricing. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCore } from "../../sequencer/core/index.ts";
import { genesisRecords } from "../../sequencer/genesis/genesis.ts";
import { writeRecordAmount } from "../../sequencer/batch-data/compact-amount.ts";
import { CongestionPrice } from "../../sequencer/fees/congestion-price.ts";
import { FeeSchedule, roundUpTwoDigits, SHARED_BYTES } from "../../sequencer/fees/fee-schedule.ts";
import { CALLDATA_FLOOR_GAS_PER_BYTE, L1DataPrice } from "../../sequencer/fees/l1-data-price.ts";
import { Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { addresses, genesis } from "../sealer/sealer-fixture.ts";

const GWEI = 10n ** 9n;

test("default: the L1 price per byte is 40 gas × the base fee, smoothed over blocks and never below the floor", () => {
  const price = new L1DataPrice({ mode: "calldata", smoothingBlocks: 3, minGasPrice: GWEI / 10n });
  assert.equal(price.gasPrice(), GWEI / 10n, "the floor before any read");
  price.observe(10, 2n * GWEI);
  assert.equal(price.gasPrice(), 2n * GWEI);
  assert.equal(price.weiPerByte(), CALLDATA_FLOOR_GAS_PER_BYTE * 2n * GWEI);
  price.observe(11, 4n * GWEI); // α = 2 / (3 + 1) = 0.5
  assert.equal(price.gasPrice(), 3n * GWEI);
  price.observe(11, 100n * GWEI);
  assert.equal(price.gasPrice(), 3n * GWEI, "a block already seen is ignored");
  price.observe(13, 0n); // two blocks: 3 × 0.5² = 0.75 gwei
  assert.equal(price.gasPrice(), (3n * GWEI) / 4n);
  price.observe(40, 0n);
  assert.equal(price.gasPrice(), GWEI / 10n, "a base fee decaying toward zero (a devnet) is priced at the floor");
});

test("default: the minimum fee is (record bytes + shared bytes) × price × margin, plus the account-creation surcharge", async () => {
  const core = await loadCore();
  core.state.load(genesisRecords(genesis));
  const price = new L1DataPrice({ mode: "calldata", smoothingBlocks: 1, minGasPrice: 0n });
  price.observe(1, GWEI);
  const fees = new FeeSchedule(price, core.state, { marginPercent: 125, accountCreationGas: 25_000n });
  const record = (to: Uint8Array, fee: bigint) => Transaction.serialize({ kind: TxKind.transfer, from: addresses[0]!, to, amount: 10n ** 18n, fee, nonce: 0, signature: new Uint8Array(65) });
  const existing = fees.minimumFee(record(addresses[1]!, 7n * 10n ** 12n));
  // kind 1 + from ref 1 + to ref 1 + amount 2 + fee 2 + r‖s 64, + 2 shared
  assert.equal(existing.dataBytes, 1 + 1 + 1 + 2 + 2 + 64 + SHARED_BYTES);
  assert.equal(existing.createsAccount, false);
  assert.equal(existing.fee, (BigInt(existing.dataBytes) * 40n * GWEI * 125n) / 100n);
  const fresh = fees.minimumFee(record(new Uint8Array(20).fill(0x77), 7n * 10n ** 12n));
  assert.equal(fresh.dataBytes, existing.dataBytes + 19, "a new address is posted as its 20 bytes");
  assert.equal(fresh.createsAccount, true);
  assert.equal(fresh.fee, ((BigInt(fresh.dataBytes) * 40n * GWEI + 25_000n * GWEI) * 125n) / 100n);
  assert.ok(fees.minimumFee(record(addresses[1]!, 7n * 10n ** 12n), true).fee <= existing.fee, "before recovery: a lower bound");
});

test("default: the estimate is the minimum rounded up to two digits, which encodes in 2 bytes, so paying it is accepted", async () => {
  const core = await loadCore();
  core.state.load(genesisRecords(genesis));
  const price = new L1DataPrice({ mode: "calldata", smoothingBlocks: 1, minGasPrice: 0n });
  price.observe(1, 1_234_567_891n);
  const fees = new FeeSchedule(price, core.state, { marginPercent: 125, accountCreationGas: 25_000n });
  for (const to of [addresses[1]!, new Uint8Array(20).fill(0x42)]) {
    const estimate = fees.estimate(TxKind.transfer, to, 123_456_789n);
    const record = Transaction.serialize({ kind: TxKind.transfer, from: addresses[2]!, to, amount: 123_456_789n, fee: estimate, nonce: 0, signature: new Uint8Array(65) });
    assert.ok(estimate >= fees.minimumFee(record).fee, "a transaction paying the estimate is accepted");
    assert.ok(writeRecordAmount(record, 57) <= 2, "the quoted fee takes at most 2 bytes");
  }
  assert.deepEqual([0n, 7n, 99n, 100n, 101n, 12_345n].map(roundUpTwoDigits), [0n, 7n, 99n, 100n, 110n, 13_000n]);
});

test("behavior: congestion pricing rises 12.5% per step above the target backlog, falls below half of it, within [1×, max]", () => {
  let now = 0;
  let backlog = 0;
  const congestion = new CongestionPrice({ target: 100, maxPercent: 200, backlog: () => backlog, now: () => now, stepMs: 100 });
  assert.equal(congestion.percent, 100);
  backlog = 101;
  now += 100;
  assert.equal(congestion.percent, 113);
  now += 1_000;
  assert.equal(congestion.percent, 200, "capped at maxPercent");
  backlog = 60; // between half the target and the target: steady
  now += 500;
  assert.equal(congestion.percent, 200);
  backlog = 0;
  now += 10_000;
  assert.equal(congestion.percent, 100, "back to the L1 cost alone");
});
