/**
 * The sequencer's watch for a freeze (protocol.md §5): once a proven fraud or `freeze()` after the
 * inclusion window froze the Rollup, no commit, bond, deposit or exit request is accepted on L1
 * any more, so the node stops sealing and posting, refuses new transactions with a clear error
 * ("rollup is frozen: escape is open"), and keeps serving reads and escape proofs. The Rollup's
 * escape hatch is read once per round at the latest block (a commit past a freeze would revert
 * anyway); the `Frozen` (and `FraudProven`) event says where and why.
 */
import type { JsonRpcProvider } from "ethers";
import { fraudEventOf, fraudProvenTopic } from "../l1/fraud-event.ts";
import type { FrozenRollup } from "../follower/follower.ts";
import { RpcError } from "../rpc/index.ts";
import { findFrozenEvent, readEscapeHatch } from "./escape-hatch.ts";

/** JSON-RPC error code of a transaction sent to a frozen rollup. */
export const ROLLUP_FROZEN = -32030;

export function frozenText(frozen: FrozenRollup): string {
  const why = frozen.cause === "fraud"
    ? `batch ${frozen.provenBatch ?? "?"} was proven wrong on L1`
    : `L1 queue message ${frozen.staleQueueIndex ?? "?"} waited past the inclusion window`;
  return `rollup is frozen: escape is open (${why}; escape batch ${frozen.escapeBatch}, state root ${frozen.escapeStateRoot}; frozen in ${frozen.l1TxHash || "an L1 transaction"}): no transaction is sequenced any more; every account escapes with its balance in the escape batch (GET /api/escape/<address>, or loft escape --address <address>)`;
}

export function frozenError(frozen: FrozenRollup): RpcError {
  return new RpcError(ROLLUP_FROZEN, frozenText(frozen), { escapeBatch: frozen.escapeBatch, escapeStateRoot: frozen.escapeStateRoot, cause: frozen.cause });
}

/** The freeze as L1 states it now, or undefined while the Rollup is not frozen. */
export async function readFrozen(provider: JsonRpcProvider, rollup: string, fromBlock: number): Promise<FrozenRollup | undefined> {
  const latest = await provider.getBlockNumber();
  const hatch = await readEscapeHatch(provider, rollup, latest);
  if (!hatch.frozen) return undefined;
  const event = await findFrozenEvent(provider, rollup, fromBlock, latest);
  const frozen: FrozenRollup = {
    cause: event && event.staleQueueIndex !== undefined ? "inclusion" : "fraud",
    escapeBatch: hatch.escapeBatch, escapeQueueCount: hatch.escapeQueueCount, escapeStateRoot: hatch.escapeStateRoot, frozenAt: hatch.frozenAt,
    l1TxHash: event?.l1TxHash ?? "", l1Block: event?.l1Block ?? latest,
    ...(event?.staleQueueIndex !== undefined ? { staleQueueIndex: event.staleQueueIndex } : {}),
  };
  if (frozen.cause === "fraud" && event) {
    const logs = await provider.getLogs({ address: rollup, fromBlock: event.l1Block, toBlock: event.l1Block, topics: [fraudProvenTopic()] });
    const fraud = logs.map(fraudEventOf).find((f) => f.l1TxHash === event.l1TxHash);
    if (fraud) Object.assign(frozen, { provenBatch: fraud.batch, kind: fraud.kind });
  }
  return frozen;
}

/** Polls L1 until the Rollup is frozen, then calls `onFrozen` once and stays frozen. */
export class FreezeWatch {
  private found: FrozenRollup | undefined;

  constructor(private readonly provider: JsonRpcProvider, private readonly rollup: string, private readonly deployBlock: number, private readonly onFrozen: (frozen: FrozenRollup) => Promise<void> | void) {}

  get frozen(): FrozenRollup | undefined {
    return this.found;
  }

  /** One round: true once frozen. */
  async poll(): Promise<boolean> {
    if (this.found) return true;
    const frozen = await readFrozen(this.provider, this.rollup, this.deployBlock);
    if (!frozen) return false;
    this.found = frozen;
    await this.onFrozen(frozen);
    return true;
  }
}
