/** A sealer on the real WASM core, LMDB store and mempool, over a small genesis, for the sealer tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCore, type LoftCore } from "../../sequencer/core/index.ts";
import { addressOfKey } from "../../sequencer/genesis/dev-keys.ts";
import { genesisRecords, type GenesisAccount } from "../../sequencer/genesis/genesis.ts";
import { Mempool } from "../../sequencer/mempool/mempool.ts";
import { coreAccountReader } from "../../sequencer/node/core-account-reader.ts";
import { domainSeparator, loftDomain, transactionDigest } from "../../sequencer/protocol/eip712.ts";
import { userTransactionHash } from "../../sequencer/protocol/transaction-hash.ts";
import { signDigest } from "../../sequencer/protocol/signature.ts";
import { Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { readTip } from "../../sequencer/sealer/batch-tip.ts";
import { Sealer } from "../../sequencer/sealer/sealer.ts";
import type { PendingTransaction, QueueSource } from "../../sequencer/sealer/sealer-ports.ts";
import { openStore, type Store } from "../../sequencer/store/store.ts";
import { StoreReader } from "../../sequencer/store/store-reader.ts";
import { writeGenesisIfNew } from "../../sequencer/store/genesis-writer.ts";

export const separator = domainSeparator(loftDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3"));
export const keys = [1, 2, 3].map((i) => new Uint8Array(32).fill(i));
export const addresses = keys.map(addressOfKey);
export const feeRecipient = new Uint8Array(20).fill(0xfe);
export const ETH = 10n ** 18n;
export const genesis: GenesisAccount[] = [{ address: feeRecipient, balance: 0n }, ...addresses.map((address) => ({ address, balance: 100n * ETH }))];

export function signed(key: number, kind: 0 | 1, to: Uint8Array, amount: bigint, fee: bigint, nonce: number): PendingTransaction {
  const digest = transactionDigest(separator, { kind, to, amount, fee, nonce });
  const signature = signDigest(digest, keys[key]!);
  const from = addresses[key]!;
  const hash = userTransactionHash(digest, from);
  return { hash, from, nonce, amount, fee, record: Transaction.serialize({ kind, from, to, amount, fee, nonce, signature }) };
}

export function queueMessage(kind: typeof TxKind.deposit | typeof TxKind.fullExit, index: number, to: Uint8Array, amount: bigint): Uint8Array {
  return Transaction.serialize({ kind, from: new Uint8Array(20), to, amount, fee: 0n, nonce: index, signature: new Uint8Array(65) });
}

export class FakeQueue implements QueueSource {
  messages: Uint8Array[] = [];
  l1Time = 1_700_000_000;
  confirmed(from: number, max: number) {
    return this.messages.slice(from, from + max);
  }
  latestL1Timestamp() {
    return this.l1Time;
  }
}

export interface SealerHarness {
  core: LoftCore;
  store: Store;
  reader: StoreReader;
  mempool: Mempool<PendingTransaction>;
  queue: FakeQueue;
  sealer: Sealer<PendingTransaction>;
  genesisStateRoot: Uint8Array;
  close(): Promise<void>;
}

export async function sealerHarness(options = { batchMaxTxs: 100, maxBatchBytes: 120_000 }, storeOptions: { batchWriterThread?: boolean } = {}): Promise<SealerHarness> {
  const dir = mkdtempSync(join(tmpdir(), "loft-sealer-"));
  const core = await loadCore();
  core.state.load(genesisRecords(genesis));
  const genesisStateRoot = core.state.root();
  const store = await openStore({ dir, identity: { chainId: 31337n, rollup: "0x5FbDB2315678afecb367f032d93F642f64180aa3", genesisRoot: Buffer.from(genesisStateRoot).toString("hex") }, ...storeOptions });
  await writeGenesisIfNew(store, genesisRecords(genesis));
  const reader = new StoreReader(store);
  const mempool = new Mempool<PendingTransaction>(coreAccountReader(core));
  const queue = new FakeQueue();
  const sealer = new Sealer({ core, store, mempool, queue, tip: readTip(reader, genesisStateRoot) }, options);
  return {
    core, store, reader, mempool, queue, sealer, genesisStateRoot,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
