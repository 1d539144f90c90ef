/**
 * A full disk under load (the node as its own process on a size-limited tmpfs data dir): the node
 * does not die, refuses transactions with "disk full", keeps serving reads, and when space returns
 * seals everything it had accepted; a kill -9 while the disk is full and a restart on the full
 * disk (said in one line) lose nothing it had reported sealed. Skips where no tmpfs can be mounted.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { JsonRpcProvider, hexlify, toQuantity } from "ethers";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { startHardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { freePort } from "../../sequencer/devnet/free-port.ts";
import { DEVNET_SEQUENCER_KEY } from "../../sequencer/devnet/deploy-devnet.ts";
import { addressOfKey, standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { deployToChain } from "../../sequencer/node/chain-deploy.ts";
import { STORAGE_FAULT } from "../../sequencer/node/transaction-intake.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { RpcClient } from "./node-fixture.ts";
import { startNodeProcess, type NodeProcess } from "./node-process.ts";
import { mountSizeLimitedDir } from "./size-limited-dir.ts";

const SEALED = new Set(["sealed", "committed", "finalized"]);
/** Well above the devnet's minimum fee (sequencer/fees): these transfers must not be refused for their fee. */
const FEE = 10n ** 14n;

test("behavior: a disk that fills up under load stops intake with \"disk full\", reads go on, and nothing acknowledged is lost (also over kill -9 and a restart on the full disk)", { timeout: 240_000 }, async (t) => {
  const disk = mountSizeLimitedDir(96);
  if (typeof disk === "string") return t.skip(disk);
  const l1 = await startHardhatNode({ blockIntervalMs: 500 });
  let node: NodeProcess | undefined;
  let client: RpcClient | undefined;
  try {
    const provider = new JsonRpcProvider(l1.rpcUrl, undefined, { staticNetwork: true });
    await provider.send("hardhat_setBalance", [hexlify(addressOfKey(DEVNET_SEQUENCER_KEY)), toQuantity(10n ** 24n)]);
    provider.destroy();
    const key = hexlify(DEVNET_SEQUENCER_KEY);
    const dir = `${disk.path}/data`;
    const deployed = await deployToChain(resolveNodeConfig({ "l1-rpc": l1.rpcUrl, "sequencer-key": key, "data-dir": dir, "challenge-window": "30" }, {}, "deploy"));
    const port = await freePort();
    const args = ["start", "--l1-rpc", l1.rpcUrl, "--sequencer-key", key, "--rollup", deployed.rollup, "--data-dir", dir, "--port", String(port), "--l1-confirmations", "1", "--batch-interval-ms", "20", "--log-level", "warn", "--signature-workers", "1"];
    const http = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    node = await startNodeProcess(args);
    client = await RpcClient.open(`ws://127.0.0.1:${port}/ws`);
    await client.call("loft_subscribe", ["receipts"]);

    const separator = domainSeparator(loftDomain(deployed.chainId, deployed.rollup));
    const keys = standardDevKeys().slice(1, 9);
    const nonces = keys.map(() => 0);
    const accepted = new Set<string>();
    const senderOf = new Map<string, number>(); // hash → index in keys
    const sealed = new Map<string, string>(); // hash → batch, as the receipts said
    const refusals: string[] = [];
    let sent = 0;
    const collect = () => {
      for (const n of client!.notifications) if (n.result.status === "sealed" && n.result.hash) sealed.set(n.result.hash as string, n.result.batch as string);
    };
    /** One burst from every key; a refused transaction's nonce is sent again in the next burst. */
    const burst = async () => {
      await Promise.all(keys.map(async (k, i) => {
        const tx = signWithKey(k, separator, { type: "transfer", to: hexlify(addressOfKey(keys[(i + 1) % keys.length]!)), amount: 1000n + BigInt(sent++), fee: FEE, nonce: nonces[i]! });
        try {
          const hash = await client!.call<string>("loft_sendTransaction", [tx]);
          accepted.add(hash);
          senderOf.set(hash, i);
          nonces[i]!++;
        } catch (error) {
          if ((error as { code?: number }).code !== STORAGE_FAULT) throw error;
          refusals.push((error as Error).message);
        }
      }));
      collect();
    };
    const loadUntil = async (done: () => boolean, what: string, ms = 30_000) => {
      const deadline = Date.now() + ms;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms (${accepted.size} accepted, ${sealed.size} sealed, ${refusals.length} refused)`);
        await burst();
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const alive = () => assert.equal(node!.child.exitCode ?? node!.child.signalCode, null, `the node died:\n${node!.output().slice(-2000)}`);
    const checkReads = async () => {
      const account = await client!.call<{ nonce: string }>("loft_getAccount", [hexlify(addressOfKey(keys[0]!))]);
      assert.ok(account.nonce !== undefined);
      assert.ok((await client!.call<{ number: string } | null>("loft_getBatch", ["latest"])) !== null);
      assert.equal((await http("/api/stats")).status, 200);
      const ready = await http("/readyz");
      assert.equal(ready.status, 503);
      assert.ok(((await ready.json()) as { failing: string[] }).failing.includes("storageWritable"));
    };

    // 1. under load, the disk fills up: intake stops with "disk full", the node lives, reads work
    await loadUntil(() => sealed.size >= 100, "sealing under load");
    const filled = disk.fill();
    await loadUntil(() => refusals.length > 0, "intake refused after the disk filled");
    assert.match(refusals[0]!, /^disk full: the node takes no transactions until its storage takes writes again/);
    await burst(); // refused again, still alive
    alive();
    await checkReads();
    // reads are durable state: each sender's nonce counts exactly its transactions reported sealed, not those executed into a batch the disk refused
    await new Promise((r) => setTimeout(r, 500));
    collect();
    for (let i = 0; i < keys.length; i++) {
      const account: { nonce: string } = await client.call<{ nonce: string }>("loft_getAccount", [hexlify(addressOfKey(keys[i]!))]);
      const sealedFrom = [...sealed.keys()].filter((hash) => senderOf.get(hash) === i).length;
      assert.equal(Number(account.nonce), sealedFrom, `key ${i}: durable nonce ${account.nonce}, ${sealedFrom} of its transactions reported sealed`);
    }
    t.diagnostic(`disk filled (${(filled / 2 ** 20).toFixed(1)} MiB of filler) after ${sealed.size} sealed; ${accepted.size} accepted, then refused: "${refusals[0]}"`);

    // 2. space returns: intake resumes and everything accepted before the fault gets sealed
    disk.free();
    refusals.length = 0;
    const acceptedBefore = [...accepted];
    await loadUntil(() => acceptedBefore.every((hash) => sealed.has(hash)), "every accepted transaction sealed after space returned");
    alive();
    assert.match(node.output(), /disk full: intake stopped, reads still served/);
    t.diagnostic(`node log: ${node.output().split("\n").filter((line) => line.startsWith("{") && /disk full|storage/.test(line)).map((line) => { const entry = JSON.parse(line); return `${entry.msg}${entry.detail ? ` (${entry.detail})` : ""}`; }).join(" | ")}`);

    // 3. full again under load, then kill -9 while it is full, and a restart on the full disk
    disk.fill();
    await loadUntil(() => refusals.length > 0, "intake refused when the disk filled again");
    alive();
    collect();
    const sealedBeforeKill = new Map(sealed);
    client.close();
    assert.equal(await node.kill("SIGKILL"), null);
    node = await startNodeProcess(args);
    const startLines = node.output().split("\n").filter((line) => /under the 16\.0 MiB a batch write needs/.test(line));
    assert.equal(startLines.length, 1, `one line says the disk is full at start:\n${node.output().slice(-2000)}`);
    assert.match(startLines[0]!, /the node starts, serves reads and takes no transactions until space is freed/);
    client = await RpcClient.open(`ws://127.0.0.1:${port}/ws`);
    await client.call("loft_subscribe", ["receipts"]);
    for (let i = 0; i < keys.length; i++) nonces[i] = Number(await client.call<string>("eth_getTransactionCount", [hexlify(addressOfKey(keys[i]!)), "pending"]));
    refusals.length = 0;
    await burst();
    assert.ok(refusals.length === keys.length && refusals.every((m) => m.startsWith("disk full")), `refused at once on a full disk: ${refusals[0]}`);
    await checkReads();

    // 4. space returns: sealing resumes, and every transaction ever reported sealed is there, in its batch
    disk.free();
    const sealedAfter = sealed.size;
    await loadUntil(() => sealed.size >= sealedAfter + 50, "sealing resumed after the restart", 40_000);
    alive();
    for (const [hash, batch] of sealedBeforeKill) {
      const tx: Record<string, string> | null = await client.call<Record<string, string> | null>("loft_getTransaction", [hash]);
      assert.ok(tx, `sealed transaction ${hash} is gone`);
      assert.ok(SEALED.has(tx.status!), `${hash} is ${tx.status}`);
      assert.equal(tx.batch, batch);
    }
    t.diagnostic(`${sealedBeforeKill.size} transactions reported sealed before the kill -9, all present after the restart; ${sealed.size - sealedAfter} sealed after space returned`);

    // 5. stopped (SIGTERM) while the disk is full: it exits, it does not hang on LMDB's unsettled commit
    disk.fill();
    refusals.length = 0;
    await loadUntil(() => refusals.length > 0, "intake refused when the disk filled a third time");
    client.close();
    client = undefined;
    const exit = await Promise.race([node.kill("SIGTERM"), new Promise<string>((r) => setTimeout(() => r("still running after 20 s"), 20_000))]);
    assert.equal(exit, 0, `the node stopped on SIGTERM during the fault:\n${node.output().slice(-1500)}`);
  } finally {
    client?.close();
    await node?.kill("SIGKILL");
    await l1.stop();
    disk.remove();
  }
});
