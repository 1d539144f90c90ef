/**
 * `loft start --l1-rpc …` while L1 does not answer: the node starts from the data dir's
 * deployment record (one warning line, no stack), since intake and sealing need no L1; a data
 * dir with nothing to start from is one clear line instead of a raw ECONNREFUSED stack.
 */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Wallet, getBytes, hexlify } from "ethers";
import { loadCore } from "../../sequencer/core/index.ts";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { addressOfKey } from "../../sequencer/genesis/dev-keys.ts";
import { devnetGenesis, genesisRecords } from "../../sequencer/genesis/genesis.ts";
import { ChainSetupError, setUpChain } from "../../sequencer/node/chain-setup.ts";
import { CHALLENGE_WINDOW_KEY, writeDeployment } from "../../sequencer/node/deployment-record.ts";
import { writeGenesisIfNew } from "../../sequencer/store/genesis-writer.ts";
import { openStore } from "../../sequencer/store/store.ts";
import { startFaultProxy, type FaultProxy } from "./fault-proxy.ts";

const ROLLUP = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const key = getBytes(Wallet.createRandom().privateKey); // not a dev account: the devnet genesis lists those
let proxy: FaultProxy;
let root: string;
before(async () => {
  proxy = await startFaultProxy("http://127.0.0.1:9", "refuse");
  root = mkdtempSync(join(tmpdir(), "loft-start-unreachable-"));
});
after(async () => {
  await proxy?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function dataDir(name: string, options: { deployment: boolean; ran: boolean }): Promise<string> {
  const dir = join(root, name);
  const records = genesisRecords(devnetGenesis(addressOfKey(key), 0));
  const core = await loadCore();
  core.state.clear();
  core.state.load(records);
  const store = await openStore({ dir, identity: { chainId: 31337n, rollup: ROLLUP, genesisRoot: hexlify(core.state.root()) } });
  try {
    await writeGenesisIfNew(store, records);
    if (options.deployment) await writeDeployment(store, { rollup: ROLLUP, deployBlock: 7, genesisRecords: records });
    if (options.ran) await store.writeDurably(() => store.buckets.meta.put(CHALLENGE_WINDOW_KEY, 86_400));
  } finally {
    await store.close();
  }
  return dir;
}

const config = (dir: string) => resolveNodeConfig({ "l1-rpc": `${proxy.url},${proxy.url.replace(/:\d+$/, ":1")}`, "sequencer-key": hexlify(key), rollup: ROLLUP, "data-dir": dir }, {});

test("default: L1 refusing at start: the node's L1 setup comes from the data dir, with one warning line", async () => {
  const warnings: string[] = [];
  const log = { warn: (_: unknown, msg: string) => void warnings.push(msg) } as never;
  const l1 = await setUpChain(config(await dataDir("ran", { deployment: true, ran: true })), log);
  assert.deepEqual([l1.chainId, l1.rollup, l1.deployBlock, l1.challengeWindowSeconds], [31337n, ROLLUP, 7, 86_400]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^L1 unreachable at 127\.0\.0\.1:\d+, 127\.0\.0\.1:1 \(.*ECONNREFUSED.*\): starting from the data dir's deployment record; sealing goes on, commits wait for L1/);
});

test("error: L1 refusing and nothing to start from: one line that says what to check", async () => {
  await assert.rejects(setUpChain(config(join(root, "missing"))), (e: unknown) => e instanceof ChainSetupError && /^L1 unreachable at .*ECONNREFUSED.*, and data dir .* holds no deployment to start from: check --l1-rpc$/.test((e as Error).message));
  await assert.rejects(setUpChain(config(await dataDir("no-record", { deployment: false, ran: false }))), /holds no deployment to start from/);
  await assert.rejects(setUpChain(config(await dataDir("never-ran", { deployment: true, ran: false }))), (e: unknown) => e instanceof ChainSetupError && /never ran against it \(the Rollup's challenge window is unknown\): start it once while L1 answers$/.test((e as Error).message));
});
