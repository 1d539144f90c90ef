/**
 * The node's admission limits at the intake, on the real WASM core, mempool and sealer: the fee
 * floor, the state-size guard, per-sender and per-connection rates, the per-sender pending cap,
 * congestion pricing before recovery, and a mixed load in which honest senders keep being sealed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createNodeFees, type NodeFeeConfig } from "../../sequencer/fees/node-fees.ts";
import { RejectionCode, RejectionReason } from "../../sequencer/mempool/rejection-reason.ts";
import { DEFAULT_MAX_ACCOUNTS, WASM_ACCOUNT_CAPACITY, WASM_BYTES_PER_ACCOUNT, WASM_MEMORY_BYTES } from "../../sequencer/mempool/state-size-guard.ts";
import { IntakeStatus } from "../../sequencer/node/intake-status.ts";
import { admitTransactions } from "../../sequencer/node/transaction-intake.ts";
import { TxKind } from "../../sequencer/protocol/ssz-types.ts";
import type { PendingTransaction } from "../../sequencer/sealer/sealer-ports.ts";
import { recoverChunk } from "../../sequencer/signatures/recover-chunk.ts";
import { loadCore } from "../../sequencer/core/index.ts";
import { NODE_OPTIONS } from "../../sequencer/config/node-options.ts";
import { addresses, ETH, sealerHarness, separator, signed, type SealerHarness } from "../sealer/sealer-fixture.ts";

const GWEI = 10n ** 9n;
const CONFIG: NodeFeeConfig = {
  feeMarginPercent: 125, feeAccountCreationGas: 25_000, feeMinGasPrice: GWEI / 10n, feeSmoothingBlocks: 10,
  maxAccounts: 1_000, ratePerConnection: 10_000, ratePerSender: 1_000, batchMaxTxs: 100,
};
const provider = { getBlock: async () => ({ number: 1, baseFeePerGas: GWEI }) };

async function node(config: Partial<NodeFeeConfig> = {}, recovered?: number[]) {
  const h = await sealerHarness();
  const fees = createNodeFees({ ...CONFIG, ...config }, h.core.state, h.mempool, provider);
  await fees.refresh();
  const recover = async (records: Uint8Array, count: number) => {
    recovered?.push(count);
    return recoverChunk({ separator, hashing: h.core.hashing }, records, count);
  };
  const deps = { core: h.core, separator, mempool: h.mempool, recover, policy: fees.policy, connectionLimit: fees.connectionLimit };
  const send = async (txs: PendingTransaction[], connection = 1) => admitTransactions(deps, Buffer.concat(txs.map((t) => t.record)), txs.length, connection);
  return { h, fees, send };
}

/** A fee that covers the minimum for any of these transfers (new accounts included) at 1 gwei. */
const FEE = 100_000n * GWEI;
const fresh = (i: number) => new Uint8Array(20).fill(0x10 + i);

async function closing<T>(h: SealerHarness, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    await h.close();
  }
}

test("error: a fee below the minimum is refused with a message that names the minimum; the minimum itself is accepted", async () => {
  const { h, fees, send } = await node();
  await closing(h, async () => {
    const probe = signed(0, TxKind.transfer, addresses[1]!, ETH, 1n, 0);
    const minimum = fees.schedule.minimumFee(probe.record).fee;
    assert.ok(minimum > 0n);
    const low = await send([signed(0, TxKind.transfer, addresses[1]!, ETH, minimum - 1n, 0)]);
    assert.equal(low.statuses[0], IntakeStatus.feeTooLow);
    // the fee's own bytes are part of the data: compute the minimum of the record that pays it
    const paying = signed(0, TxKind.transfer, addresses[1]!, ETH, minimum - 1n, 0);
    assert.equal(low.messages?.[0], `fee too low: minimum is ${fees.schedule.minimumFee(paying.record).fee} wei`);
    const ok = await send([signed(0, TxKind.transfer, addresses[1]!, ETH, fees.schedule.estimate(TxKind.transfer, addresses[1]!, ETH), 0)]);
    assert.equal(ok.statuses[0], IntakeStatus.accepted, "paying loft_estimateFee's answer is accepted");
    assert.equal(RejectionCode[RejectionReason.feeTooLow], 12, "a stable code for the RPC layer");
  });
});

