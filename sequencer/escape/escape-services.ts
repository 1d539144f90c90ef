/**
 * What the node and the follower run for the escape hatch and for claims that tell the truth:
 * the L1 payouts index (withdrawals, escapes and reclaims paid on L1), the replayed state for
 * proofs at an older batch, the explorer's escape routes and, on the sequencer, the freeze watch.
 * One periodic task polls L1 for them (every second; L1 errors back off and are logged, never
 * fatal).
 */
import type { JsonRpcProvider } from "ethers";
import type { Logger } from "pino";
import { EscapeRoutes } from "../explorer/escape-routes.ts";
import type { FrozenRollup } from "../follower/follower.ts";
import { PeriodicTask } from "../node/periodic-task.ts";
import type { Store } from "../store/store.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { FreezeWatch } from "./freeze-watch.ts";
import { L1Payouts } from "./l1-payouts.ts";
import { StateAtBatch } from "./state-at-batch.ts";
import { finalizeUpTo } from "../follower/follower-finality.ts";

export interface EscapeServiceOptions {
  provider: JsonRpcProvider;
  store: Store;
  reader: StoreReader;
  rollup: string;
  deployBlock: number;
  confirmations: number;
  genesisRecords: Uint8Array;
  genesisStateRoot: Uint8Array;
  log: Logger;
  /** The last batch proofs are served for (the sequencer's latest durable batch, a follower's verified head). */
  servedHead(): number;
  /** Given on the sequencer: watch for the freeze and call this once it happened. */
  onFrozen?(frozen: FrozenRollup): Promise<void> | void;
}

export interface EscapeServices {
  payouts: L1Payouts;
  routes: EscapeRoutes;
  /** The freeze, once seen (sequencer only; a follower records its own). */
  frozen(): FrozenRollup | undefined;
  /** One freeze check now (before the node starts sealing); an L1 error is left to the periodic task. */
  checkNow(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export function escapeServices(options: EscapeServiceOptions): EscapeServices {
  const { provider, store, reader, rollup, log } = options;
  const payouts = new L1Payouts(provider, store, { rollup, confirmations: options.confirmations, startBlock: options.deployBlock });
  const states = new StateAtBatch(reader, options.genesisRecords, options.genesisStateRoot);
  const routes = new EscapeRoutes({ provider, rollup, reader, states, payouts, servedHead: options.servedHead });
  // once frozen, every batch up to the escape batch is final on L1 (isFinal), whatever the poster had marked
  const watch = options.onFrozen ? new FreezeWatch(provider, rollup, options.deployBlock, async (frozen) => {
    await options.onFrozen!(frozen);
    const done = await finalizeUpTo(store, frozen.escapeBatch, reader.latestSealed() ?? 0);
    if (done.length > 0) log.info({ from: done[0], to: done.at(-1) }, "batches up to the escape batch are final on L1: marked finalized");
  }) : undefined;
  let failing = false;
  const task = new PeriodicTask(async () => {
    await watch?.poll();
    await payouts.poll();
    if (failing) log.info("L1 payouts and freeze watch: L1 answers again");
    failing = false;
  }, 1_000, (error) => {
    if (!failing) log.warn({ err: error }, "L1 payouts and freeze watch: L1 read failed; retrying with backoff");
    failing = true;
    return "backoff";
  });
  const checkNow = async () => void (await watch?.poll().catch((error) => log.warn({ err: error }, "freeze check at start failed; retried every second")));
  return { payouts, routes, frozen: () => watch?.frozen, checkNow, start: () => task.start(), stop: () => task.stop() };
}
