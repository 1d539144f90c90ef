/**
 * Nothing acknowledged is lost: the node runs as its own process under load and is killed with
 * SIGKILL; after a restart every transaction it had reported sealed is there, in the same batch,
 * and every batch it had announced has the same state root.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, hexlify, toQuantity } from "ethers";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { startHardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { freePort } from "../../sequencer/devnet/free-port.ts";
import { DEVNET_SEQUENCER_KEY } from "../../sequencer/devnet/deploy-devnet.ts";
import { addressOfKey, standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { deployToChain } from "../../sequencer/node/chain-deploy.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { RpcClient } from "./node-fixture.ts";
import { startNodeProcess, type NodeProcess } from "./node-process.ts";

/** Well above the node's minimum fee (sequencer/fees): no transfer here is refused for its fee. */
const FEE = 10n ** 14n;

test("behavior: kill -9 under load loses no transaction reported sealed", { timeout: 180_000 }, async (t) => {
  const l1 = await startHardhatNode({ blockIntervalMs: 500 });
  const dir = mkdtempSync(join(tmpdir(), "loft-crash-node-"));
  let node: NodeProcess | undefined;
  let client: RpcClient | undefined;
  try {
    const provider = new JsonRpcProvider(l1.rpcUrl, undefined, { staticNetwork: true });
    await provider.send("hardhat_setBalance", [hexlify(addressOfKey(DEVNET_SEQUENCER_KEY)), toQuantity(10n ** 24n)]);
    provider.destroy();
    const key = hexlify(DEVNET_SEQUENCER_KEY);
    const deployed = await deployToChain(resolveNodeConfig({ "l1-rpc": l1.rpcUrl, "sequencer-key": key, "data-dir": dir, "challenge-window": "30" }, {}, "deploy"));
    const port = await freePort();
    const args = ["start", "--l1-rpc", l1.rpcUrl, "--sequencer-key", key, "--rollup", deployed.rollup, "--data-dir", dir, "--port", String(port), "--l1-confirmations", "1", "--batch-interval-ms", "20", "--log-level", "warn", "--signature-workers", "1"];
    node = await startNodeProcess(args);
    client = await RpcClient.open(`ws://127.0.0.1:${port}/ws`);
    await client.call("loft_subscribe", ["receipts"]);
    await client.call("loft_subscribe", ["newBatches"]);

    const separator = domainSeparator(loftDomain(deployed.chainId, deployed.rollup));
    const keys = standardDevKeys().slice(1, 9);
    const nonces = keys.map(() => 0);
    const sealed = new Map<string, string>(); // hash → batch
    const deadline = Date.now() + 30_000;
    let sent = 0;
    while (sealed.size < 300 && Date.now() < deadline && sent < 3_000) {
      const burst = keys.map((k, i) => client!.call<string>("loft_sendTransaction", [signWithKey(k, separator, { type: "transfer", to: hexlify(addressOfKey(keys[(i + 1) % keys.length]!)),  amount: 1000n + BigInt(sent), fee: FEE, nonce: nonces[i]!++ })]));
      sent += burst.length;
      await Promise.all(burst);
      for (const n of client.notifications) if (n.result.status === "sealed" && n.result.hash) sealed.set(n.result.hash as string, n.result.batch as string);
    }
    assert.ok(sealed.size >= 50, `only ${sealed.size} transactions sealed before the kill`);
    t.diagnostic(`${sent} sent, ${sealed.size} reported sealed in ${new Set(sealed.values()).size} batches before SIGKILL`);
    const roots = new Map(client.notifications.filter((n) => n.result.stateRoot && n.result.status === "sealed").map((n) => [n.result.number as string, n.result.stateRoot as string]));
    client.close();
    assert.equal(await node.kill("SIGKILL"), null);

    node = await startNodeProcess(args);
    client = await RpcClient.open(`ws://127.0.0.1:${port}/ws`);
    for (const [hash, batch] of sealed) {
      const tx: Record<string, string> | null = await client.call<Record<string, string> | null>("loft_getTransaction", [hash]);
      assert.ok(tx, `sealed transaction ${hash} is gone after kill -9`);
      assert.ok(["sealed", "committed", "finalized"].includes(tx.status!), `${hash} is ${tx.status}`);
      assert.equal(tx.batch, batch);
    }
    for (const [number, stateRoot] of roots) {
      const batch: Record<string, string> = await client.call<Record<string, string>>("loft_getBatch", [number]);
      assert.equal(batch.stateRoot, stateRoot, `batch ${number} changed its state root`);
    }
    // it keeps sealing after the restart, from the nonces it recovered
    const first = keys[0]!;
    const hash: string = await client.call<string>("loft_sendTransaction", [signWithKey(first, separator, { type: "transfer", to: hexlify(addressOfKey(keys[1]!)), amount: 1n, fee: FEE, nonce: Number(await client.call<string>("eth_getTransactionCount", [hexlify(addressOfKey(first)), "pending"])) })]);
    await client.call("loft_subscribe", ["receipts"]);
    const status = await waitForStatus(client, hash);
    assert.ok(["sealed", "committed", "finalized"].includes(status));
  } finally {
    client?.close();
    await node?.kill("SIGTERM");
    await l1.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function waitForStatus(client: RpcClient, hash: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const tx: Record<string, string> | null = await client.call<Record<string, string> | null>("loft_getTransaction", [hash]);
    if (tx && tx.status !== "accepted") return tx.status!;
    if (Date.now() > deadline) throw new Error(`${hash} still ${tx?.status} after 20 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
