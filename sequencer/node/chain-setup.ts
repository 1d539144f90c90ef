/**
 * Real-chain mode (`loft start --l1-rpc URL --sequencer-key KEY --rollup ADDRESS --data-dir DIR`):
 * the data dir must have been created by `loft deploy` for that Rollup; the key must be the
 * contract's sequencer; the Rollup must not be frozen (a fraud proof or a stale queue message
 * froze it: nothing can be committed any more) and its posted bond must be at least its
 * bondRequired (commits revert below it, docs/fraud-proofs.md §3); the challenge window is read
 * from the contract.
 */
import { Contract, formatEther, getAddress, hexlify, JsonRpcProvider, Wallet } from "ethers";
import { loadCore } from "../core/index.ts";
import type { NodeConfig } from "../config/node-config.ts";
import { loadRollupArtifact } from "../l1/rollup-abi.ts";
import { existsSync } from "node:fs";
import { readDeploymentReadOnly } from "./deployment-record.ts";
import type { L1Setup } from "./l1-setup.ts";

export class ChainSetupError extends Error {
  override name = "ChainSetupError";
}

export async function setUpChain(config: NodeConfig): Promise<L1Setup> {
  const provider = new JsonRpcProvider(config.l1Rpc, undefined, { staticNetwork: true });
  try {
    const { chainId } = await provider.getNetwork();
    const rollup = getAddress(config.rollup!);
    const key = config.sequencerKey!.startsWith("0x") ? config.sequencerKey! : `0x${config.sequencerKey}`;
    const sequencer = new Wallet(key).address;
    const contract = new Contract(rollup, loadRollupArtifact().abi, provider);
    if ((await provider.getCode(rollup)) === "0x") throw new ChainSetupError(`no contract at ${rollup} on chain ${chainId}`);
    const onChainSequencer = getAddress(await contract.getFunction("sequencer")());
    if (onChainSequencer !== sequencer) throw new ChainSetupError(`--sequencer-key is ${sequencer}, but the Rollup's sequencer is ${onChainSequencer}`);
    const hatch = await contract.getFunction("escapeHatch")();
    if (hatch.frozen) throw new ChainSetupError(`the Rollup at ${rollup} is frozen since L1 time ${hatch.frozenAt} (escape batch ${hatch.batch}): no batch can be committed any more`);
    const bond = BigInt(await contract.getFunction("bond")());
    const bondRequired = BigInt(await contract.getFunction("bondRequired")());
    if (bond < bondRequired) {
      throw new ChainSetupError(`the Rollup's bond is ${formatEther(bond)} ETH, below its bondRequired of ${formatEther(bondRequired)} ETH: commits would revert; send the difference to its postBond()`);
    }
    const challengeWindowSeconds = Number(await contract.getFunction("challengeWindow")());

    const genesis = await readGenesis(config, chainId, rollup);
    return { rpcUrl: config.l1Rpc!, chainId, rollup, sequencerKey: new Uint8Array(Buffer.from(key.slice(2), "hex")), challengeWindowSeconds, ...genesis, stop: async () => {} };
  } finally {
    provider.destroy();
  }
}

async function readGenesis(config: NodeConfig, chainId: bigint, rollup: string) {
  if (!existsSync(config.dataDir)) {
    throw new ChainSetupError(`data dir ${config.dataDir} does not exist: create it with loft deploy --data-dir ${config.dataDir}`);
  }
  const found = await readDeploymentReadOnly(config.dataDir);
  if (!found) throw new ChainSetupError(`data dir ${config.dataDir} was not created by \`loft deploy\`: run loft deploy --data-dir DIR first`);
  if (found.chainId !== chainId || found.rollup.toLowerCase() !== rollup.toLowerCase()) {
    throw new ChainSetupError(`data dir ${config.dataDir} belongs to rollup ${found.rollup} on chain ${found.chainId}, not ${rollup} on chain ${chainId}`);
  }
  const core = await loadCore();
  core.state.load(found.genesisRecords);
  return { deployBlock: found.deployBlock, genesisRecords: found.genesisRecords, genesisStateRoot: core.state.root() };
}
