import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, JsonRpcProvider, Wallet, hexlify, parseEther } from "ethers";
import { startHardhatNode, type HardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { deployDevnet, type Devnet } from "../../sequencer/devnet/deploy-devnet.ts";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { loadRollupArtifact } from "../../sequencer/l1/rollup-abi.ts";
import { L1QueueConflictError, QueueWatcher } from "../../sequencer/l1/queue-watcher.ts";
import { Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { openStore, type Store } from "../../sequencer/store/store.ts";

let node: HardhatNode;
let devnet: Devnet;
let provider: JsonRpcProvider;
let rollup: Contract;
let user: Wallet;

before(async () => {
  node = await startHardhatNode({ blockIntervalMs: 0 });
  devnet = await deployDevnet(node.rpcUrl, { extraAccounts: 0, challengeWindowSeconds: 30, inclusionWindowSeconds: 600 });
  provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 50 });
  user = new Wallet(hexlify(standardDevKeys()[1]!), provider);
  rollup = new Contract(devnet.rollup.address, loadRollupArtifact().abi, user);
});
after(async () => {
  provider?.destroy();
  await node?.stop();
});

async function withWatcher(run: (watcher: () => QueueWatcher, store: Store) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), "loft-watcher-"));
  const identity = { chainId: 31337n, rollup: devnet.rollup.address, genesisRoot: hexlify(devnet.genesisStateRoot) };
  const store = await openStore({ dir, identity });
  const make = () => new QueueWatcher(provider, store, { rollup: devnet.rollup.address, confirmations: 2, startBlock: devnet.rollup.blockNumber });
  try {
    await run(make, store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
const mine = (n = 1) => provider.send("hardhat_mine", [`0x${n.toString(16)}`]);
const send = async (call: Promise<{ wait(): Promise<unknown> }>) => (await call).wait();

test("default: deposits and full exits are credited in queue order after 2 confirmations, and survive a restart", async () => {
  await withWatcher(async (make) => {
    const watcher = make();
    const to = Wallet.createRandom().address;
    await send(rollup.getFunction("deposit")(to, { value: parseEther("1.5") }));
    assert.deepEqual(await watcher.poll(), [], "one confirmation is not enough");
    await mine();
    const credited = await watcher.poll();
    assert.equal(credited.length, 1);
    const deposit = Transaction.deserialize(watcher.confirmed(0, 10)[0]!);
    assert.deepEqual([deposit.kind, hexlify(deposit.to), deposit.amount, deposit.nonce, deposit.fee], [TxKind.deposit, to.toLowerCase(), parseEther("1.5"), 0, 0n]);

    await send(rollup.getFunction("requestFullExit")());
    await mine();
    await watcher.poll();
    const exit = Transaction.deserialize(watcher.confirmed(1, 10)[0]!);
    assert.deepEqual([exit.kind, hexlify(exit.to), exit.amount, exit.nonce], [TxKind.fullExit, user.address.toLowerCase(), 0n, 1]);
    assert.ok(watcher.latestL1Timestamp() > 0);

    const restarted = make();
    assert.equal(restarted.length, 2);
    assert.deepEqual(await restarted.poll(), []);
  });
});

test("behavior: a reorg shallower than the confirmations is never seen; after a deeper one the queue is read again: the same messages are fine, a changed one is a conflict", async () => {
  await withWatcher(async (make) => {
    const watcher = make();
    await watcher.poll();
    const base = watcher.length; // the messages of the test before
    const shallow = await provider.send("evm_snapshot", []);
    await send(rollup.getFunction("deposit")(user.address, { value: 1n }));
    assert.deepEqual(await watcher.poll(), []);
    await provider.send("evm_revert", [shallow]);
    await mine(2);
    assert.deepEqual(await watcher.poll(), [], "the orphaned deposit was never credited");

    const deep = await provider.send("evm_snapshot", []);
    const to = Wallet.createRandom().address;
    await send(rollup.getFunction("deposit")(to, { value: 2n }));
    await mine(2);
    assert.equal((await watcher.poll()).length, 1);
    await provider.send("evm_revert", [deep]);
    await mine(4);
    assert.deepEqual(await watcher.poll(), [], "the credited deposit is gone from L1 for now: nothing new, no crash");
    assert.equal(watcher.length, base + 1, "it stays credited");
    const redo = await provider.send("evm_snapshot", []);
    await send(rollup.getFunction("deposit")(to, { value: 2n })); // the same deposit again, as a re-included transaction would be
    await mine(2);
    assert.deepEqual(await watcher.poll(), [], "the same message at the same index: not credited twice");
    assert.equal(make().length, base + 1, "after a restart too");

    await provider.send("evm_revert", [redo]);
    await send(rollup.getFunction("deposit")(to, { value: 3n })); // a different message at the same index
    await mine(6);
    await assert.rejects(watcher.poll(), (e: unknown) => e instanceof L1QueueConflictError && new RegExp(`queue message ${base} changed .*a deposit of 2 wei .*a deposit of 3 wei`).test(e.message));
    await assert.rejects(make().poll(), L1QueueConflictError, "a restart says the same: no crash-loop on a bad cursor, the same clear conflict");
  });
});