test("attack: the state-size guard refuses new-account transfers at --max-accounts; existing accounts and withdrawals go on", async () => {
  const { h, fees, send } = await node({ maxAccounts: 6 }); // genesis: 4 accounts
  await closing(h, async () => {
    assert.equal(fees.stateGuard.headroom, 2);
    const first = await send([signed(0, TxKind.transfer, fresh(1), ETH, FEE, 0), signed(0, TxKind.transfer, fresh(2), ETH, FEE, 1)]);
    assert.deepEqual([...first.statuses], [IntakeStatus.accepted, IntakeStatus.accepted]);
    assert.equal(fees.stateGuard.headroom, 0, "pending transactions count against the headroom");
    const refused = await send([signed(1, TxKind.transfer, fresh(3), ETH, FEE, 0)]);
    assert.equal(refused.statuses[0], IntakeStatus.stateFull);
    assert.match(refused.messages![0]!, /^state full: transfers to new accounts are refused: the rollup holds 4 accounts, the most this node admits is 6/);
    await h.sealer.sealOnce();
    assert.deepEqual([h.core.state.count, fees.stateGuard.headroom], [6, 0]);
    const others = await send([signed(1, TxKind.transfer, addresses[0]!, ETH, FEE, 0), signed(2, TxKind.withdraw, fresh(9), ETH, FEE, 0), signed(2, TxKind.transfer, fresh(4), ETH, FEE, 1)]);
    assert.deepEqual([...others.statuses], [IntakeStatus.accepted, IntakeStatus.accepted, IntakeStatus.stateFull]);
    const event = await h.sealer.sealOnce();
    assert.equal(event?.included.length, 2, "the node keeps sealing");
    const stats = fees.stats();
    assert.deepEqual(stats.stateSize, { accounts: 6, limit: 6, headroom: 0, wasmCapacity: WASM_ACCOUNT_CAPACITY });
    const metrics = await (async () => {
      const { Registry } = await import("prom-client");
      const registry = new Registry();
      fees.registerMetrics(registry);
      return registry.metrics();
    })();
    assert.match(metrics, /^loft_state_accounts_limit 6$/m);
    assert.match(metrics, /^loft_state_accounts_headroom 0$/m);
  });
});

test("behavior: the default --max-accounts is well below what the WASM state holds, measured on the core", async () => {
  const core = await loadCore();
  const chunk = 65_536; // the state allocates accounts by chunks of 2^16
  const records = (from: number, n: number) => {
    const out = new Uint8Array(n * 44);
    for (let i = 0; i < n; i++) new DataView(out.buffer).setUint32(i * 44, from + i + 1, true); // distinct addresses
    return out;
  };
  core.state.load(records(0, chunk));
  core.state.root();
  const before = core.wasm.memoryUsed();
  core.state.load(records(chunk, 2 * chunk));
  core.state.root();
  const perAccount = (core.wasm.memoryUsed() - before) / (2 * chunk);
  // records, tree and the address index's growth (it doubles: its old tables stay in the arena)
  const measuredCapacity = Math.floor(WASM_MEMORY_BYTES / perAccount);
  assert.ok(perAccount <= WASM_BYTES_PER_ACCOUNT, `measured ${perAccount.toFixed(1)} B/account ≤ the documented ${WASM_BYTES_PER_ACCOUNT}`);
  const mempoolMax = Number(NODE_OPTIONS["mempool-max"].default);
  assert.ok(DEFAULT_MAX_ACCOUNTS + mempoolMax < 0.8 * Math.min(measuredCapacity, WASM_ACCOUNT_CAPACITY), `default ${DEFAULT_MAX_ACCOUNTS} + a full mempool, against a capacity of ${Math.min(measuredCapacity, WASM_ACCOUNT_CAPACITY)}`);
  assert.equal(NODE_OPTIONS["max-accounts"].default, DEFAULT_MAX_ACCOUNTS);
});

