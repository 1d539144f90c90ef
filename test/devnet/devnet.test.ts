import { test } from "node:test";
import assert from "node:assert/strict";
import { Contract, JsonRpcProvider, hexlify } from "ethers";
import { startHardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { deployDevnet } from "../../sequencer/devnet/deploy-devnet.ts";
import { genesisTotal } from "../../sequencer/genesis/genesis.ts";
import { loadRollupArtifact } from "../../sequencer/l1/rollup-abi.ts";
import { StateList } from "../../sequencer/protocol/ssz-types.ts";

test("default: the devnet L1 starts, mines on an interval, and gets a Rollup backed by genesis, its fraud modules and a posted 1 ETH bond", { timeout: 120_000 }, async () => {
  const node = await startHardhatNode({ blockIntervalMs: 250 });
  const provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true });
  try {
    assert.match(node.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    const devnet = await deployDevnet(node.rpcUrl, { extraAccounts: 3, challengeWindowSeconds: 30, inclusionWindowSeconds: 600 });
    assert.equal(devnet.chainId, 31337n);
    assert.equal(devnet.genesis.length, 24);
    assert.deepEqual(devnet.genesisStateRoot, StateList.hashTreeRoot(devnet.genesis.map((a) => ({ ...a, nonce: 0 }))));
    const rollup = new Contract(devnet.rollup.address, loadRollupArtifact().abi, provider);
    assert.equal((await rollup.getFunction("sequencer")()).toLowerCase(), hexlify(devnet.genesis[0]!.address));
    assert.equal(await rollup.getFunction("challengeWindow")(), 30n);
    assert.equal(await rollup.getFunction("inclusionWindow")(), 600n);
    assert.equal(await rollup.getFunction("bondRequired")(), 10n ** 18n);
    assert.equal(await rollup.getFunction("bond")(), 10n ** 18n, "the sequencer posted the bond");
    assert.equal(devnet.rollup.bondWei, 10n ** 18n);
    assert.equal(await provider.getBalance(devnet.rollup.address), genesisTotal(devnet.genesis) + 10n ** 18n, "genesis backing and bond");
    const modules = await rollup.getFunction("fraudModules")();
    assert.deepEqual([modules.stateTransition, modules.signature, modules.roots], [devnet.rollup.modules.stateTransition, devnet.rollup.modules.signature, devnet.rollup.modules.roots]);
    for (const address of Object.values(devnet.rollup.modules)) assert.notEqual(await provider.getCode(address), "0x", `module ${address} has code`);
    assert.equal(await rollup.getFunction("commitCount")(), 1n, "commit 0 is the genesis batch");
    const first = await provider.getBlockNumber();
    const deadline = Date.now() + 10_000;
    while ((await provider.getBlockNumber()) === first && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok((await provider.getBlockNumber()) > first, "no block mined by the interval");
  } finally {
    provider.destroy();
    await node.stop();
  }
  assert.ok(node.process.exitCode !== null || node.process.signalCode !== null, "the Hardhat node is still running");
});

test("behavior: --bond sets the devnet's bondRequired and the bond posted", { timeout: 120_000 }, async () => {
  const node = await startHardhatNode({ blockIntervalMs: 0 });
  const provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true });
  try {
    const devnet = await deployDevnet(node.rpcUrl, { extraAccounts: 0, challengeWindowSeconds: 30, inclusionWindowSeconds: 600, bondWei: 25n * 10n ** 16n });
    const rollup = new Contract(devnet.rollup.address, loadRollupArtifact().abi, provider);
    assert.deepEqual([await rollup.getFunction("bondRequired")(), await rollup.getFunction("bond")()], [25n * 10n ** 16n, 25n * 10n ** 16n]);
  } finally {
    provider.destroy();
    await node.stop();
  }
});
