/**
 * End-to-end attacks on a devnet, one per kind of forgery a challenger proves from L1 alone
 * (docs/fraud-proofs.md §4): a made-up txRoot (TxRoot), a transaction signed by another key
 * (BadSignature), a transfer above the sender's balance (InsufficientBalance), a full exit the
 * batch skips while advancing queueCount over it (QueueMismatch) and random roots and entries
 * (StateRoot at chunk 0); and `loft prove` printing a proof and, as the CLI, sending one. Each
 * forged batch is committed with the sequencer's key on top of final honest batches; the
 * challenger convicts it with that kind, is paid bond / 2 and the rollup freezes at the last honest
 * batch (attack-run.ts). Also: a commit already final, a proof that cannot be
 * sent (tried once more), and a follower restarted with --challenge at a stored mismatch.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Contract, Wallet, hexlify } from "ethers";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFollower } from "../../sequencer/follower/start-follower.ts";
import pino from "pino";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { proveCommand } from "../../sequencer/fraud/prove-command.ts";
import { rollupInterface } from "../../sequencer/l1/rollup-abi.ts";
import { commitForgedBatches } from "../follower/forge-batch.ts";
import { Account, ExitList } from "../../sequencer/protocol/ssz-types.ts";
import { encodeChunk } from "./chunk-encoder.ts";
import { CHALLENGE_WINDOW, challengerStats, fundedWallet, keys, startAttackDevnet, startChallenger, waitFor, type AttackDevnet, type Challenging } from "./attack-devnet.ts";
import { attack, randomRoot, signedTransfer } from "./attack-run.ts";

let d: AttackDevnet;
before(async () => {
  d = await startAttackDevnet(2);
});
after(async () => {
  await d?.close();
});

const addressOf = (k: number) => Uint8Array.from(Buffer.from(new Wallet(hexlify(keys[k]!)).address.slice(2), "hex"));

test("attack: a made-up txRoot is proven wrong (TxRoot); loft prove prints the same proof", { timeout: 120_000 }, async () => {
  await attack(d, { transactions: signedTransfer(d, 9), txRoot: randomRoot() }, { kind: "TxRoot", fn: "proveTxRoot" }, {
    afterForge: async (forged) => {
      const lines: string[] = [];
      const config = resolveNodeConfig({ "l1-rpc": d.f.l1.rpcUrl, rollup: d.f.l1.rollup, batch: String(forged), "l1-confirmations": "1", "signature-workers": "1" }, {}, "prove");
      assert.equal(await proveCommand(config, pino({ level: "silent" }), (line) => lines.push(line)), 0);
      const out = lines.join("\n");
      assert.match(out, new RegExp(`batch ${forged}: proveTxRoot proves TxRoot \\(kind 10\\) at chunk 0, position 0`));
      assert.match(out, /eth_call now: succeeds/);
      assert.match(out, /calldata: 0x[0-9a-f]{200,}/);
    },
  });
});

test("attack: loft prove --send (the CLI) proves a forged signature, and never prints its key", { timeout: 120_000 }, async () => {
  const snapshot = await d.provider.send("evm_snapshot", []);
  try {
    const [forged] = await commitForgedBatches(d.f.l1.rpcUrl, d.f.l1.rollup, d.f.l1.sequencerKey, d.honest.reader, [{ transactions: signedTransfer(d, 11, { signer: 12 }) }]);
    const prover = await fundedWallet(d.provider);
    const run = spawnSync(process.execPath, ["--import", "tsx", "sequencer/cli/main.ts", "prove", "--batch", String(forged), "--l1-rpc", d.f.l1.rpcUrl, "--rollup", d.f.l1.rollup, "--l1-confirmations", "1", "--signature-workers", "1", "--log-level", "info", "--send"], {
      encoding: "utf8", timeout: 60_000, env: { ...process.env, LOFT_CHALLENGER_KEY: prover.privateKey },
    });
    const out = `${run.stdout}${run.stderr}`;
    assert.equal(run.status, 0, out);
    assert.match(out, new RegExp(`sent: FraudProven batch ${forged}, BadSignature at chunk 0, position 0; reward \\d+ wei to ${prover.address}`));
    assert.ok(!out.includes(prover.privateKey.slice(2)), "the key is never printed");
    assert.equal((await d.rollup.getFunction("escapeHatch")()).frozen, true);
  } finally {
    await d.provider.send("evm_revert", [snapshot]);
  }
});

test("attack: a transfer from account 10 signed by account 11's key, every root computed from it, is proven wrong (BadSignature)", { timeout: 120_000 }, async () => {
  await attack(d, { transactions: signedTransfer(d, 10, { signer: 11, amount: 10n ** 18n }) }, { kind: "BadSignature", fn: "proveSignature" });
});

test("attack: a transfer above the sender's balance is proven wrong (InsufficientBalance)", { timeout: 120_000 }, async () => {
  const sender = d.honest.core.state.indexOf(addressOf(10));
  const balance = Account.deserialize(d.honest.core.state.account(sender)).balance;
  await attack(d, {
    transactions: signedTransfer(d, 10),
    // the posted record moves more than the sender has; the roots stay those of the 1-wei transfer
    editSegments: (segments) => [{ ...segments[0]!, chunk: encodeChunk([{ record: { withdraw: false, from: sender, to: 1, amount: balance + 1n, fee: 0n, signature: new Uint8Array(65).fill(1) } }]) }],
  }, { kind: "InsufficientBalance", fn: "proveStateTransition" });
});

test("attack: a full exit skipped while queueCount advances over it is proven wrong (QueueMismatch)", { timeout: 120_000 }, async () => {
  await attack(d, async () => {
    const exiting = new Contract(d.f.l1.rollup, rollupInterface(), new Wallet(hexlify(keys[12]!), d.provider));
    await (await exiting.getFunction("requestFullExit")()).wait();
    const index = d.honest.core.state.indexOf(addressOf(12));
    assert.ok(Account.deserialize(d.honest.core.state.account(index)).balance > 0n, "the exiting account has a balance to withdraw");
    return {
      queueMessages: 1,
      // posted as if the account did not exist (ref 0: no withdrawal), nothing changes, nothing is withdrawn
      editSegments: (segments) => [{ ...segments[0]!, chunk: Uint8Array.of(0) }],
      stateRoot: d.honest.follower.head.stateRoot,
      exitRoot: ExitList.hashTreeRoot([]),
    };
  }, { kind: "QueueMismatch", fn: "proveStateTransition" });
});

test("attack: random roots and a random chunk entry are proven wrong (StateRoot)", { timeout: 120_000 }, async () => {
  await attack(d, {
    transactions: signedTransfer(d, 9),
    stateRoot: randomRoot(), txRoot: randomRoot(), exitRoot: randomRoot(),
    editSegments: (segments) => segments.map((s) => ({ ...s, entry: randomRoot() })),
  }, { kind: "StateRoot", fn: "proveStateTransition" });
});

test("behavior: a forged batch whose commit is already final is reported as final and no proof is sent", { timeout: 120_000 }, async () => {
  const snapshot = await d.provider.send("evm_snapshot", []);
  let challenger: Challenging | undefined;
  try {
    await commitForgedBatches(d.f.l1.rpcUrl, d.f.l1.rollup, d.f.l1.sequencerKey, d.honest.reader, [{ transactions: signedTransfer(d, 9), stateRoot: randomRoot() }]);
    await d.provider.send("evm_increaseTime", [CHALLENGE_WINDOW + 1]);
    await d.provider.send("hardhat_mine", ["0x2"]);
    const prover = await fundedWallet(d.provider);
    challenger = await startChallenger(d.f.l1, prover.privateKey);
    const service = challenger.service;
    const report = await waitFor("the challenger's report", async () => (await challengerStats(service)).proofs[0]);
    assert.equal(report.status, "final");
    assert.match(report.error!, /is final already .*no fraud proof of it can be accepted/);
    assert.equal((await challengerStats(service)).lastError, report.error);
    assert.equal(await d.provider.getTransactionCount(prover.address), 0, "nothing was sent");
    assert.equal((await d.rollup.getFunction("escapeHatch")()).frozen, false);
  } finally {
    await challenger?.stop();
    await d.provider.send("evm_revert", [snapshot]);
  }
});

test("behavior: a proof that cannot be sent (a prover without ETH) is reported with its error and tried exactly once more", { timeout: 120_000 }, async () => {
  const snapshot = await d.provider.send("evm_snapshot", []);
  let challenger: Challenging | undefined;
  try {
    await commitForgedBatches(d.f.l1.rpcUrl, d.f.l1.rollup, d.f.l1.sequencerKey, d.honest.reader, [{ transactions: signedTransfer(d, 9), stateRoot: randomRoot() }]);
    challenger = await startChallenger(d.f.l1, Wallet.createRandom().privateKey); // no ETH for gas
    const service = challenger.service;
    const reports = await waitFor("two attempts", async () => {
      const { proofs } = await challengerStats(service);
      return proofs.length >= 2 ? proofs : undefined;
    });
    await new Promise((r) => setTimeout(r, 2_500)); // more polls: no third attempt
    const stats = await challengerStats(service);
    assert.equal(stats.proofs.length, 2, "one attempt and one retry, no more");
    for (const report of stats.proofs) assert.deepEqual([report.status, report.kind, report.fn], ["reverted", "StateRoot", "proveStateTransition"]);
    assert.match(reports[0]!.error!, /insufficient funds|balance/i);
    assert.equal(stats.lastError, stats.proofs[1]!.error);
    assert.equal((await d.rollup.getFunction("escapeHatch")()).frozen, false);
    assert.equal(service.running.follower.mismatch?.field, "stateRoot", "the follower keeps serving at its mismatch");
  } finally {
    await challenger?.stop();
    await d.provider.send("evm_revert", [snapshot]);
  }
});

test("behavior: a follower stopped at a mismatch and restarted with --challenge proves the stored mismatch from L1", { timeout: 120_000 }, async () => {
  const snapshot = await d.provider.send("evm_snapshot", []);
  let challenger: Challenging | undefined;
  const dir = mkdtempSync(join(tmpdir(), "loft-restart-"));
  try {
    const [forged] = await commitForgedBatches(d.f.l1.rpcUrl, d.f.l1.rollup, d.f.l1.sequencerKey, d.honest.reader, [{ transactions: signedTransfer(d, 9), exitRoot: randomRoot() }]);
    const plain = await startFollower({ l1Rpc: d.f.l1.rpcUrl, rollup: d.f.l1.rollup, dataDir: dir, confirmations: 1, devAccounts: 0, signatureWorkers: 1 });
    try {
      await waitFor("the mismatch", async () => {
        await plain.follower.poll();
        return plain.follower.mismatch;
      });
    } finally {
      await plain.close();
    }
    const prover = await fundedWallet(d.provider);
    challenger = await startChallenger(d.f.l1, prover.privateKey, { "data-dir": dir });
    const service = challenger.service;
    const report = await waitFor("the proof of the stored mismatch", async () => (await challengerStats(service)).proofs[0]);
    assert.deepEqual([report.status, report.batch, report.kind], ["proven", forged, "ExitRoot"], JSON.stringify(report));
    await waitFor("the follower sees the rollup frozen", () => service.running.follower.frozen);
  } finally {
    await challenger?.stop();
    rmSync(dir, { recursive: true, force: true });
    await d.provider.send("evm_revert", [snapshot]);
  }
});
