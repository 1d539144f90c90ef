/**
 * The Rollup's escape hatch as L1 states it (protocol.md §5, docs/fraud-proofs.md §4): whether it
 * is frozen, the escape batch (the last batch of the last final commit when it froze), that
 * batch's queueCount (queue messages at or past it are reclaimable deposits) and stateRoot (what
 * every escape proves against), and the `Frozen` event that set it. Every read of one call is made
 * at one block tag, so the answer is one consistent L1 view.
 */
import { Contract, hexlify, type JsonRpcProvider, type Log } from "ethers";
import { loadRollupArtifact, rollupInterface } from "../l1/rollup-abi.ts";

export interface EscapeHatchState {
  frozen: boolean;
  /** Once frozen: the escape batch, its queueCount and stateRoot, and the L1 time of the freeze. */
  escapeBatch: number;
  escapeQueueCount: number;
  escapeStateRoot: string;
  frozenAt: number;
  /** Messages ever appended to the L1 queue (it cannot grow once frozen). */
  queueLength: number;
}

/** Where and why the rollup froze: the `Frozen` event. */
export interface FrozenEvent {
  escapeBatch: number;
  escapeQueueCount: number;
  /** The queue message that waited past the inclusion window; undefined when a proven fraud froze it. */
  staleQueueIndex: number | undefined;
  l1TxHash: string;
  l1Block: number;
}

/** Frozen's staleQueueIndex when a proven fraud froze the rollup (RollupState.FRAUD_FREEZE). */
const FRAUD_FREEZE = (1n << 64n) - 1n;
const MAX_LOG_RANGE = 2_000;

export const rollupContract = (provider: JsonRpcProvider, rollup: string) => new Contract(rollup, loadRollupArtifact().abi, provider);

/** The escape hatch at `blockTag` (default latest). */
export async function readEscapeHatch(provider: JsonRpcProvider, rollup: string, blockTag: number | string = "latest"): Promise<EscapeHatchState> {
  const contract = rollupContract(provider, rollup);
  const [hatch, stateRoot, chain] = await Promise.all([
    contract.getFunction("escapeHatch")({ blockTag }),
    contract.getFunction("escapeStateRoot")({ blockTag }),
    contract.getFunction("chain")({ blockTag }),
  ]);
  return {
    frozen: Boolean(hatch.frozen), escapeBatch: Number(hatch.batch), escapeQueueCount: Number(hatch.queueCount), frozenAt: Number(hatch.frozenAt),
    escapeStateRoot: hexlify(stateRoot), queueLength: Number(chain.queueLength),
  };
}

export function frozenTopic(): string {
  return rollupInterface().getEvent("Frozen")!.topicHash;
}

export function frozenEventOf(log: Log): FrozenEvent {
  const event = rollupInterface().parseLog({ topics: [...log.topics], data: log.data });
  if (event?.name !== "Frozen") throw new Error(`log ${log.transactionHash}:${log.index} is not Frozen`);
  const stale = BigInt(event.args.getValue("staleQueueIndex"));
  return {
    escapeBatch: Number(event.args.getValue("escapeBatch")), escapeQueueCount: Number(event.args.getValue("escapeQueueCount")),
    staleQueueIndex: stale === FRAUD_FREEZE ? undefined : Number(stale), l1TxHash: log.transactionHash, l1Block: log.blockNumber,
  };
}

/** The `Frozen` event, searched backwards from `toBlock` to `fromBlock` (there is at most one). */
export async function findFrozenEvent(provider: JsonRpcProvider, rollup: string, fromBlock: number, toBlock: number): Promise<FrozenEvent | undefined> {
  for (let to = toBlock; to >= fromBlock; to -= MAX_LOG_RANGE) {
    const from = Math.max(fromBlock, to - MAX_LOG_RANGE + 1);
    const logs = await provider.getLogs({ address: rollup, fromBlock: from, toBlock: to, topics: [frozenTopic()] });
    if (logs.length > 0) return frozenEventOf(logs.at(-1)!);
  }
  return undefined;
}
