import { test } from "node:test";
import assert from "node:assert/strict";
import { Contract, JsonRpcProvider, hexlify } from "ethers";
import { startHardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { deployDevnet } from "../../sequencer/devnet/deploy-devnet.ts";
import { genesisTotal } from "../../sequencer/genesis/genesis.ts";
import { loadRollupArtifact } from "../../sequencer/l1/rollup-abi.ts";
import { StateList } from "../../sequencer/protocol/ssz-types.ts";

test("default: the devnet L1 starts, mines on an interval, and gets a Rollup backed by genesis", { timeout: 120_000 }, async () => {
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
    assert.equal(await provider.getBalance(devnet.rollup.address), genesisTotal(devnet.genesis));
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
