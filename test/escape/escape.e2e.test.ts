/**
 * The escape hatch end to end (issue 14 item 2): a devnet with real L1 queue messages is frozen by
 * freeze() after the inclusion window, with the sequencer gone. A follower started from L1 alone
 * serves every account's escape proof against the escape batch's state root and every
 * unprocessed deposit's reclaim; sending them pays every account and every unprocessed deposit
 * exactly once (a second escape or reclaim reverts), and the total paid is the escape state's
 * total plus the unprocessed deposits. `loft escape` builds the same calldata from L1 alone and
 * sends it. Withdrawals of final batches are claimable from the follower, then shown claimed with
 * their L1 transaction. A sequencer restarted on the frozen rollup refuses transactions with a
 * clear error and keeps serving reads.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getAddress, hexlify, Wallet, type TransactionReceipt, type TransactionResponse } from "ethers";
import pino from "pino";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { escapeCommand } from "../../sequencer/escape/escape-command.ts";
import { runFollower, type FollowerService } from "../../sequencer/follower/run-follower.ts";
import { devnetGenesis, genesisTotal } from "../../sequencer/genesis/genesis.ts";
import { addressOfKey } from "../../sequencer/genesis/dev-keys.ts";
import { DEVNET_SEQUENCER_KEY, DEVNET_BOND_WEI } from "../../sequencer/devnet/deploy-devnet.ts";
import { rollupInterface } from "../../sequencer/l1/rollup-abi.ts";
import { startNode, type LoftNode } from "../../sequencer/node/loft-node.ts";
import { RpcClient } from "../node/node-fixture.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { addressOf, freezeDevnet, keys, waitFor, type FrozenDevnet } from "./escape-scenario.ts";

const log = pino({ level: process.env.LOFT_TEST_LOG ?? "silent" });
const dirs: string[] = [];
let devnet: FrozenDevnet | undefined;
let follower: FollowerService | undefined;
let restarted: LoftNode | undefined;

after(async () => {
  await restarted?.stop().catch(() => {});
  await follower?.stop().catch(() => {});
  devnet?.provider.destroy();
  await devnet?.f.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

async function api<T = Record<string, any>>(path: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${follower!.server.port}${path}`);
  const body = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return body as T;
}

const events = (receipt: TransactionReceipt | null, name: string) =>
  (receipt?.logs ?? []).map((l) => rollupInterface().parseLog({ topics: [...l.topics], data: l.data })).filter((e) => e?.name === name);

async function revertName(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    const data = (error as { data?: string }).data;
    return data ? rollupInterface().parseError(data)?.name : (error as Error).message;
  }
}

/** The running sequencer sees the freeze: it says so, refuses transactions, keeps serving reads, and stops cleanly. */
async function sequencerMeetsTheFreeze(node: LoftNode, before: string): Promise<void> {
  const client = await RpcClient.open(node.url);
  try {
    const frozen = await waitFor("the running sequencer to see the freeze", async () => (await (await fetch(`http://127.0.0.1:${node.server.port}/api/stats`)).json()).frozen);
    assert.equal(frozen.cause, "inclusion");
    const refused = await client.call("loft_sendTransaction", [signWithKey(keys[15]!, domainSeparator(loftDomain(31337n, devnet!.f.l1.rollup)), { type: "transfer", to: addressOf(3), amount: 1n, fee: 10n ** 15n, nonce: 0 })]).catch((e: { code: number; message: string }) => e) as { code: number; message: string };
    assert.equal(refused.code, -32030);
    assert.match(refused.message, /^rollup is frozen: escape is open \(L1 queue message 4 waited past the inclusion window; escape batch \d+/);
    const earlier = await client.call<Record<string, string>>("loft_getTransaction", [before]);
    assert.ok(earlier && earlier.status !== "committed" && earlier.status !== "finalized", `a transaction taken before the freeze is never committed: ${JSON.stringify(earlier)}`);
    assert.equal((await client.call<Record<string, string>>("loft_getAccount", [addressOf(2)])).address, addressOf(2), "reads keep working");
  } finally {
    client.close();
  }
  const outcome = await Promise.race([node.stopped, new Promise((r) => setTimeout(() => r("running"), 1_500))]);
  assert.equal(outcome, "running", "the node did not die on the freeze");
  await node.stop();
  assert.equal(await node.stopped, undefined, "and it stops cleanly");
}

test("default: after a freeze with the sequencer gone, a follower's proofs pay every account and every unprocessed deposit exactly once", { timeout: 300_000 }, async () => {
  // a sequencer running when the freeze lands: 1,000 confirmations, so it never credits phase C's queue messages
  let running: LoftNode | undefined;
  let accepted: string | undefined;
  devnet = await freezeDevnet(async (fixture) => {
    running = await startNode({ ...fixture.config, l1Confirmations: 1_000 }, fixture.l1, log);
    const client = await RpcClient.open(running.url);
    try {
      accepted = await client.call<string>("loft_sendTransaction", [signWithKey(keys[14]!, domainSeparator(loftDomain(31337n, fixture.l1.rollup)), { type: "transfer", to: addressOf(3), amount: 1n, fee: 10n ** 15n, nonce: 0 })]);
    } finally {
      client.close();
    }
  });
  const { f, provider, rollup, deposits } = devnet;
  await sequencerMeetsTheFreeze(running!, accepted!);
  const hatch = await rollup.getFunction("escapeHatch")();
  const escapeBatch = Number(hatch.batch);
  const escapeQueueCount = Number(hatch.queueCount);
  assert.ok(escapeBatch > 0 && escapeBatch < devnet.lastCommitted, `escape batch ${escapeBatch}: phase A final, phase B (up to ${devnet.lastCommitted}) committed but not final`);
  assert.equal(escapeQueueCount, 3, "phase A's three queue messages are in the escape state");

  // what the escape state must hold, from the sequencer's own store: genesis + final deposits − final withdrawals
  let finalWithdrawals = 0n;
  for (let n = 1; n <= escapeBatch; n++) finalWithdrawals += devnet.withdrawals.get(n)!;
  const genesis = genesisTotal(devnetGenesis(addressOfKey(DEVNET_SEQUENCER_KEY), 0));
  const processedDeposits = deposits.filter((d) => d.queueIndex < escapeQueueCount).reduce((sum, d) => sum + d.amount, 0n);
  const unprocessed = deposits.filter((d) => d.queueIndex >= escapeQueueCount);
  const expectedEscapeTotal = genesis + processedDeposits - finalWithdrawals;
  const expectedReclaims = unprocessed.reduce((sum, d) => sum + d.amount, 0n);
  assert.equal(unprocessed.length, 3, "phase B's deposit (not final) and phase C's two");

  // a follower from L1 alone (the sequencer is stopped)
  const config = resolveNodeConfig({ "l1-rpc": f.l1.rpcUrl, rollup: f.l1.rollup, "data-dir": tempDir("loft-escape-follower-"), port: "0", "l1-confirmations": "1", "signature-workers": "1" }, {}, "follow");
  follower = await runFollower(config, log);
  const stats = await waitFor("the follower to record the freeze", async () => (await api("/api/stats")).frozen);
  assert.equal(stats.cause, "inclusion");
  assert.equal(stats.escapeBatch, escapeBatch);
  assert.equal(stats.staleQueueIndex, escapeQueueCount + 1, "the first queue message no committed batch processed (phase C's first) froze it");
  assert.equal(stats.l1TxHash, devnet.freezeReceipt.hash);
  assert.equal((await api("/api/stats")).follower.verifiedBatch, devnet.lastCommitted, "every commit verified, the non-final ones too");

  // loft escape: the same calldata, rebuilt from L1 alone, for an account created on L2
  const printed: string[] = [];
  const someone = getAddress(hexlify(follower.running.reader.account(22)!.subarray(0, 20)));
  const escapeConfig = resolveNodeConfig({ "l1-rpc": f.l1.rpcUrl, rollup: f.l1.rollup, address: someone, "l1-confirmations": "1", "signature-workers": "1" }, {}, "escape");
  assert.equal(await escapeCommand(escapeConfig, log, (line) => printed.push(line)), 0, printed.join("\n"));
  const viaApi = await api(`/api/escape/${someone}`);
  assert.ok(printed.some((line) => line.includes(`calldata ${viaApi.escape.data}`)), `loft escape prints the API's calldata:\n${printed.join("\n")}`);

  // withdrawals of final batches: claimable from the follower, then claimed with their L1 transaction
  const withdrawn = await api(`/api/withdrawals/${addressOf(5)}`);
  const finalClaim = withdrawn.withdrawals.find((w: any) => w.batch <= escapeBatch);
  assert.ok(finalClaim?.claimable && finalClaim.status === "finalized", `the follower finalized batch ${finalClaim?.batch}: ${JSON.stringify(finalClaim)}`);
  const payer = new Wallet(hexlify(keys[19]!), provider);
  const claimReceipt = await (await payer.sendTransaction({ to: finalClaim.claim.to, data: finalClaim.claim.data })).wait();
  const claimed = await waitFor("the claim to show", async () => (await api(`/api/withdrawals/${addressOf(5)}`)).withdrawals.find((w: any) => w.batch === finalClaim.batch && w.status === "claimed"));
  assert.deepEqual([claimed.claimable, claimed.claim, claimed.claimed.l1TxHash], [false, undefined, claimReceipt!.hash]);
  const notFinal = (await api(`/api/withdrawals/${addressOf(3)}`)).withdrawals.find((w: any) => w.batch > escapeBatch);
  assert.deepEqual([notFinal.status, notFinal.claimable], ["committed", false], "a withdrawal after the escape batch is never claimable");

  // every account of the escape state, from the follower's proofs alone
  const first = await api(`/api/accounts/${addressOf(1)}?batch=${escapeBatch}`);
  assert.equal(first.stateRoot, await rollup.getFunction("escapeStateRoot")(), "proofs against the Rollup's escapeStateRoot");
  const accountCount = first.proof.length;
  const contractBefore = await provider.getBalance(f.l1.rollup);
  let escapedTotal = 0n;
  let escapedAccounts = 0;
  let emptyAccounts = 0;
  const calls: string[] = [];
  const keyFile = join(tempDir("loft-escape-key-"), "key");
  writeFileSync(keyFile, hexlify(keys[18]!), { mode: 0o600 });
  // one account through loft escape --send, the rest through the follower's API
  const sent: string[] = [];
  assert.equal(await escapeCommand({ ...escapeConfig, send: true, keyFile }, log, (line) => sent.push(line)), 0, sent.join("\n"));
  const sentHash = sent.join("\n").match(/sent escape of .* paid in (0x[0-9a-f]{64})/)?.[1];
  assert.ok(sentHash, sent.join("\n"));
  for (const e of events(await provider.getTransactionReceipt(sentHash!), "Escaped")) [escapedTotal, escapedAccounts] = [escapedTotal + BigInt(e!.args.balance), escapedAccounts + 1];
  calls.push(viaApi.escape.data);
  const pending: { index: number; address: string; balance: bigint; tx: TransactionResponse }[] = [];
  let payerNonce = await provider.getTransactionCount(payer.address, "pending");
  for (let index = 0; index < accountCount; index++) {
    const address = getAddress(hexlify(follower.running.reader.account(index)!.subarray(0, 20)));
    const view = await api(`/api/escape/${address}`);
    assert.equal(view.account.index, index);
    if (BigInt(view.account.balance) === 0n) {
      assert.equal(view.escape, null, `${address} has nothing to escape`);
      emptyAccounts++;
      continue;
    }
    if (address === someone) {
      assert.equal(view.escape, null, "already escaped through loft escape --send");
      assert.ok(view.escaped, "shown escaped");
      continue;
    }
    // sent one after another without waiting (one L1 block holds them all), checked below
    pending.push({ index, address, balance: BigInt(view.account.balance), tx: await payer.sendTransaction({ to: view.escape.to, data: view.escape.data, nonce: payerNonce++ }) });
    calls.push(view.escape.data);
  }
  for (const { index, address, balance, tx } of pending) {
    const paid = events(await tx.wait(), "Escaped");
    assert.deepEqual(paid.map((e) => [Number(e!.args.index), e!.args.account, BigInt(e!.args.balance)]), [[index, address, balance]]);
    escapedTotal += balance;
    escapedAccounts++;
  }
  const escape = await api("/api/escape");
  assert.deepEqual(escape.deposits.map((d: any) => d.queueIndex), unprocessed.map((d) => d.queueIndex));
  let reclaimedTotal = 0n;
  const reclaims = [];
  for (const d of escape.deposits) reclaims.push(await payer.sendTransaction({ to: d.reclaim.to, data: d.reclaim.data, nonce: payerNonce++ }));
  for (const [i, d] of escape.deposits.entries()) {
    const paid = events(await reclaims[i]!.wait(), "DepositReclaimed");
    assert.equal(paid.length, 1);
    reclaimedTotal += BigInt(paid[0]!.args.amount);
    calls.push(d.reclaim.data);
  }

  // exactly once: every escape and reclaim again reverts
  for (const data of calls) {
    const reason = await revertName(provider.call({ to: f.l1.rollup, data }));
    assert.ok(reason === "AlreadyEscaped" || reason === "AlreadyReclaimed", `a second payout reverts, got ${reason}`);
  }
  assert.equal(escapedTotal, expectedEscapeTotal, "the escapes paid exactly the escape state's total");
  assert.equal(reclaimedTotal, expectedReclaims, "the reclaims paid exactly the unprocessed deposits");
  const contractAfter = await provider.getBalance(f.l1.rollup);
  assert.equal(contractBefore - contractAfter, escapedTotal + reclaimedTotal);
  const unclaimedFinal = finalWithdrawals - BigInt(claimed.amount);
  assert.equal(contractAfter, DEVNET_BOND_WEI + unclaimedFinal, "what is left: the locked bond and the final withdrawals not claimed yet");
  const shown = await waitFor("the follower to index the payouts", async () => {
    const view = await api(`/api/escape/${addressOf(2)}`);
    const all = await api("/api/escape");
    return view.escaped?.l1TxHash && all.deposits.every((d: any) => d.reclaimed?.l1TxHash) && view;
  });
  assert.equal(shown.escape, null);
  console.log(`escape e2e: ${escapedAccounts} of ${accountCount - emptyAccounts} accounts with a balance escaped once (${emptyAccounts} empty), ${unprocessed.length} of ${unprocessed.length} unprocessed deposits reclaimed once; paid ${escapedTotal} + ${reclaimedTotal} wei = escape state total + unprocessed deposits`);
  assert.equal(escapedAccounts, accountCount - emptyAccounts);

  // loft escape on the follower's data dir, verified past the escape batch: the state is replayed back to it
  const followers = await api(`/api/escape/${addressOf(2)}`);
  await follower.stop();
  follower = undefined;
  const again: string[] = [];
  assert.equal(await escapeCommand({ ...escapeConfig, dataDir: config.dataDir, given: [...escapeConfig.given, "data-dir"] }, log, (line) => again.push(line)), 0, again.join("\n"));
  assert.match(again.join("\n"), /escape: already paid on L1/);

  // the sequencer restarted on the frozen rollup: no intake, reads and stats say frozen
  restarted = await startNode(f.config, f.l1, log);
  const client = await RpcClient.open(restarted.url);
  try {
    const frozen = await waitFor("the sequencer to see the freeze", async () => (await (await fetch(`http://127.0.0.1:${restarted!.server.port}/api/stats`)).json()).frozen);
    assert.equal(frozen.escapeBatch, escapeBatch);
    const refused = await client.call("loft_sendTransaction", [signWithKey(keys[13]!, domainSeparator(loftDomain(31337n, f.l1.rollup)), { type: "transfer", to: addressOf(3), amount: 1n, fee: 10n ** 15n, nonce: 0 })]).catch((e: { code: number; message: string }) => e) as { code: number; message: string };
    assert.equal(refused.code, -32030);
    assert.match(refused.message, /^rollup is frozen: escape is open/);
    const account = await client.call<Record<string, string>>("loft_getAccount", [addressOf(2)]);
    assert.equal(account.address, addressOf(2), "reads keep working");
    const fromSequencer = async (path: string) => (await fetch(`http://127.0.0.1:${restarted!.server.port}${path}`)).json() as Promise<Record<string, any>>;
    const own = await fromSequencer(`/api/escape/${addressOf(2)}`);
    assert.deepEqual([own.stateRoot, own.account, own.escape], [followers.stateRoot, followers.account, null], "the sequencer's own store gives the same escape proof, already paid");
    const sequencerClaim = await waitFor("the sequencer to index the claim", async () => (await fromSequencer(`/api/withdrawals/${addressOf(5)}`)).withdrawals.find((w: any) => w.status === "claimed"));
    assert.equal(sequencerClaim.claimed.l1TxHash, claimReceipt!.hash);
    assert.equal((await fromSequencer(`/api/batches/${escapeBatch}`)).status, "finalized", "the escape batch is final on the sequencer too");
    assert.equal((await fromSequencer(`/api/batches/${escapeBatch + 1}`)).status, "committed", "a batch after it never is");
  } finally {
    client.close();
  }
});
