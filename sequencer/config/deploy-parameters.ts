/**
 * What `loft deploy` may deploy with (shared spec §5, docs/fraud-proofs.md §3): on a local devnet
 * (chain id 31337: Hardhat, anvil) the defaults sized for tests and demos (30 s challenge window,
 * 600 s inclusion window, 1 ETH bond) are fine; on any other chain the three must be stated
 * explicitly, because a forgotten flag would otherwise deploy a mainnet Rollup whose batches are
 * final 30 s after commit, before anyone could prove one wrong. There the challenge window must be
 * at least one day.
 */
import type { NodeConfig } from "./node-config.ts";
import { envName, type OptionName } from "./node-options.ts";

export const DEV_CHAIN_ID = 31337n;
/** The shortest challenge window `loft deploy` accepts outside a devnet: one day, in seconds. */
export const MIN_CHALLENGE_WINDOW_SECONDS = 86_400;

export class DeployRefusedError extends Error {
  override name = "DeployRefusedError";
}

export interface DeployParameters {
  challengeWindowSeconds: number;
  inclusionWindowSeconds: number;
  bondWei: bigint;
}

const EXPLICIT: readonly OptionName[] = ["challenge-window", "inclusion-window", "bond", "chain-id"];

/** The deployment's windows and bond for chain `chainId`, or every reason to refuse it, in one error. */
export function deployParameters(config: Pick<NodeConfig, "challengeWindow" | "inclusionWindow" | "bond" | "given">, chainId: bigint): DeployParameters {
  const parameters = { challengeWindowSeconds: config.challengeWindow, inclusionWindowSeconds: config.inclusionWindow, bondWei: config.bond };
  if (chainId === DEV_CHAIN_ID) return parameters;
  const problems = EXPLICIT.filter((flag) => !config.given.includes(flag)).map((flag) => `--${flag} (or ${envName(flag)}) must be given explicitly`);
  if (config.given.includes("challenge-window") && config.challengeWindow < MIN_CHALLENGE_WINDOW_SECONDS) {
    problems.push(`--challenge-window ${config.challengeWindow} is under one day (${MIN_CHALLENGE_WINDOW_SECONDS} s)`);
  }
  if (problems.length > 0) throw new DeployRefusedError(`loft deploy to chain id ${chainId} (not a local devnet, 31337) refused:\n  ${problems.join("\n  ")}`);
  return parameters;
}