test("error: per-sender and per-connection rates and the per-sender pending cap answer with their limits", async () => {
  const { h, send } = await node({ ratePerSender: 2, ratePerConnection: 3 });
  await closing(h, async () => {
    const burst = await send([0, 1, 2, 3, 4].map((n) => signed(0, TxKind.transfer, addresses[1]!, ETH, FEE, n)), 7);
    assert.deepEqual([...burst.statuses], [0, 0, 0, 0, IntakeStatus.senderRateLimited], "a burst of twice the rate, then refused");
    assert.equal(burst.messages![4], "rate limited: too many transactions from this sender: at most 2 per second; retry later");
    const connection = await send([1, 2].map((k) => signed(k, TxKind.transfer, addresses[0]!, ETH, FEE, 0)), 7);
    assert.deepEqual([...connection.statuses], [IntakeStatus.accepted, IntakeStatus.connectionRateLimited], "connection 7 had 6 tokens: 5 used, one left");
    assert.equal(connection.messages![1], "rate limited: too many transactions from this connection: at most 3 per second; retry later");
    assert.equal((await send([signed(2, TxKind.transfer, addresses[0]!, ETH, FEE, 1)], 8)).statuses[0], IntakeStatus.accepted, "another connection has its own budget");
  });
  const capped = await node({}, undefined);
  await closing(capped.h, async () => {
    const many = Array.from({ length: 65 }, (_, n) => signed(0, TxKind.transfer, addresses[1]!, ETH, FEE, n));
    const result = await capped.send(many);
    assert.equal(result.statuses.filter((s) => s === IntakeStatus.accepted).length, 64);
    assert.equal(result.statuses[64], IntakeStatus.senderPendingLimit);
    assert.equal(result.messages![64], "too many pending transactions from this sender: at most 64 may be pending");
  });
});

test("attack: under congestion a minimum-fee flood is refused before any signature is recovered; senders paying 2× are admitted", async () => {
  const recovered: number[] = [];
  const { h, fees, send } = await node({ batchMaxTxs: 4 }, recovered); // congestion target: 2 waiting
  await closing(h, async () => {
    const minimum = fees.schedule.estimate(TxKind.transfer, addresses[1]!, ETH); // the uncongested minimum
    const flood = (from: number, count: number) => Array.from({ length: count }, (_, n) => signed(0, TxKind.transfer, addresses[1]!, ETH, minimum, from + n));
    assert.deepEqual([...(await send(flood(0, 6))).statuses], [0, 0, 0, 0, 0, 0], "no congestion yet: the minimum is enough");
    await new Promise((resolve) => setTimeout(resolve, 250)); // two steps with 6 ready > 2
    assert.ok(fees.stats().fees.congestionPercent > 100);
    recovered.length = 0;
    const honest = signed(1, TxKind.transfer, addresses[2]!, ETH, 2n * minimum, 0);
    const mixed = await send([...flood(6, 3), honest]);
    assert.deepEqual([...mixed.statuses], [IntakeStatus.feeTooLow, IntakeStatus.feeTooLow, IntakeStatus.feeTooLow, IntakeStatus.accepted]);
    assert.match(mixed.messages![0]!, /^fee too low: minimum is \d+ wei$/);
    assert.deepEqual(recovered, [1], "only the honest transaction's signature was recovered");
    const event = await h.sealer.sealOnce();
    assert.equal(event?.included[0]?.fee, honest.fee, "the sealer takes the higher fee per byte first");
  });
});

