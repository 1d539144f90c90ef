/**
 * `loft deploy`: deploys the fraud-proof modules and the Rollup to --l1-rpc with --sequencer-key as
 * the sequencer, posts the --bond, and creates the data dir for `loft start`. Genesis on a
 * development chain (chain id 31337: Hardhat, anvil) is the devnet's (fee recipient, 20 dev
 * accounts, --dev-accounts more, backed by the deployment's value); on any other chain it is the
 * fee recipient alone, and funds enter by deposits. Outside a devnet the windows and the bond
 * must be given and the challenge window be at least a day (config/deploy-parameters.ts): that is
 * checked before any transaction is sent, and so are a sequencer that genesis already funds and one
 * that cannot pay the genesis backing, the bond and gas (deploy-preflight.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { getAddress, hexlify, JsonRpcProvider, NonceManager, Wallet } from "ethers";
import { loadCore } from "../core/index.ts";
import type { NodeConfig } from "../config/node-config.ts";
import { DEV_CHAIN_ID, DeployRefusedError, deployParameters } from "../config/deploy-parameters.ts";
import { resolveRollupChainId, RollupChainIdError } from "../config/rollup-chain-id.ts";
import { addressOfKey } from "../genesis/dev-keys.ts";
import { devnetGenesis, genesisRecords, genesisTotal } from "../genesis/genesis.ts";
import { deployRollup } from "../l1/deploy-rollup.ts";
import { writeGenesisIfNew } from "../store/genesis-writer.ts";
import { openStore } from "../store/store.ts";
import { lockDataDir, type DataDirLock } from "../store/data-dir-lock.ts";
import { writeDeployment } from "./deployment-record.ts";
import { insufficientFundsError, refuseFundedSequencer, refuseUnfundedSequencer } from "./deploy-preflight.ts";

function rollupChainIdOrRefuse(given: number | undefined, l1ChainId: bigint): bigint {
  try {
    return resolveRollupChainId(given, undefined, l1ChainId, `loft deploy to chain ${l1ChainId}`);
  } catch (error) {
    throw error instanceof RollupChainIdError ? new DeployRefusedError(error.message) : error;
  }
}

export async function deployToChain(config: NodeConfig): Promise<{ rollup: string; deployBlock: number; chainId: bigint; bondWei: bigint; modules: Record<string, string> }> {
  let dataDir: DataDirLock | undefined;
  const provider = new JsonRpcProvider(config.l1Rpc, undefined, { staticNetwork: true });
  try {
    refuseUsedDataDir(config.dataDir);
    const { chainId } = await provider.getNetwork();
    const parameters = deployParameters(config, chainId); // refuses before anything is sent
    const rollupChainId = Number(rollupChainIdOrRefuse(config.chainId, chainId));
    const key = config.sequencerKey!.startsWith("0x") ? config.sequencerKey! : `0x${config.sequencerKey}`;
    const wallet = new Wallet(key, provider);
    const feeRecipient = addressOfKey(new Uint8Array(Buffer.from(key.slice(2), "hex")));
    if (chainId === DEV_CHAIN_ID) refuseFundedSequencer(wallet.address, config.devAccounts);
    const genesis = chainId === DEV_CHAIN_ID ? devnetGenesis(feeRecipient, config.devAccounts) : [{ address: feeRecipient, balance: 0n }];
    const records = genesisRecords(genesis);
    const core = await loadCore();
    core.state.load(records);
    const genesisStateRoot = core.state.root();
    const funding = { chainId, sequencer: wallet.address, genesisValue: genesisTotal(genesis), bondWei: parameters.bondWei, rpcUrl: config.l1Rpc! };
    const needed = await refuseUnfundedSequencer(provider, funding); // before anything is sent
    dataDir = lockDataDir(config.dataDir); // last before sending: a data dir in use fails here, not after the deployment
    refuseUsedDataDir(config.dataDir); // again, now that no other process can write it
    const deployed = await deployRollup(new NonceManager(wallet), {
      sequencer: wallet.address,
      genesisStateRoot,
      ...parameters,
      genesisValue: funding.genesisValue,
    }).catch((error: unknown) => Promise.reject(insufficientFundsError(error, funding, needed) ?? error));
    const store = await openStore({ dir: config.dataDir, identity: { chainId, rollup: deployed.address, genesisRoot: hexlify(genesisStateRoot) } });
    try {
      await writeGenesisIfNew(store, records);
      await writeDeployment(store, { rollup: getAddress(deployed.address), deployBlock: deployed.blockNumber, genesisRecords: records, modules: deployed.modules, bondWei: deployed.bondWei, rollupChainId });
    } finally {
      await store.close();
    }
    return { rollup: deployed.address, deployBlock: deployed.blockNumber, chainId, bondWei: deployed.bondWei, modules: deployed.modules };
  } finally {
    provider.destroy();
    dataDir?.release();
  }
}

function refuseUsedDataDir(dir: string): void {
  if (!existsSync(join(dir, "data.mdb"))) return;
  throw new DeployRefusedError(`loft deploy refused: data dir ${dir} already holds a rollup's data (each deployment prepares a new one): give a --data-dir that does not exist yet`);
}
