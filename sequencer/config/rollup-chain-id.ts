/**
 * The rollup's own chain id (spec §2 v2), a deployment parameter: `loft deploy --chain-id N`
 * records it in the data dir, `loft start` reads it from there, `loft follow --chain-id N` is told.
 * On a local L1 (31337) the devnet's fixed id is the default (eth/rollup-chain-id.ts); elsewhere it
 * must be given once, and it may never be the L1's own (a wallet would sign for the wrong chain).
 */
import { DEVNET_ROLLUP_CHAIN_ID, rollupChainIdOrUndefined } from "../eth/rollup-chain-id.ts";

export { DEVNET_ROLLUP_CHAIN_ID };

export class RollupChainIdError extends Error {
  override name = "RollupChainIdError";
}

/** `given` = --chain-id, `recorded` = the deployment record's; `what` names the data dir or the command for the message. */
export function resolveRollupChainId(given: number | undefined, recorded: number | undefined, l1ChainId: bigint, what: string): bigint {
  if (given !== undefined && recorded !== undefined && given !== recorded) {
    throw new RollupChainIdError(`--chain-id ${given} differs from the rollup chain id ${recorded} recorded in ${what}: leave it out`);
  }
  const id = recorded ?? given;
  const chainId = id !== undefined ? BigInt(id) : rollupChainIdOrUndefined(l1ChainId);
  if (chainId === undefined) {
    throw new RollupChainIdError(`the rollup's chain id is unknown for ${what} (L1 chain ${l1ChainId}): pass --chain-id N (LOFT_CHAIN_ID), the rollup's own id its operator chose`);
  }
  if (chainId === l1ChainId) throw new RollupChainIdError(`--chain-id ${chainId} is the L1's chain id: the rollup needs its own (spec §2)`);
  return chainId;
}
