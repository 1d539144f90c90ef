/**
 * Test-only: a devnet for end-to-end fraud-proof attacks (docs/fraud-proofs.md §4). Honest traffic
 * is sealed and committed by the node, which then stops (the operator goes rogue); the honest
 * commits are made final (L1 time moved past the challenge window) so that the last honest batch is
 * the escape batch; an honest follower's verified storage is what the forger builds on. Each attack
 * runs between an L1 snapshot and its revert, with a challenging follower started from L1 alone.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, JsonRpcProvider, Wallet, hexlify, parseEther } from "ethers";
import pino from "pino";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { runFollower, type FollowerService } from "../../sequencer/follower/run-follower.ts";
import { startFollower, type RunningFollower } from "../../sequencer/follower/start-follower.ts";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { rollupInterface } from "../../sequencer/l1/rollup-abi.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import type { ProofReport } from "../../sequencer/fraud/challenger.ts";
import { RpcClient, startDevnetNode, type NodeFixture } from "../node/node-fixture.ts";

export const keys = standardDevKeys();
export const CHALLENGE_WINDOW = 20;

export interface AttackDevnet {
  f: NodeFixture;
  provider: JsonRpcProvider;
  rollup: Contract;
  /** The honest follower at the last honest batch (the forger's base). */
  honest: RunningFollower;
  lastHonest: number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for `check` to return a value, polling every 100 ms for at most `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** Transfers and a withdrawal from dev accounts 1..4 (to fresh and existing accounts), a deposit: `rounds` rounds. */
async function honestTraffic(f: NodeFixture, provider: JsonRpcProvider, rounds: number): Promise<void> {
  const client = await RpcClient.open(f.node.url);
  try {
    const separator = domainSeparator(loftDomain(31337n, f.l1.rollup));
    const fresh = Array.from({ length: 3 }, () => Wallet.createRandom().address);
    for (let n = 0; n < rounds; n++) {
      const sends: Promise<unknown>[] = [];
      for (let k = 1; k <= 4; k++) {
        const to = n % 2 === 0 ? fresh[(n + k) % fresh.length]! : new Wallet(hexlify(keys[k + 4]!)).address;
        const request = n === 1 && k === 2 ? { type: "withdraw" as const, recipient: to, amount: 10n ** 15n, fee: 7n * 10n ** 14n, nonce: n } : { type: "transfer" as const, to, amount: BigInt(n * 1000 + k) * 10n ** 12n, fee: 10n ** 15n, nonce: n }; // fees above the node's minimum
        sends.push(client.call("loft_sendTransaction", [signWithKey(keys[k]!, separator, request)]));
      }
      await Promise.all(sends);
    }
    const depositor = new Contract(f.l1.rollup, rollupInterface(), new Wallet(hexlify(keys[13]!), provider));
    await (await depositor.getFunction("deposit")(fresh[0]!, { value: parseEther("2") })).wait();
    const sender = new Wallet(hexlify(keys[4]!)).address;
    await waitFor("the traffic sealed and committed", async () => {
      const nonce = await client.call<string>("eth_getTransactionCount", [sender, "latest"]);
      const header = await client.call<Record<string, string> | null>("loft_getBatch", ["latest"]);
      const latest = f.node.latestBatch(); // read after the nonce and the queue count, so at or after the batches holding them
      const status = f.node.reader.batch(latest)?.status;
      return nonce === `0x${rounds.toString(16)}` && header?.queueCount === "0x1" && (status === "committed" || status === "finalized") ? latest : undefined;
    });
  } finally {
    client.close();
  }
}

export async function startAttackDevnet(rounds = 3): Promise<AttackDevnet> {
  const f = await startDevnetNode({ "challenge-window": String(CHALLENGE_WINDOW), "max-commit-delay": "200", "batch-interval-ms": "100" });
  const provider = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const dirs: string[] = [];
  let honest: RunningFollower | undefined;
  try {
    await honestTraffic(f, provider, rounds);
    await f.node.stop(); // the operator goes rogue: nothing honest is posted from here on
    await provider.send("evm_increaseTime", [CHALLENGE_WINDOW + 1]);
    await provider.send("hardhat_mine", ["0x2"]);
    const dir = mkdtempSync(join(tmpdir(), "loft-honest-"));
    dirs.push(dir);
    honest = await startFollower({ l1Rpc: f.l1.rpcUrl, rollup: f.l1.rollup, dataDir: dir, confirmations: 1, devAccounts: 0, signatureWorkers: 1 });
    const lastHonest = f.node.latestBatch();
    const h = honest;
    await waitFor(`the honest follower at batch ${lastHonest}`, async () => {
      await h.follower.poll();
      if (h.follower.mismatch) throw new Error(`the honest follower stopped at ${JSON.stringify(h.follower.mismatch)}`);
      return h.follower.head.number >= lastHonest ? true : undefined;
    });
    const rollup = new Contract(f.l1.rollup, rollupInterface(), provider);
    if (Number(await rollup.getFunction("lastFinalBatch")()) !== lastHonest) throw new Error("the honest batches are not final");
    return {
      f, provider, rollup, honest, lastHonest,
      async close() {
        await h.close();
        provider.destroy();
        await f.close();
        for (const d of dirs) rmSync(d, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await honest?.close();
    provider.destroy();
    await f.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    throw error;
  }
}

/** A new L1 account with 100 ETH (hardhat_setBalance) that is no L2 account: its balance changes only by what it pays and receives. */
export async function fundedWallet(provider: JsonRpcProvider): Promise<Wallet> {
  const wallet = new Wallet(Wallet.createRandom().privateKey, provider);
  await provider.send("hardhat_setBalance", [wallet.address, `0x${parseEther("100").toString(16)}`]);
  return wallet;
}

export interface Challenging {
  service: FollowerService;
  dir: string;
  stop(): Promise<void>;
}

/** `loft follow --challenge` in this process, from L1 alone (a fresh data dir), proving with `key`. */
export async function startChallenger(l1: { rpcUrl: string; rollup: string }, key: string, extra: Record<string, string> = {}): Promise<Challenging> {
  const dir = mkdtempSync(join(tmpdir(), "loft-challenger-"));
  const config = resolveNodeConfig({
    "l1-rpc": l1.rpcUrl, rollup: l1.rollup, "data-dir": dir, port: "0", "l1-confirmations": "1", "signature-workers": "1",
    challenge: true, "challenger-key": key, ...extra,
  }, {}, "follow");
  const service = await runFollower(config, pino({ level: process.env.LOFT_TEST_LOG ?? "silent" }));
  return {
    service, dir,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The follower's /api/stats `follower.challenger`. */
export async function challengerStats(service: FollowerService): Promise<{ proofs: ProofReport[]; lastError: string | null; prover: string }> {
  const stats = (await (await fetch(`http://127.0.0.1:${service.server.port}/api/stats`)).json()) as { follower: { challenger: { proofs: ProofReport[]; lastError: string | null; prover: string } } };
  return stats.follower.challenger;
}
