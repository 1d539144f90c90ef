/**
 * The follower's genesis, from L1 alone: the genesis state root is in the Rollup's
 * `BatchesCommitted(0)` event (commit 0 is the genesis batch 0, emitted by the constructor); the accounts are the fee recipient (the contract's sequencer) alone, or,
 * on a development chain (id 31337), the devnet genesis with `devAccounts` load-test accounts. The
 * accounts are accepted only if they hash to the on-chain root.
 */
import { Contract, getAddress, getBytes, hexlify, type JsonRpcProvider } from "ethers";
import type { LoftCore } from "../core/index.ts";
import { devnetGenesis, genesisRecords } from "../genesis/genesis.ts";
import { loadRollupArtifact, rollupInterface } from "../l1/rollup-abi.ts";
import { batchesCommittedTopic } from "../l1/commit-event.ts";

export class GenesisMismatchError extends Error {
  override name = "GenesisMismatchError";
}

export interface FollowerGenesis {
  chainId: bigint;
  sequencer: string;
  deployBlock: number;
  records: Uint8Array;
  stateRoot: Uint8Array;
}

export async function followerGenesis(provider: JsonRpcProvider, rollup: string, core: LoftCore, devAccounts: number, fromBlock = 0): Promise<FollowerGenesis> {
  const { chainId } = await provider.getNetwork();
  const zeroTopic = `0x${"0".repeat(64)}`;
  const logs = await provider.getLogs({ address: rollup, fromBlock, toBlock: "latest", topics: [batchesCommittedTopic(), zeroTopic] });
  if (logs.length === 0) throw new GenesisMismatchError(`no BatchesCommitted(0) event of ${rollup} on chain ${chainId}: is it a Loft Rollup?`);
  const event = rollupInterface().parseLog({ topics: [...logs[0]!.topics], data: logs[0]!.data })!;
  const onChainRoot = getBytes(event.args.getValue("stateRoot"));
  const sequencer = getBytes(await new Contract(rollup, loadRollupArtifact().abi, provider).getFunction("sequencer")());
  const accounts = chainId === 31337n ? devnetGenesis(sequencer, devAccounts) : [{ address: sequencer, balance: 0n }];
  const records = genesisRecords(accounts);
  core.state.load(records);
  const stateRoot = core.state.root();
  if (hexlify(stateRoot) !== hexlify(onChainRoot)) {
    throw new GenesisMismatchError(`the genesis accounts give state root ${hexlify(stateRoot)}, the Rollup was deployed with ${hexlify(onChainRoot)}${chainId === 31337n ? ": pass the --dev-accounts the sequencer used" : ""}`);
  }
  return { chainId, sequencer: getAddress(hexlify(sequencer)), deployBlock: logs[0]!.blockNumber, records, stateRoot };
}
