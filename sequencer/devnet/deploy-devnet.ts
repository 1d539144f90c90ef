/**
 * Sets up the devnet's L1: a deterministic sequencer key funded on the Hardhat node, the devnet
 * genesis (fee recipient = sequencer, 20 dev accounts, `extraAccounts` load-test accounts), and the
 * fraud-proof modules and the Rollup deployed with the genesis root, backed by the genesis
 * balances, with the sequencer's bond posted (default 1 ETH).
 */
import { JsonRpcProvider, NonceManager, Wallet, hexlify, parseEther, toQuantity } from "ethers";
import { keccak_256 } from "@noble/hashes/sha3";
import { loadCore } from "../core/index.ts";
import { addressOfKey } from "../genesis/dev-keys.ts";
import { devnetGenesis, genesisRecords, genesisTotal, type GenesisAccount } from "../genesis/genesis.ts";
import { deployRollup, type DeployedRollup } from "../l1/deploy-rollup.ts";

/** The devnet's sequencer key: public knowledge, never for a real chain. */
export const DEVNET_SEQUENCER_KEY = keccak_256(new TextEncoder().encode("loft devnet sequencer"));
const SEQUENCER_L1_FUNDS = 1_000n * 10n ** 18n;
/** The devnet's bond unless told otherwise (`--bond`). */
export const DEVNET_BOND_WEI = parseEther("1");

export interface DevnetOptions {
  extraAccounts: number;
  challengeWindowSeconds: number;
  inclusionWindowSeconds: number;
  /** wei; DEVNET_BOND_WEI when absent. */
  bondWei?: bigint;
}

export interface Devnet {
  chainId: bigint;
  rollup: DeployedRollup;
  sequencerKey: Uint8Array;
  genesis: GenesisAccount[];
  genesisRecords: Uint8Array;
  genesisStateRoot: Uint8Array;
}

export async function deployDevnet(rpcUrl: string, options: DevnetOptions): Promise<Devnet> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const { chainId } = await provider.getNetwork();
    const sequencer = new Wallet(hexlify(DEVNET_SEQUENCER_KEY), provider);
    const genesis = devnetGenesis(addressOfKey(DEVNET_SEQUENCER_KEY), options.extraAccounts);
    const records = genesisRecords(genesis);
    const core = await loadCore();
    core.state.load(records);
    const genesisStateRoot = core.state.root();
    const value = genesisTotal(genesis);
    const bondWei = options.bondWei ?? DEVNET_BOND_WEI;
    await provider.send("hardhat_setBalance", [sequencer.address, toQuantity(value + bondWei + SEQUENCER_L1_FUNDS)]);
    const rollup = await deployRollup(new NonceManager(sequencer), {
      sequencer: sequencer.address,
      genesisStateRoot,
      challengeWindowSeconds: options.challengeWindowSeconds,
      inclusionWindowSeconds: options.inclusionWindowSeconds,
      bondWei,
      genesisValue: value,
    });
    return { chainId, rollup, sequencerKey: DEVNET_SEQUENCER_KEY, genesis, genesisRecords: records, genesisStateRoot };
  } finally {
    provider.destroy();
  }
}
