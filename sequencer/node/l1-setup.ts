/** What the node needs to know of its L1 and Rollup, however they were set up (devnet or a real chain). */
export interface L1Setup {
  rpcUrl: string;
  chainId: bigint;
  rollup: string;
  deployBlock: number;
  sequencerKey: Uint8Array;
  genesisRecords: Uint8Array;
  genesisStateRoot: Uint8Array;
  challengeWindowSeconds: number;
  /** The rollup's own chain id (eth_chainId; spec §2 v2); absent: the devnet's on a local L1 (eth/rollup-chain-id.ts). */
  rollupChainId?: bigint;
  /** Stops what the setup started (the devnet's Hardhat node). */
  stop(): Promise<void>;
}
