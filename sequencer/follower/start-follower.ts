/**
 * Builds a follower over its own data dir: genesis from L1, storage (resumed if present), WASM
 * state recovered and checked, the L1 queue watcher and a signature pool for re-checking every
 * signature. Used by `loft follow` and the tests.
 */
import { hexlify, JsonRpcProvider } from "ethers";
import { loadCore, type LoftCore } from "../core/index.ts";
import { L1Rpc } from "../l1/l1-rpc.ts";
import { QueueWatcher } from "../l1/queue-watcher.ts";
import { domainSeparator, loftDomain } from "../protocol/eip712.ts";
import { readTip } from "../sealer/batch-tip.ts";
import { SignaturePool } from "../signatures/signature-pool.ts";
import { writeGenesisIfNew } from "../store/genesis-writer.ts";
import { openStore, type Store } from "../store/store.ts";
import { StoreReader } from "../store/store-reader.ts";
import { RecoveryMismatchError } from "../node/loft-node.ts";
import { Follower, type FollowerDeps } from "./follower.ts";
import { followerGenesis } from "./follower-genesis.ts";

export interface FollowerOptions {
  l1Rpc: string;
  rollup: string;
  dataDir: string;
  confirmations: number;
  devAccounts: number;
  signatureWorkers?: number;
  onVerified?: FollowerDeps["onVerified"];
  onMismatch?: FollowerDeps["onMismatch"];
  onFrozen?: FollowerDeps["onFrozen"];
  onFinalized?: FollowerDeps["onFinalized"];
  stopBeforeBatch?: FollowerDeps["stopBeforeBatch"];
}

export interface RunningFollower {
  follower: Follower;
  provider: JsonRpcProvider;
  /** The Rollup's sequencer address (its L1 balance is shown in the explorer). */
  sequencer: string;
  core: LoftCore;
  store: Store;
  reader: StoreReader;
  chainId: bigint;
  /** The Rollup's deployment block (its BatchesCommitted(0)). */
  deployBlock: number;
  /** The genesis accounts (44-byte records) and their state root, checked against L1 (state-at-batch.ts replays from them). */
  genesisRecords: Uint8Array;
  genesisStateRoot: Uint8Array;
  close(): Promise<void>;
}

export async function startFollower(options: FollowerOptions): Promise<RunningFollower> {
  const provider = new L1Rpc(options.l1Rpc).provider(); // several --l1-rpc URLs: failover (l1-rpc.ts)
  const core = await loadCore();
  const genesis = await followerGenesis(provider, options.rollup, core, options.devAccounts);
  const store = await openStore({ dir: options.dataDir, identity: { chainId: genesis.chainId, rollup: options.rollup, genesisRoot: hexlify(genesis.stateRoot) } });
  const pool = new SignaturePool({ separator: domainSeparator(loftDomain(genesis.chainId, options.rollup)), ...(options.signatureWorkers ? { workers: options.signatureWorkers } : {}) });
  try {
    await writeGenesisIfNew(store, genesis.records);
    const reader = new StoreReader(store);
    core.state.clear();
    core.state.load(reader.allAccounts());
    const tip = readTip(reader, genesis.stateRoot);
    if (hexlify(core.state.root()) !== hexlify(tip.stateRoot)) throw new RecoveryMismatchError(`stored accounts do not match verified batch ${tip.number}`);
    await pool.ready(); // the workers load their modules now, not while the first batches wait for them
    const queue = new QueueWatcher(provider, store, { rollup: options.rollup, confirmations: options.confirmations, startBlock: genesis.deployBlock });
    const follower = new Follower({
      provider, store, reader, core, queue, tip,
      separator: domainSeparator(loftDomain(genesis.chainId, options.rollup)),
      recover: (records, count) => pool.recover(records, count),
      rollup: options.rollup, rpcUrl: options.l1Rpc, confirmations: options.confirmations, deployBlock: genesis.deployBlock,
      ...(options.onVerified ? { onVerified: options.onVerified } : {}),
      ...(options.onMismatch ? { onMismatch: options.onMismatch } : {}),
      ...(options.onFrozen ? { onFrozen: options.onFrozen } : {}),
      ...(options.stopBeforeBatch !== undefined ? { stopBeforeBatch: options.stopBeforeBatch } : {}),
      ...(options.onFinalized ? { onFinalized: options.onFinalized } : {}),
    });
    return {
      follower, core, store, reader, chainId: genesis.chainId, provider, sequencer: genesis.sequencer, deployBlock: genesis.deployBlock,
      genesisRecords: genesis.records, genesisStateRoot: genesis.stateRoot,
      async close() {
        await pool.close();
        await store.close();
        provider.destroy();
      },
    };
  } catch (error) {
    await pool.close();
    await store.close();
    provider.destroy();
    throw error;
  }
}
