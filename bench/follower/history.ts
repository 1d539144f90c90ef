/**
 * Builds an L1 history for the replay benchmark: a Hardhat devnet with funded load accounts, then
 * `count` signed transfers sealed by the real sealer and committed by the real poster.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hexlify, JsonRpcProvider, Wallet } from "ethers";
import { loadCore } from "../../sequencer/core/index.ts";
import { deployDevnet, type Devnet } from "../../sequencer/devnet/deploy-devnet.ts";
import type { HardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { addressOfKey, loadTestKey } from "../../sequencer/genesis/dev-keys.ts";
import { BatchPoster } from "../../sequencer/l1/batch-poster.ts";
import { Mempool } from "../../sequencer/mempool/mempool.ts";
import { coreAccountReader } from "../../sequencer/node/core-account-reader.ts";
import { domainSeparator, loftDomain, transactionDigest } from "../../sequencer/protocol/eip712.ts";
import { userTransactionHash } from "../../sequencer/protocol/transaction-hash.ts";
import { signDigest } from "../../sequencer/protocol/signature.ts";
import { Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { readTip } from "../../sequencer/sealer/batch-tip.ts";
import { Sealer } from "../../sequencer/sealer/sealer.ts";
import type { PendingTransaction } from "../../sequencer/sealer/sealer-ports.ts";
import { writeGenesisIfNew } from "../../sequencer/store/genesis-writer.ts";
import { openStore } from "../../sequencer/store/store.ts";
import { StoreReader } from "../../sequencer/store/store-reader.ts";

export interface History {
  devnet: Devnet;
  batches: number;
  transactions: number;
  userRecords: Uint8Array;
}

export async function buildHistory(l1: HardhatNode, accounts: number, count: number): Promise<History> {
  const devnet = await deployDevnet(l1.rpcUrl, { extraAccounts: accounts, challengeWindowSeconds: 30, inclusionWindowSeconds: 600 });
  const dir = mkdtempSync(join(tmpdir(), "loft-replay-sequencer-"));
  const store = await openStore({ dir, identity: { chainId: devnet.chainId, rollup: devnet.rollup.address, genesisRoot: hexlify(devnet.genesisStateRoot) } });
  const provider = new JsonRpcProvider(l1.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    await writeGenesisIfNew(store, devnet.genesisRecords);
    const reader = new StoreReader(store);
    const core = await loadCore();
    core.state.load(devnet.genesisRecords);
    const mempool = new Mempool<PendingTransaction>(coreAccountReader(core), { maxTransactions: count + 1 });
    const l1Time = (await provider.getBlock("latest"))!.timestamp;
    const sealer = new Sealer({ core, store, mempool, queue: { confirmed: () => [], latestL1Timestamp: () => l1Time }, tip: readTip(reader, devnet.genesisStateRoot) }, { batchMaxTxs: 5_000, maxBatchBytes: 120_000 });
    const separator = domainSeparator(loftDomain(devnet.chainId, devnet.rollup.address));
    const keys = Array.from({ length: accounts }, (_, i) => loadTestKey(i));
    const addresses = keys.map(addressOfKey);
    const userRecords = new Uint8Array(count * 146);
    for (let i = 0; i < count; i++) {
      const sender = i % accounts;
      const nonce = Math.floor(i / accounts);
      const fields = { kind: TxKind.transfer, to: addresses[(sender * 7 + nonce + 1) % accounts]!, amount: BigInt(1 + (i % 997)) * 10n ** 14n, fee: 21_000n * 10n ** 9n, nonce } as const;
      const digest = transactionDigest(separator, fields);
      const record = Transaction.serialize({ ...fields, from: addresses[sender]!, signature: signDigest(digest, keys[sender]!) });
      const hash = userTransactionHash(digest, addresses[sender]!);
      userRecords.set(record, i * 146);
      const admission = mempool.add({ hash, from: addresses[sender]!, nonce, amount: fields.amount, fee: fields.fee, record });
      if (!admission.accepted) throw new Error(`history transaction ${i} refused: ${admission.reason}`);
    }
    let batches = 0;
    while (await sealer.sealOnce()) batches++;
    const poster = new BatchPoster(provider, new Wallet(hexlify(devnet.sequencerKey), provider), store, reader, { rollup: devnet.rollup.address, confirmations: 1, challengeWindowSeconds: 30, maxInFlight: 16, replaceAfterBlocks: 50, maxCommitDelayMs: 0 });
    for (let round = 0; round < 200 && reader.batch(batches)?.status === "sealed"; round++) {
      await poster.tick();
      await provider.send("hardhat_mine", ["0x1"]);
    }
    if (reader.batch(batches)?.status === "sealed") throw new Error("the history was not committed to L1");
    return { devnet, batches, transactions: count, userRecords };
  } finally {
    provider.destroy();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
