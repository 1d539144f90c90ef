import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, JsonRpcProvider, Wallet, hexlify } from "ethers";
import { startHardhatNode, type HardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { deployDevnet, type Devnet } from "../../sequencer/devnet/deploy-devnet.ts";
import { standardDevKeys, addressOfKey } from "../../sequencer/genesis/dev-keys.ts";
import { loadRollupArtifact } from "../../sequencer/l1/rollup-abi.ts";
import { BatchPoster } from "../../sequencer/l1/batch-poster.ts";
import { loadCore } from "../../sequencer/core/index.ts";
import { Mempool } from "../../sequencer/mempool/mempool.ts";
import { coreAccountReader } from "../../sequencer/node/core-account-reader.ts";
import { domainSeparator, loftDomain, transactionDigest } from "../../sequencer/protocol/eip712.ts";
import { signDigest } from "../../sequencer/protocol/signature.ts";
import { Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { readTip } from "../../sequencer/sealer/batch-tip.ts";
import { Sealer } from "../../sequencer/sealer/sealer.ts";
import type { PendingTransaction } from "../../sequencer/sealer/sealer-ports.ts";
import { openStore, type Store } from "../../sequencer/store/store.ts";
import { StoreReader } from "../../sequencer/store/store-reader.ts";
import { writeGenesisIfNew } from "../../sequencer/store/genesis-writer.ts";

let node: HardhatNode;
let devnet: Devnet;
let provider: JsonRpcProvider;
let freshRollup: string; // snapshot right after deployment: every test starts from batch 0

before(async () => {
  node = await startHardhatNode({ blockIntervalMs: 0 });
  devnet = await deployDevnet(node.rpcUrl, { extraAccounts: 0, challengeWindowSeconds: 30, inclusionWindowSeconds: 600 });
  provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  freshRollup = await provider.send("evm_snapshot", []);
});

async function fromFreshRollup(): Promise<void> {
  await provider.send("evm_revert", [freshRollup]);
  freshRollup = await provider.send("evm_snapshot", []);
}
after(async () => {
  provider?.destroy();
  await node?.stop();
});

const mine = (n = 1) => provider.send("hardhat_mine", [`0x${n.toString(16)}`]);

async function sealedBatches(store: Store, batches: number) {
  const core = await loadCore();
  core.state.load(devnet.genesisRecords);
  await writeGenesisIfNew(store, devnet.genesisRecords);
  const reader = new StoreReader(store);
  const mempool = new Mempool<PendingTransaction>(coreAccountReader(core));
  const l1Time = (await provider.getBlock("latest"))!.timestamp;
  const queue = { confirmed: () => [], latestL1Timestamp: () => l1Time };
  const sealer = new Sealer({ core, store, mempool, queue, tip: readTip(reader, devnet.genesisStateRoot) }, { batchMaxTxs: 100, maxBatchBytes: 120_000 });
  const separator = domainSeparator(loftDomain(devnet.chainId, devnet.rollup.address));
  const key = standardDevKeys()[3]!;
  const from = addressOfKey(key);
  for (let n = 0; n < batches; n++) {
    const to = new Uint8Array(20).fill(n + 1);
    const fields = { kind: TxKind.transfer, to, amount: 10n ** 15n, fee: 1n, nonce: n } as const;
    const hash = transactionDigest(separator, fields);
    const record = Transaction.serialize({ ...fields, from, signature: signDigest(hash, key) });
    mempool.add({ hash, from, nonce: n, amount: fields.amount, fee: 1n, record });
    assert.ok(await sealer.sealOnce());
  }
  return reader;
}

test("default: sealed batches are committed in order, then committed and finalized by status", { timeout: 120_000 }, async () => {
  await fromFreshRollup();
  const dir = mkdtempSync(join(tmpdir(), "loft-poster-"));
  const store = await openStore({ dir, identity: { chainId: devnet.chainId, rollup: devnet.rollup.address, genesisRoot: hexlify(devnet.genesisStateRoot) } });
  try {
    const reader = await sealedBatches(store, 5);
    const wallet = new Wallet(hexlify(devnet.sequencerKey), provider);
    const options = { rollup: devnet.rollup.address, confirmations: 2, challengeWindowSeconds: 30, maxInFlight: 3, replaceAfterBlocks: 50 };
    const statuses: string[] = [];
    const poster = new BatchPoster(provider, wallet, store, reader, options, (n, s) => statuses.push(`${n}:${s}`));
    await poster.tick(); // sends 1..3 (automine mines each)
    assert.equal(await provider.getTransactionCount(wallet.address), Number(store.buckets.meta.get("posterNextNonce")));
    // a restart mid-flight: a new poster over the same store resends nothing twice
    const restarted = new BatchPoster(provider, wallet, store, reader, options, (n, s) => statuses.push(`${n}:${s}`));
    for (let i = 0; i < 6 && reader.batch(5)!.status !== "committed"; i++) {
      await mine();
      await restarted.tick();
    }
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => reader.batch(n)!.status), Array(5).fill("committed"));
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => store.buckets.l1Posts.get(n).raw), Array(5).fill(""), "a committed post keeps no signed bytes");
    const rollup = new Contract(devnet.rollup.address, loadRollupArtifact().abi, provider);
    const committed = await rollup.queryFilter(rollup.filters.BatchCommitted!(), devnet.rollup.blockNumber);
    assert.deepEqual(committed.map((e) => Number((e as unknown as { args: { number: bigint } }).args.number)), [0, 1, 2, 3, 4, 5], "each batch committed once, in order");
    assert.equal(hexlify(reader.batch(3)!.root), (committed[3] as unknown as { args: { root: string } }).args.root);

    await provider.send("evm_increaseTime", [31]);
    await mine();
    await restarted.tick();
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => reader.batch(n)!.status), Array(5).fill("finalized"));
    const quiet = new BatchPoster(provider, wallet, store, reader, options, (n, s) => statuses.push(`again ${n}:${s}`));
    await quiet.tick();
    assert.ok(!statuses.some((s) => s.startsWith("again")), "a poster started after finality has nothing left to report");
    assert.ok(statuses.includes("5:committed") && statuses.includes("5:finalized"));
    assert.ok(await rollup.getFunction("isFinal")(5));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("behavior: a commit dropped from the L1 mempool is replaced with higher fees and the same nonce", { timeout: 120_000 }, async () => {
  await fromFreshRollup();
  const dir = mkdtempSync(join(tmpdir(), "loft-poster-"));
  const store = await openStore({ dir, identity: { chainId: devnet.chainId, rollup: devnet.rollup.address, genesisRoot: hexlify(devnet.genesisStateRoot) } });
  try {
    const reader = await sealedBatches(store, 1);
    const wallet = new Wallet(hexlify(devnet.sequencerKey), provider);
    const poster = new BatchPoster(provider, wallet, store, reader, { rollup: devnet.rollup.address, confirmations: 1, challengeWindowSeconds: 30, maxInFlight: 2, replaceAfterBlocks: 3 }, () => {});
    await provider.send("evm_setAutomine", [false]);
    await poster.tick();
    const first = store.buckets.l1Posts.get(1);
    assert.equal(first.hashes.length, 1);
    assert.equal(await provider.send("hardhat_dropTransaction", [first.hashes[0]]), true);
    await mine(3);
    await poster.tick(); // stuck for 3 blocks: replaced
    const replaced = store.buckets.l1Posts.get(1);
    assert.equal(replaced.hashes.length, 2);
    assert.equal(replaced.nonce, first.nonce);
    assert.ok(replaced.maxFeePerGas > first.maxFeePerGas && replaced.maxPriorityFeePerGas > first.maxPriorityFeePerGas);
    await mine();
    await poster.tick();
    assert.equal(reader.batch(1)!.status, "committed");
    assert.equal(reader.batch(1)!.l1TxHash, replaced.hashes[1]);
  } finally {
    await provider.send("evm_setAutomine", [true]);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("error: a commit the contract reverts (the node and L1 disagree) stops the poster loudly", { timeout: 120_000 }, async () => {
  await fromFreshRollup();
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), "loft-poster-")));
  const identity = { chainId: devnet.chainId, rollup: devnet.rollup.address, genesisRoot: hexlify(devnet.genesisStateRoot) };
  const stores = await Promise.all(dirs.map((dir) => openStore({ dir, identity })));
  try {
    const wallet = new Wallet(hexlify(devnet.sequencerKey), provider);
    const options = { rollup: devnet.rollup.address, confirmations: 1, challengeWindowSeconds: 30, maxInFlight: 2, replaceAfterBlocks: 50 };
    const first = new BatchPoster(provider, wallet, stores[0]!, await sealedBatches(stores[0]!, 1), options);
    await first.tick();
    await first.tick();
    const rival = new BatchPoster(provider, wallet, stores[1]!, await sealedBatches(stores[1]!, 2), options);
    await assert.rejects(async () => {
      await rival.tick();
      await rival.tick();
    }, /commitBatch of batch 1 reverted on L1 \(WrongBatchNumber\(2, 1\)\)/);
  } finally {
    for (const store of stores) await store.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});
