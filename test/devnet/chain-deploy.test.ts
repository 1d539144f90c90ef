/**
 * `loft deploy` on a local devnet chain (31337) with the defaults: the fraud modules and the
 * Rollup are deployed, the bond is posted, the data dir's deployment record keeps the modules and
 * the bond, and `loft start`'s chain setup accepts it, and once the rollup is frozen starts read-only.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, JsonRpcProvider, Wallet, hexlify, parseEther, toQuantity } from "ethers";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { startHardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { DEVNET_SEQUENCER_KEY } from "../../sequencer/devnet/deploy-devnet.ts";
import { loadRollupArtifact } from "../../sequencer/l1/rollup-abi.ts";
import { deployToChain } from "../../sequencer/node/chain-deploy.ts";
import type { Logger } from "pino";
import { setUpChain } from "../../sequencer/node/chain-setup.ts";
import { readDeploymentReadOnly } from "../../sequencer/node/deployment-record.ts";

test("default: loft deploy on chain 31337 deploys the modules and the Rollup, posts the bond and records both in the data dir; loft start on it once frozen starts read-only with a warning", { timeout: 120_000 }, async () => {
  const l1 = await startHardhatNode({ blockIntervalMs: 0 });
  const provider = new JsonRpcProvider(l1.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const dir = mkdtempSync(join(tmpdir(), "loft-deploy-"));
  try {
    const key = hexlify(DEVNET_SEQUENCER_KEY); // not one of the 20 dev accounts the devnet genesis funds
    await provider.send("hardhat_setBalance", [new Wallet(key).address, toQuantity(parseEther("1000000"))]);
    const flags = { "l1-rpc": l1.rpcUrl, "sequencer-key": key, "data-dir": dir, bond: "0.5" };
    const deployed = await deployToChain(resolveNodeConfig(flags, {}, "deploy"));
    assert.equal(deployed.bondWei, parseEther("0.5"));
    const rollup = new Contract(deployed.rollup, loadRollupArtifact().abi, provider);
    assert.equal(await rollup.getFunction("bond")(), parseEther("0.5"));
    assert.equal(await rollup.getFunction("challengeWindow")(), 30n, "the devnet default");
    const record = await readDeploymentReadOnly(dir);
    assert.equal(record?.rollup, deployed.rollup);
    assert.deepEqual(record?.modules, deployed.modules);
    assert.equal(record?.bondWei, parseEther("0.5"));
    const onChain = await rollup.getFunction("fraudModules")();
    assert.deepEqual([onChain.stateTransition, onChain.signature, onChain.roots], [deployed.modules.stateTransition, deployed.modules.signature, deployed.modules.roots]);
    const startConfig = resolveNodeConfig({ "l1-rpc": l1.rpcUrl, "sequencer-key": key, rollup: deployed.rollup, "data-dir": dir }, {});
    const setup = await setUpChain(startConfig);
    assert.deepEqual([setup.rollup, setup.deployBlock, setup.challengeWindowSeconds], [deployed.rollup, deployed.deployBlock, 30]);

    // a deposit nobody processes for longer than the inclusion window lets anyone freeze the rollup
    const anyone = rollup.connect(new Wallet(key, provider)) as Contract;
    await (await anyone.getFunction("deposit")(new Wallet(key).address, { value: parseEther("1") })).wait();
    await provider.send("evm_increaseTime", [601]);
    await provider.send("hardhat_mine", ["0x1"]);
    await (await anyone.getFunction("freeze")()).wait();
    const warnings: string[] = [];
    const frozenSetup = await setUpChain(startConfig, { warn: (message: string) => void warnings.push(message) } as unknown as Logger);
    assert.equal(frozenSetup.rollup, deployed.rollup, "a frozen Rollup starts read-only (reads and escape proofs), not refused");
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /is frozen since L1 time \d+ \(escape batch 0\): no batch can be committed any more; the node starts read-only/);
  } finally {
    provider.destroy();
    await l1.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
