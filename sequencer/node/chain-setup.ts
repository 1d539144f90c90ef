/**
 * Real-chain mode (`loft start --l1-rpc URL --sequencer-key KEY --rollup ADDRESS --data-dir DIR`):
 * the data dir must have been created by `loft deploy` for that Rollup; the key must be the
 * contract's sequencer; a frozen Rollup (a fraud proof or a stale queue message froze it:
 * nothing can be committed any more) starts the node read-only (reads and escape proofs, no
 * sealing or posting: loft-node.ts), else its posted bond must be at least its bondRequired (commits revert below it, docs/fraud-proofs.md §3); the challenge window is read
 * from the contract. When L1 does not answer at start (every --l1-rpc URL refused or timed out),
 * the node starts from the data dir's deployment record instead, with one warning line: intake
 * and sealing work at once, and L1 is retried with backoff (commits wait for it).
 */
import { Contract, formatEther, getAddress, Wallet } from "ethers";
import type { Logger } from "pino";
import { loadCore } from "../core/index.ts";
import type { NodeConfig } from "../config/node-config.ts";
import { describeL1Error, isTransientL1Error } from "../l1/l1-errors.ts";
import { L1Rpc, shownUrl } from "../l1/l1-rpc.ts";
import { loadRollupArtifact } from "../l1/rollup-abi.ts";
import { existsSync } from "node:fs";
import { readDeploymentReadOnly } from "./deployment-record.ts";
import { resolveRollupChainId, RollupChainIdError } from "../config/rollup-chain-id.ts";
import type { L1Setup } from "./l1-setup.ts";

export class ChainSetupError extends Error {
  override name = "ChainSetupError";
}

export async function setUpChain(config: NodeConfig, log?: Logger): Promise<L1Setup> {
  const provider = new L1Rpc(config.l1Rpc!).provider();
  try {
    let chainId: bigint;
    try {
      ({ chainId } = await provider.getNetwork());
    } catch (error) {
      if (!isTransientL1Error(error)) throw error;
      return await fromDeploymentRecord(config, error, log);
    }
    const rollup = getAddress(config.rollup!);
    const key = config.sequencerKey!.startsWith("0x") ? config.sequencerKey! : `0x${config.sequencerKey}`;
    const sequencer = new Wallet(key).address;
    const contract = new Contract(rollup, loadRollupArtifact().abi, provider);
    if ((await provider.getCode(rollup)) === "0x") throw new ChainSetupError(`no contract at ${rollup} on chain ${chainId}`);
    const onChainSequencer = getAddress(await contract.getFunction("sequencer")());
    if (onChainSequencer !== sequencer) throw new ChainSetupError(`--sequencer-key is ${sequencer}, but the Rollup's sequencer is ${onChainSequencer}`);
    const hatch = await contract.getFunction("escapeHatch")();
    if (hatch.frozen) log?.warn(`the Rollup at ${rollup} is frozen since L1 time ${hatch.frozenAt} (escape batch ${hatch.batch}): no batch can be committed any more; the node starts read-only and serves reads and escape proofs`);
    const bond = BigInt(await contract.getFunction("bond")());
    const bondRequired = BigInt(await contract.getFunction("bondRequired")());
    if (!hatch.frozen && bond < bondRequired) {
      throw new ChainSetupError(`the Rollup's bond is ${formatEther(bond)} ETH, below its bondRequired of ${formatEther(bondRequired)} ETH: commits would revert; send the difference to its postBond()`);
    }
    const challengeWindowSeconds = Number(await contract.getFunction("challengeWindow")());

    const genesis = await readGenesis(config, chainId, rollup);
    return { rpcUrl: config.l1Rpc!, chainId, rollup, sequencerKey: new Uint8Array(Buffer.from(key.slice(2), "hex")), challengeWindowSeconds, ...genesis, stop: async () => {} };
  } finally {
    provider.destroy();
  }
}

/** L1 is unreachable: the node starts from what `loft deploy` and earlier runs stored in the data dir. */
async function fromDeploymentRecord(config: NodeConfig, cause: unknown, log?: Logger): Promise<L1Setup> {
  const hosts = config.l1Rpc!.split(",").map(shownUrl).join(", ");
  const unreachable = `L1 unreachable at ${hosts} (${describeL1Error((cause as { cause?: unknown }).cause ?? cause)})`;
  const found = existsSync(config.dataDir) ? await readDeploymentReadOnly(config.dataDir) : undefined;
  if (!found) throw new ChainSetupError(`${unreachable}, and data dir ${config.dataDir} holds no deployment to start from: check --l1-rpc`);
  if (found.challengeWindowSeconds === undefined) throw new ChainSetupError(`${unreachable}, and data dir ${config.dataDir} never ran against it (the Rollup's challenge window is unknown): start it once while L1 answers`);
  const rollup = getAddress(config.rollup!);
  const genesis = await readGenesis(config, found.chainId, rollup);
  const key = config.sequencerKey!.startsWith("0x") ? config.sequencerKey! : `0x${config.sequencerKey}`;
  log?.warn({ dataDir: config.dataDir, rollup, chainId: found.chainId.toString() }, `${unreachable}: starting from the data dir's deployment record; sealing goes on, commits wait for L1 (retried with backoff)`);
  return { rpcUrl: config.l1Rpc!, chainId: found.chainId, rollup, sequencerKey: new Uint8Array(Buffer.from(key.slice(2), "hex")), challengeWindowSeconds: found.challengeWindowSeconds, ...genesis, stop: async () => {} };
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
  let rollupChainId: bigint;
  try {
    rollupChainId = resolveRollupChainId(config.chainId, found.rollupChainId, chainId, `data dir ${config.dataDir}`);
  } catch (error) {
    throw error instanceof RollupChainIdError ? new ChainSetupError(error.message) : error;
  }
  return { deployBlock: found.deployBlock, genesisRecords: found.genesisRecords, genesisStateRoot: core.state.root(), rollupChainId };
}