test("behavior: mixed load: a spammer hitting every limit is refused with its errors while honest senders keep being sealed", async () => {
  const { h, send } = await node({ ratePerSender: 20 });
  await closing(h, async () => {
    let spamNonce = 0;
    const honestNonce = [0, 0];
    let honestSealed = 0;
    const seen = new Set<number>();
    for (let round = 0; round < 6; round++) {
      const spam = [
        ...Array.from({ length: 30 }, () => signed(0, TxKind.transfer, fresh(round), 1n, FEE, spamNonce++)), // past the sender's rate
        signed(0, TxKind.transfer, addresses[1]!, 1n, 1n, spamNonce), // fee too low
      ];
      const honest = [1, 2].map((k) => signed(k, TxKind.transfer, addresses[0]!, ETH / 100n, FEE, honestNonce[k - 1]!++));
      const result = await send([...spam, ...honest]);
      result.statuses.slice(0, spam.length).forEach((s) => seen.add(s));
      assert.deepEqual([...result.statuses.slice(spam.length)], [IntakeStatus.accepted, IntakeStatus.accepted], `round ${round}: honest admitted`);
      spamNonce = h.mempool.pendingNonce(addresses[0]!);
      const event = await h.sealer.sealOnce();
      honestSealed += event!.included.filter((t) => !Buffer.from(t.from).equals(Buffer.from(addresses[0]!))).length;
    }
    assert.equal(honestSealed, 12, "every honest transaction was sealed");
    for (const status of [IntakeStatus.accepted, IntakeStatus.senderRateLimited, IntakeStatus.feeTooLow]) assert.ok(seen.has(status), `spam answered with status ${status}`);
  });
});

test("default: a replacement at +10% replaces the pending transaction and is sealed; below, geth's refusal names the fee needed", async () => {
  const { h, send } = await node();
  await closing(h, async () => {
    const first = await send([signed(0, TxKind.transfer, addresses[1]!, ETH, FEE, 0)]);
    assert.equal(first.statuses[0], IntakeStatus.accepted);
    const low = await send([signed(0, TxKind.transfer, addresses[1]!, ETH, (FEE * 109n) / 100n, 0)]);
    assert.equal(low.statuses[0], IntakeStatus.replacementUnderpriced);
    assert.equal(low.messages![0], `replacement transaction underpriced: another transaction with this nonce is pending; a replacement must pay at least ${(FEE * 110n) / 100n} wei (10% more)`);
    const bumped = signed(0, TxKind.transfer, addresses[2]!, ETH, (FEE * 110n) / 100n, 0);
    const replaced = await send([bumped]);
    assert.equal(replaced.statuses[0], IntakeStatus.accepted);
    assert.equal(h.mempool.get(first.hashes.subarray(0, 32)), undefined, "the replaced transaction left the pool");
    const event = await h.sealer.sealOnce();
    assert.deepEqual(event?.included.map((t) => t.fee), [bumped.fee]);
  });
});

test("behavior: a sealed batch holds its transactions by fee per byte of L1 data, each sender's in nonce order", async () => {
  const { h, send } = await node();
  await closing(h, async () => {
    const gwei = (n: number) => BigInt(n) * 10_000n * GWEI;
    const txs = [
      signed(0, TxKind.transfer, addresses[1]!, ETH, gwei(10), 0), // 0: lowest fee, but sender 0's nonce 0
      signed(0, TxKind.transfer, addresses[1]!, ETH, gwei(90), 1), // 1: highest fee, after its nonce 0
      signed(1, TxKind.transfer, addresses[2]!, ETH, gwei(50), 0), // 2
      signed(2, TxKind.transfer, addresses[0]!, ETH, gwei(30), 0), // 3
      signed(2, TxKind.transfer, fresh(7), ETH, gwei(70), 1), // 4: a new account's 20 bytes lower its fee per byte
    ];
    assert.deepEqual([...(await send(txs)).statuses], [0, 0, 0, 0, 0]);
    const event = await h.sealer.sealOnce();
    const order = event!.included.map((t) => txs.findIndex((x) => Buffer.from(x.hash).equals(Buffer.from(t.hash))));
    assert.deepEqual(order, [2, 3, 4, 0, 1]);
    const stored = h.reader.transaction(txs[2]!.hash);
    assert.deepEqual([stored?.batch, stored?.index], [1, 0], "the highest fee per byte is the batch's first transaction");
  });
});
