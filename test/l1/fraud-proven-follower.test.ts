/**
 * A follower meets a FraudProven event (docs/fraud-proofs.md §4): the proven batch's commit and
 * every later one are gone and the rollup is frozen, so it records the freeze (the proven batch,
 * the removed commit and its first batch), stops polling for good, keeps that across a restart
 * and shows it in /api/stats. The Rollup here delegates to the test-only TestFraudModule, which
 * convicts a batch whose chunk starts with 0xff, so no real proof is needed; the batches are
 * v2-framed made-up ones (the follower stops at its first batch with a mismatch, and still
 * watches for fraud proofs after it).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Contract, ContractFactory, JsonRpcProvider, NonceManager, Wallet, hexlify, keccak256, parseEther, toQuantity, getBytes, type Log } from "ethers";
import pino from "pino";
import { startHardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { DEVNET_SEQUENCER_KEY } from "../../sequencer/devnet/deploy-devnet.ts";
import { addressOfKey, standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { devnetGenesis, genesisRecords, genesisTotal } from "../../sequencer/genesis/genesis.ts";
import { loadCore } from "../../sequencer/core/index.ts";
import { loadArtifact, loadRollupArtifact, rollupInterface } from "../../sequencer/l1/rollup-abi.ts";
import { BatchPoster } from "../../sequencer/l1/batch-poster.ts";
import { keccakMerkleBranch } from "../../sequencer/l1/withdraw-calldata.ts";
import { BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import { startFollower } from "../../sequencer/follower/start-follower.ts";
import { runFollower } from "../../sequencer/follower/run-follower.ts";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { openStore, type Store } from "../../sequencer/store/store.ts";
import { storeFramedBatches } from "./framed-batches.ts";
import { TABLE_TREE_DEPTH, tableBranch, tableRoot } from "../contracts/batch-data-v2.ts";

const TEST_MODULE = fileURLToPath(new URL("../../contracts/artifacts/src/test-helpers/TestFraudModule.sol/TestFraudModule.json", import.meta.url));
const headerTuple = (h: BatchHeader) => [h.number, hexlify(h.parentRoot), hexlify(h.stateRoot), hexlify(h.txRoot), hexlify(h.exitRoot), h.queueCount, h.timestamp, hexlify(h.dataHash)];
const chunkOf = (number: number) => Uint8Array.from({ length: 40 }, (_, j) => (j === 0 && number === 5 ? 0xff : (number + j) & 0x7f));

test("behavior: a fraud proof on L1 stops the follower at the removed commit and reports the rollup frozen", { timeout: 180_000 }, async () => {
  const node = await startHardhatNode({ blockIntervalMs: 0 });
  const provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const dir = mkdtempSync(join(tmpdir(), "loft-fraud-"));
  let store: Store | undefined;
  try {
    const sequencer = new Wallet(hexlify(DEVNET_SEQUENCER_KEY), provider);
    const genesis = devnetGenesis(addressOfKey(DEVNET_SEQUENCER_KEY), 0);
    const records = genesisRecords(genesis);
    const core = await loadCore();
    core.state.load(records);
    const genesisStateRoot = core.state.root();
    await provider.send("hardhat_setBalance", [sequencer.address, toQuantity(genesisTotal(genesis) + parseEther("100"))]);
    const deployer = new NonceManager(sequencer);
    const testModule = loadArtifact(TEST_MODULE, "TestFraudModule");
    const module = await (await new ContractFactory(testModule.abi, testModule.bytecode, deployer).deploy()).waitForDeployment();
    const m = await module.getAddress();
    const { abi, bytecode } = loadRollupArtifact();
    const deployed = await (await new ContractFactory(abi, bytecode, deployer).deploy(sequencer.address, hexlify(genesisStateRoot), 3_600, 600, parseEther("1"), { stateTransition: m, signature: m, roots: m }, { value: genesisTotal(genesis) })).waitForDeployment();
    const rollup = await deployed.getAddress();
    await (await new Contract(rollup, abi, deployer).getFunction("postBond")({ value: parseEther("1") })).wait();

    // commit 1 = batches 1–3, commit 2 = batches 4–6; batch 5's chunk is what TestFraudModule convicts
    store = await openStore({ dir: join(dir, "sequencer"), identity: { chainId: 31337n, rollup, genesisRoot: hexlify(genesisStateRoot) } });
    const timestamp = (await provider.getBlock("latest"))!.timestamp;
    const sequencerStore = store;
    const poster = (reader: Awaited<ReturnType<typeof storeFramedBatches>>) => new BatchPoster(provider, sequencer, sequencerStore, reader, { rollup, confirmations: 1, challengeWindowSeconds: 3_600, maxInFlight: 4, replaceAfterBlocks: 50, maxCommitDelayMs: 0 });
    await poster(await storeFramedBatches(sequencerStore, records, genesisStateRoot, 3, { timestamp, chunkOf })).tick();
    const reader = await storeFramedBatches(sequencerStore, records, genesisStateRoot, 3, { timestamp, chunkOf });
    await poster(reader).tick();

    const followerDir = join(dir, "follower");
    const options = { l1Rpc: node.rpcUrl, rollup, dataDir: followerDir, confirmations: 1, devAccounts: 0, signatureWorkers: 1 };
    const first = await startFollower(options);
    try {
      await first.follower.poll();
      assert.equal(first.follower.mismatch?.batch, 1, "made-up batch 1 does not verify");
      const frozenNow = () => first.follower.frozen; // a getter: TypeScript would keep the narrowing below
      assert.equal(frozenNow(), undefined);

      // prove batch 5 wrong: its BatchRef against commit 2, its one chunk against the batch's table
      const batch = (n: number) => BatchHeader.deserialize(new Uint8Array(reader.batch(n)!.header));
      const segments = (n: number) => [{ entry: new Uint8Array(reader.batchData(n)!.subarray(2, 34)), chunk: chunkOf(n) }];
      const leaf = (n: number) => getBytes(keccak256(Buffer.concat([reader.batch(n)!.root, getBytes(keccak256(Buffer.concat([Uint8Array.from([0, 0, 0, 1]), tableRoot(segments(n))])))])));
      const zero = hexlify(new Uint8Array(32));
      const ref = { commitIndex: 2, commitBranch: keccakMerkleBranch([4, 5, 6].map(leaf), 8, 1).map(hexlify), header: headerTuple(batch(5)), parent: headerTuple(batch(4)), userCount: 1, tableRoot: hexlify(tableRoot(segments(5))) };
      const chunk = { index: 0, entry: hexlify(segments(5)[0]!.entry), branch: tableBranch(segments(5), 0).map(hexlify), data: hexlify(chunkOf(5)) };
      const pre = { stateRoot: zero, txSubtree: zero, chunkHash: zero, branch: Array(TABLE_TREE_DEPTH).fill(zero) };
      const prover = new Contract(rollup, rollupInterface(), new Wallet(hexlify(standardDevKeys(3)[2]!), provider));
      const proof = await (await prover.getFunction("proveStateTransition")(ref, chunk, pre, [], { length: 0, nodes: [] })).wait();
      assert.equal(proof?.status, 1);
      assert.ok(proof!.logs.some((log: Log) => rollupInterface().parseLog(log)?.name === "FraudProven"), "FraudProven decodes from the Rollup's address");
      await provider.send("hardhat_mine", ["0x1"]);

      await first.follower.poll();
      const frozen = frozenNow();
      assert.deepEqual(frozen && [frozen.provenBatch, frozen.kind, frozen.removedCommit, frozen.removedFromBatch, frozen.verifiedButRemoved, frozen.l1TxHash], [5, 8, 2, 4, 0, proof!.hash]);
      assert.equal(await first.follower.poll(), 0, "a frozen rollup has nothing more to verify");
    } finally {
      await first.close();
    }

    const config = resolveNodeConfig({ "l1-rpc": node.rpcUrl, rollup, "data-dir": followerDir, port: "0", "l1-confirmations": "1", "signature-workers": "1" }, {}, "follow");
    const service = await runFollower(config, pino({ level: "silent" }));
    try {
      assert.equal(service.running.follower.frozen?.removedCommit, 2, "the freeze survives a restart");
      const stats = (await (await fetch(`http://127.0.0.1:${service.server.port}/api/stats`)).json()) as { follower: { frozen: { provenBatch: number; removedFromBatch: number } | null } };
      assert.deepEqual([stats.follower.frozen?.provenBatch, stats.follower.frozen?.removedFromBatch], [5, 4]);
    } finally {
      await service.stop();
    }
  } finally {
    await store?.close();
    provider.destroy();
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
