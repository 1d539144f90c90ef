/**
 * A devnet node whose every L1 request goes through fault proxies (fault-proxy.ts): the Hardhat
 * L1 and the Rollup come from the devnet setup, the node is given the proxies' URLs as its
 * --l1-rpc list. Its log lines are kept (JSON objects) so that tests can count what it said.
 * Shared by the L1-fault tests and bench/l1.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { resolveNodeConfig, type NodeConfig } from "../../sequencer/config/node-config.ts";
import { setUpDevnet } from "../../sequencer/node/devnet-setup.ts";
import { startNode, type LoftNode } from "../../sequencer/node/loft-node.ts";
import type { L1Setup } from "../../sequencer/node/l1-setup.ts";
import { domainSeparator, loftDomain, type LoftDomain } from "../../sequencer/protocol/eip712.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { RpcClient } from "../node/node-fixture.ts";
import { startFaultProxy, type FaultProxy } from "./fault-proxy.ts";

/** The fee of the transfers sent here: far above any minimum the node's fee policy asks (the dev accounts hold 10,000 ETH each). */
export const TRANSFER_FEE = 10n ** 16n;

export interface FaultNode {
  node: LoftNode;
  l1: L1Setup;
  config: NodeConfig;
  proxies: FaultProxy[];
  /** Log lines of the running node (and of earlier runs after restart()). */
  logs: Record<string, unknown>[];
  client: RpcClient;
  /** The EIP-712 domain separator the node signs under (its loft_getDomain). */
  separator: Uint8Array;
  /** Sends one transfer from dev account `from` (nonce tracked here); resolves to its hash once accepted. */
  transfer(from: number, to: string): Promise<string>;
  /** Waits until every hash is in a sealed batch (or later), polling up to `timeoutMs`. */
  waitSealed(hashes: string[], timeoutMs?: number): Promise<void>;
  /** Waits until `predicate` holds, polling every 100 ms up to `timeoutMs`. */
  waitUntil(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  count(message: string): number;
  /** Stops the node (not the L1) and starts it again on the same data dir; ms until it serves. */
  restart(): Promise<number>;
  close(): Promise<void>;
}

export async function startFaultNode(options: { proxies?: number; flags?: Record<string, string> } = {}): Promise<FaultNode> {
  const dir = mkdtempSync(join(tmpdir(), "loft-l1-faults-"));
  const config = resolveNodeConfig({ port: "0", "data-dir": join(dir, "node"), "l1-confirmations": "1", "challenge-window": "2", "batch-interval-ms": "50", "signature-workers": "1", "max-commit-delay": "200", "l1-timeout-ms": "2000", ...options.flags }, {});
  const l1 = await setUpDevnet(config);
  const proxies: FaultProxy[] = [];
  const logs: Record<string, unknown>[] = [];
  const log = pino({ level: process.env.LOFT_TEST_LOG ?? "info" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  let node: LoftNode | undefined;
  let client: RpcClient | undefined;
  const keys = standardDevKeys();
  const nonces = new Map<number, number>();
  let separator: Uint8Array;
  const connect = async () => {
    client = await RpcClient.open(node!.url);
    const { domain } = await client.call<{ domain: { chainId: string; verifyingContract: string } }>("loft_getDomain");
    const d: LoftDomain = loftDomain(BigInt(domain.chainId), domain.verifyingContract);
    separator = domainSeparator(d);
  };
  try {
    for (let i = 0; i < (options.proxies ?? 1); i++) proxies.push(await startFaultProxy(l1.rpcUrl));
    const nodeL1 = { ...l1, rpcUrl: proxies.map((p) => p.url).join(",") };
    node = await startNode(config, nodeL1, log);
    await connect();
    const fixture: FaultNode = {
      get node() { return node!; },
      get client() { return client!; },
      get separator() { return separator; },
      l1, config, proxies, logs,
      async transfer(from, to) {
        const nonce = nonces.get(from) ?? 0;
        nonces.set(from, nonce + 1);
        return client!.call<string>("loft_sendTransaction", [signWithKey(keys[from]!, separator, { type: "transfer", to, amount: 1n, fee: TRANSFER_FEE, nonce })]);
      },
      async waitSealed(hashes, timeoutMs = 30_000) {
        await fixture.waitUntil(`${hashes.length} transactions sealed`, () => hashes.every((hash) => node!.reader.transaction(Buffer.from(hash.slice(2), "hex")) !== undefined), timeoutMs);
      },
      async waitUntil(what, predicate, timeoutMs = 60_000) {
        const deadline = Date.now() + timeoutMs;
        while (!(await predicate())) {
          if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      count: (message) => logs.filter((line) => line.msg === message || String(line.msg).startsWith(message)).length,
      async restart() {
        client?.close();
        await node!.stop();
        const started = performance.now();
        node = await startNode(config, nodeL1, log);
        await connect();
        await client!.call("loft_getBatch", ["latest"]);
        return performance.now() - started;
      },
      async close() {
        client?.close();
        await node?.stop().catch(() => {});
        for (const proxy of proxies) await proxy.stop();
        await l1.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return fixture;
  } catch (error) {
    client?.close();
    await node?.stop().catch(() => {});
    for (const proxy of proxies) await proxy.stop();
    await l1.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
