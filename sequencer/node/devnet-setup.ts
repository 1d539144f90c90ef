/**
 * Devnet mode (`npm start` with no flags): a fresh Hardhat L1, the Rollup deployed with the devnet
 * genesis, and a fresh data dir (the devnet's L1 lives only as long as the node, so data from a
 * previous run describes a chain that no longer exists). Only a dir the devnet created and marked,
 * and that no live process holds, is emptied (devnet/devnet-data-dir.ts); its lock is held until
 * the devnet stops.
 */
import { prepareDevnetDataDir } from "../devnet/devnet-data-dir.ts";
import type { NodeConfig } from "../config/node-config.ts";
import { deployDevnet } from "../devnet/deploy-devnet.ts";
import { startHardhatNode, type HardhatNode } from "../devnet/hardhat-node.ts";
import { DEVNET_ROLLUP_CHAIN_ID } from "../config/rollup-chain-id.ts";
import type { L1Setup } from "./l1-setup.ts";

export async function setUpDevnet(config: NodeConfig): Promise<L1Setup> {
  const lock = prepareDevnetDataDir(config.dataDir);
  let l1: HardhatNode | undefined;
  try {
    l1 = await startHardhatNode({ blockIntervalMs: 1_000 });
    const started = l1;
    const devnet = await deployDevnet(l1.rpcUrl, {
      extraAccounts: config.devAccounts,
      challengeWindowSeconds: config.challengeWindow,
      inclusionWindowSeconds: config.inclusionWindow,
      bondWei: config.bond,
    });
    return {
      rpcUrl: l1.rpcUrl,
      chainId: devnet.chainId,
      rollup: devnet.rollup.address,
      deployBlock: devnet.rollup.blockNumber,
      sequencerKey: devnet.sequencerKey,
      genesisRecords: devnet.genesisRecords,
      genesisStateRoot: devnet.genesisStateRoot,
      challengeWindowSeconds: config.challengeWindow,
      rollupChainId: config.chainId !== undefined ? BigInt(config.chainId) : DEVNET_ROLLUP_CHAIN_ID,
      stop: () => started.stop().finally(() => lock.release()),
    };
  } catch (error) {
    await l1?.stop();
    lock.release();
    throw error;
  }
}
