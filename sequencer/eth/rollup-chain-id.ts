/**
 * The rollup's own chain id (spec §2 v2): a deployment parameter, answered by eth_chainId and
 * net_version, never the L1's (the EIP-712 domain keeps the L1's). The devnet's is fixed:
 * 1280263764 = 0x4c4f4654, "LOFT" in ASCII, which no public chain uses.
 */
export const DEVNET_ROLLUP_CHAIN_ID = 0x4c4f4654n;
/** Hardhat's and anvil's chain id: the L1 of every local devnet. */
const LOCAL_L1_CHAIN_ID = 31337n;

/** The default for a node that was not told: the devnet's on a local L1, none elsewhere. */
export function rollupChainIdOrUndefined(l1ChainId: bigint): bigint | undefined {
  return l1ChainId === LOCAL_L1_CHAIN_ID ? DEVNET_ROLLUP_CHAIN_ID : undefined;
}
