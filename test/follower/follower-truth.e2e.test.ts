/**
 * A follower tells the truth (issue 14 items 3 and 6): a queue watcher that has not read as far as
 * a commit's queue messages (a lagging L1 read between two block-number reads) delays the batch
 * to the next poll and never becomes a durable mismatch; its batches reach `finalized` when the
 * Rollup's lastFinalBatch() does, as the sequencer's; proofs at any stored batch (replayed from the
 * stored batches, escape/state-at-batch.ts) verify against that batch's stateRoot, in any order;
 * and its reads never show state past its verified head.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, JsonRpcProvider, Wallet, getAddress, getBytes, hexlify, parseEther } from "ethers";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { loadRollupArtifact } from "../../sequencer/l1/rollup-abi.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { Account, BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import { startFollower, type RunningFollower } from "../../sequencer/follower/start-follower.ts";
import { lastFinalBatch } from "../../sequencer/follower/follower-finality.ts";
import { verifiedCore } from "../../sequencer/follower/verified-state.ts";
import { StateAtBatch } from "../../sequencer/escape/state-at-batch.ts";
import { accountProofIn } from "../../sequencer/escape/escape-claims.ts";
import { RpcClient, startDevnetNode, type NodeFixture } from "../node/node-fixture.ts";
import { listRootFromProof } from "../explorer/merkle-check.ts";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { escapeCommand } from "../../sequencer/escape/escape-command.ts";
import pino from "pino";

let f: NodeFixture;
let running: RunningFollower | undefined;
let provider: JsonRpcProvider;
const dirs: string[] = [];
const keys = standardDevKeys();
const addressOf = (k: number) => new Wallet(hexlify(keys[k]!)).address;

before(async () => {
  f = await startDevnetNode({ "batch-interval-ms": "100" });
  provider = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true });
});
after(async () => {
  await running?.close();
  provider?.destroy();
  await f?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, read: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("default: a lagging queue read is retried, never a mismatch; batches finalize; proofs at every batch verify; reads stay verified", { timeout: 120_000 }, async () => {
  const client = await RpcClient.open(f.node.url);
  const separator = domainSeparator(loftDomain(31337n, f.l1.rollup));
  const fresh = Wallet.createRandom().address;
  let last = "";
  try {
    await client.call("loft_sendTransaction", [signWithKey(keys[1]!, separator, { type: "transfer", to: fresh, amount: parseEther("1"), fee: 10n ** 15n, nonce: 0 })]);
    await client.call("loft_sendTransaction", [signWithKey(keys[2]!, separator, { type: "withdraw", recipient: addressOf(2), amount: parseEther("2"), fee: 10n ** 15n, nonce: 0 })]);
    const rollup = new Contract(f.l1.rollup, loadRollupArtifact().abi, new Wallet(hexlify(keys[3]!), provider));
    await (await rollup.getFunction("deposit")(fresh, { value: parseEther("0.5") })).wait();
    last = await client.call<string>("loft_sendTransaction", [signWithKey(keys[1]!, separator, { type: "transfer", to: addressOf(4), amount: parseEther("1"), fee: 10n ** 15n, nonce: 1 })]);
  } finally {
    client.close();
  }
  const latest = await until("the node to commit everything", () => {
    if (!f.node.reader.transaction(getBytes(last))) return undefined; // the last transfer is stored: the latest batch read next holds it
    const n = f.node.latestBatch();
    const header = f.node.reader.batch(n);
    return header && header.status !== "sealed" && BatchHeader.deserialize(new Uint8Array(header.header)).queueCount === 1 && n;
  });

  const dataDir = mkdtempSync(join(tmpdir(), "loft-follower-truth-"));
  dirs.push(dataDir);
  running = await startFollower({ l1Rpc: f.l1.rpcUrl, rollup: f.l1.rollup, dataDir, confirmations: 1, devAccounts: 0, signatureWorkers: 1 });
  const { follower, reader } = running;
  const queue = follower.internals.deps.queue;
  const poll = queue.poll.bind(queue);
  queue.poll = async () => []; // the queue read lags behind the commits this poll reads
  await follower.poll();
  assert.equal(follower.mismatch, undefined, "a queue read behind the commits is not a mismatch");
  const withQueue = [...Array(latest).keys()].map((i) => i + 1).find((n) => BatchHeader.deserialize(new Uint8Array(f.node.reader.batch(n)!.header)).queueCount > 0)!;
  assert.equal(follower.head.number, withQueue - 1, "the follower stopped right before the batch whose queue message it has not read");
  queue.poll = poll;
  await until("the follower to catch up", async () => (await follower.poll(), follower.head.number >= latest));
  assert.equal(follower.mismatch, undefined);
  for (let n = 1; n <= latest; n++) assert.deepEqual(reader.batch(n)!.root, f.node.reader.batch(n)!.root, `batch ${n}`);

  // finality: the follower's batches are finalized exactly up to the Rollup's lastFinalBatch()
  const final = await until("a final commit", async () => {
    await follower.poll();
    const last = await lastFinalBatch(provider, f.l1.rollup, "latest");
    return last >= latest && last;
  });
  await follower.poll();
  for (let n = 1; n <= latest; n++) assert.equal(reader.batch(n)!.status, n <= final ? "finalized" : "committed", `batch ${n}`);

  // proofs at every stored batch, asked out of order, against each header's stateRoot
  const states = new StateAtBatch(reader, running.genesisRecords, running.genesisStateRoot);
  const order = [latest, 0, 1, Math.ceil(latest / 2), latest, withQueue];
  for (const n of order) {
    const stateRoot: string = n === 0 ? hexlify(running.genesisStateRoot) : hexlify(BatchHeader.deserialize(new Uint8Array(reader.batch(n)!.header)).stateRoot);
    for (const address of [addressOf(1), fresh]) {
      const proof = await states.read(n, (state) => accountProofIn(state, new Uint8Array(Buffer.from(address.slice(2), "hex"))));
      if (!proof) {
        assert.ok(address === fresh && n < latest, `${address} exists at batch ${n}`);
        continue;
      }
      const leaf = hexlify(Account.hashTreeRoot({ address: new Uint8Array(Buffer.from(address.slice(2), "hex")), balance: proof.balance, nonce: proof.nonce }));
      assert.equal(listRootFromProof(leaf, proof.branch, proof.index, proof.length), stateRoot, `${address} at batch ${n}`);
    }
  }
  await assert.rejects(states.read(latest + 1, () => 0), /batch \d+ is not stored/);

  // reads: from the store, and proofs only while the WASM state is the verified head's
  const served = verifiedCore(running.core, reader, () => follower.head);
  const fee = new Uint8Array(Buffer.from(getAddress(addressOf(1)).slice(2), "hex"));
  assert.equal(served.state.indexOf(fee), reader.accountIndex(fee));
  assert.equal(served.state.count, reader.accountCount());
  assert.ok(served.state.accountProof(1).branch.length === 32, "in step: the WASM state's proof");
  const behind = verifiedCore(running.core, reader, () => ({ number: latest - 1, stateRoot: BatchHeader.deserialize(new Uint8Array(reader.batch(latest - 1)!.header)).stateRoot }));
  assert.equal(hexlify(behind.state.root()), hexlify(BatchHeader.deserialize(new Uint8Array(reader.batch(latest - 1)!.header)).stateRoot), "the verified head's root, not the WASM state's");
  assert.throws(() => behind.state.accountProof(1), (error: Error & { status?: number }) => error.status === 503 && /verifying batches past/.test(error.message));

  // loft escape before any freeze: it says so and exits 1
  const printed: string[] = [];
  const escapeConfig = resolveNodeConfig({ "l1-rpc": f.l1.rpcUrl, rollup: f.l1.rollup, address: addressOf(1), "l1-confirmations": "1", "signature-workers": "1" }, {}, "escape");
  assert.equal(await escapeCommand(escapeConfig, pino({ level: "silent" }), (line) => printed.push(line)), 1);
  assert.match(printed.join("\n"), /is not frozen: escape opens only once it is/);
});
