/**
 * Test-only: one end-to-end attack (docs/fraud-proofs.md §4 consequences) between an L1 snapshot and
 * its revert: the forged batch is committed with the sequencer's key, a challenging follower started
 * from L1 alone proves it, and the test checks what L1 says: FraudProven with the expected kind for
 * the forged batch, bond / 2 paid to the prover (its balance moved by exactly reward − gas), the
 * rollup frozen at the last honest batch, the forged commit and every later one gone, /api/stats and
 * /metrics reporting it. Escapes from the last honest final state are checked by `escapeEveryAccount`.
 */
import assert from "node:assert/strict";
import { Wallet, hexlify } from "ethers";
import { FRAUD_KIND_NAMES } from "../../sequencer/fraud/batch-proof-search.ts";
import { provenFraudOf, revertReason } from "../../sequencer/fraud/challenger-send.ts";
import { FraudKind } from "../../sequencer/fraud/fraud-inputs.ts";
import { escapeCalldata } from "../../sequencer/l1/withdraw-calldata.ts";
import { domainSeparator, loftDomain, transactionDigest } from "../../sequencer/protocol/eip712.ts";
import { signDigest } from "../../sequencer/protocol/signature.ts";
import { Account, Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { commitForgedBatch, type Forgery } from "../follower/forge-batch.ts";
import { challengerStats, fundedWallet, keys, startChallenger, waitFor, type AttackDevnet, type Challenging } from "./attack-devnet.ts";

export interface AttackOutcome {
  forged: number;
  challenger: Challenging;
}

const addressOf = (k: number) => Uint8Array.from(Buffer.from(new Wallet(hexlify(keys[k]!)).address.slice(2), "hex"));

/** A correctly signed transfer of `amount` from dev account `k` to a new account (its nonce read from the honest state). */
export function signedTransfer(d: AttackDevnet, k: number, options: { amount?: bigint; signer?: number; to?: Uint8Array } = {}): Uint8Array {
  const separator = domainSeparator(loftDomain(31337n, d.f.l1.rollup));
  const from = addressOf(k);
  const nonce = Account.deserialize(d.honest.core.state.account(d.honest.core.state.indexOf(from))).nonce;
  const fields = { kind: TxKind.transfer, to: options.to ?? new Uint8Array(20).fill(k), amount: options.amount ?? 1n, fee: 0n, nonce } as const;
  return Transaction.serialize({ ...fields, from, signature: signDigest(transactionDigest(separator, fields), keys[options.signer ?? k]!) });
}

export const randomRoot = () => Uint8Array.from(Array.from({ length: 32 }, () => Math.floor(Math.random() * 256)));

/**
 * Forges with `forgery` (a function runs inside the snapshot), lets a challenger prove it and checks
 * the consequences; `afterForge` runs before the challenger starts (the forged commit is still on
 * L1), `more` after the proof with the challenger still up, both before the revert.
 */
export async function attack(
  d: AttackDevnet,
  forgery: Forgery | (() => Promise<Forgery>),
  expected: { kind: keyof typeof FraudKind; fn: string },
  hooks: { afterForge?(forged: number): Promise<void>; more?(outcome: AttackOutcome): Promise<void> } = {},
): Promise<void> {
  const { provider, rollup, f } = d;
  const snapshot = await provider.send("evm_snapshot", []);
  let challenger: Challenging | undefined;
  try {
    const bond = BigInt(await rollup.getFunction("bond")());
    const made = typeof forgery === "function" ? await forgery() : forgery;
    const forged = await commitForgedBatch(f.l1.rpcUrl, f.l1.rollup, f.l1.sequencerKey, d.honest.reader, made);
    const forgedCommit = Number(await rollup.getFunction("commitOf")(forged));
    await hooks.afterForge?.(forged);
    const prover = await fundedWallet(provider);
    const before = await provider.getBalance(prover.address);
    challenger = await startChallenger(d.f.l1, prover.privateKey);
    const { follower } = challenger.service.running;
    const service = challenger.service;
    const frozen = await waitFor("the challenger's proof (the follower sees the rollup frozen)", async () => {
      const stats = await challengerStats(service);
      const failed = stats.proofs.find((p) => p.status !== "proven");
      if (failed) throw new Error(`the challenger did not prove batch ${forged}: ${JSON.stringify(failed)}`);
      return follower.frozen;
    }, 45_000);
    assert.equal(follower.mismatch?.batch, forged, "the follower stopped at the forged batch");
    assert.equal(frozen.provenBatch, forged);
    const stats = await challengerStats(service);
    assert.equal(stats.proofs.length, 1, "one proof sent");
    const [report] = stats.proofs;
    assert.deepEqual([report!.status, report!.fn, report!.kind, report!.batch], ["proven", expected.fn, expected.kind, forged]);
    assert.equal(stats.lastError, null);
    assert.equal(stats.prover, prover.address);

    const receipt = (await provider.getTransactionReceipt(report!.l1TxHash!))!;
    const proven = provenFraudOf(receipt.logs, f.l1.rollup)!;
    assert.equal(FRAUD_KIND_NAMES[proven.kind as FraudKind], expected.kind);
    assert.equal(proven.batch, forged);
    assert.equal(proven.prover, prover.address);
    assert.equal(proven.reward, bond / 2n, "the prover is paid half the bond");
    const gas = receipt.gasUsed * receipt.gasPrice;
    assert.equal(await provider.getBalance(prover.address), before + proven.reward - gas, "the prover's balance moved by exactly reward − gas");

    const hatch = await rollup.getFunction("escapeHatch")();
    assert.equal(hatch.frozen, true, "the rollup is frozen");
    assert.equal(Number(hatch.batch), d.lastHonest, "the escape batch is the last honest (final) batch");
    assert.equal(await rollup.getFunction("escapeStateRoot")(), hexlify(d.honest.follower.head.stateRoot));
    assert.equal(Number(await rollup.getFunction("commitCount")()), forgedCommit, "the forged commit and every later one are gone");
    assert.equal(Number((await rollup.getFunction("chain")()).lastNumber), forged - 1);
    await assert.rejects(rollup.getFunction("commitOf").staticCall(forged), (e: unknown) => /UnknownBatch/.test(revertReason(e)));

    const metrics = await (await fetch(`http://127.0.0.1:${service.server.port}/metrics`)).text();
    assert.match(metrics, new RegExp(`loft_fraud_proofs_sent_total\\{kind="${expected.kind}"\\} 1`));
    assert.match(metrics, new RegExp(`loft_fraud_proofs_succeeded_total\\{kind="${expected.kind}"\\} 1`));
    await hooks.more?.({ forged, challenger });
  } finally {
    await challenger?.stop();
    await provider.send("evm_revert", [snapshot]);
  }
}

/**
 * Every account of the escape state (the challenger follower's verified state, whose root is the
 * Rollup's escapeStateRoot) escapes with its exact balance, sent by a third party; a second escape
 * is refused.
 */
export async function escapeEveryAccount(d: AttackDevnet, challenger: Challenging): Promise<number> {
  const { core } = challenger.service.running;
  assert.equal(hexlify(core.state.root()), await d.rollup.getFunction("escapeStateRoot")());
  const escaper = await fundedWallet(d.provider);
  let nonce = await d.provider.getTransactionCount(escaper.address);
  let escaped = 0;
  for (let i = 0; i < core.state.count; i++) {
    const account = Account.deserialize(core.state.account(i));
    if (account.balance === 0n) continue;
    const proof = core.state.accountProof(i);
    const address = hexlify(account.address);
    const before = await d.provider.getBalance(address);
    const receipt = await (await escaper.sendTransaction({ to: d.f.l1.rollup, data: escapeCalldata({ index: i, length: proof.length, account, branch: proof.branch }), nonce: nonce++ })).wait();
    assert.equal(receipt?.status, 1);
    assert.equal(await d.provider.getBalance(address), before + account.balance, `account ${i} escaped with exactly its balance`);
    escaped++;
  }
  const first = Account.deserialize(core.state.account(1));
  const proof = core.state.accountProof(1);
  await assert.rejects(escaper.call({ to: d.f.l1.rollup, data: escapeCalldata({ index: 1, length: proof.length, account: first, branch: proof.branch }) }), (e: unknown) => /AlreadyEscaped/.test(revertReason(e)));
  return escaped;
}
