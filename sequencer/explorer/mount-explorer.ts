/**
 * Mounts the explorer on the node's server: the HTTP API, the web page, /metrics, /healthz and
 * /readyz. The node feeds `activity` with its seal and L1-status events.
 *
 *     const explorer = mountExplorer({ server, reader, core, mempool, sealer, rejections, … });
 *     explorer.activity.sealed({ number, at, txCount });
 */
import type { LoftCore } from "../core/index.ts";
import type { NodeMetrics } from "../metrics/node-metrics.ts";
import type { RecentRejections } from "../node/recent-rejections.ts";
import type { RpcServer } from "../rpc/index.ts";
import type { BatchTip } from "../sealer/batch-tip.ts";
import type { StoreReader } from "../store/store-reader.ts";
import type { AccountSource } from "../node/core-account-reader.ts";

export type DurableAccountView = AccountSource & { count(): number; aheadOfDisk(): boolean };
import { registerApiRoutes } from "./api-routes.ts";
import { explorerRoute } from "./explorer-route.ts";
import { ExitClaims } from "./exit-claims.ts";
import { ChainActivity } from "./chain-activity.ts";
import { ChainStats, postingLag, type StatsSources } from "./chain-stats.ts";
import { scanChainTotals } from "./chain-totals.ts";
import { registerOpsRoutes, type ReadinessChecks } from "./ops-routes.ts";
import { L1QueueLookup, type L1ReceiptSource } from "./l1-queue-lookup.ts";
import { registerPageRoutes } from "./page-routes.ts";
import type { PendingSource } from "./transaction-lookup.ts";
import { TransactionProofs } from "./transaction-proof.ts";
import type { EscapeServices } from "../escape/escape-services.ts";
import type { FrozenRollup } from "../follower/follower.ts";

export interface ExplorerSources {
  server: RpcServer;
  reader: StoreReader;
  core: LoftCore;
  mempool: PendingSource & { size: number; counts: { ready: number; future: number } };
  sealer: { latest: BatchTip; beingSealed(hash: Uint8Array): { record: Uint8Array } | undefined };
  rejections: RecentRejections;
  /** The sequencer's durable account state (node/core-account-reader.ts); absent, the WASM state as it is. */
  accounts?: DurableAccountView;
  /** The Rollup contract's address (claims are sent there). */
  rollup: string;
  /** The sequencer's L1 address and a read of its balance. */
  sequencer: string;
  l1Balance(): Promise<bigint>;
  /** An L1 transaction's receipt (search by a deposit's or full exit's L1 hash); absent: not searchable. */
  l1Receipt?: L1ReceiptSource;
  /** The Rollup's challenge window (seconds): a transaction page's expected finality time. */
  challengeWindowSeconds?: number;
  readiness: ReadinessChecks;
  metrics?: NodeMetrics;
  /** On a follower: its verified head and mismatch, shown in /api/stats. */
  follower?: StatsSources["follower"];
  /** The escape hatch's routes and the L1 payouts (withdrawals shown `claimed`): escape/escape-services.ts. */
  escape?: Pick<EscapeServices, "payouts" | "routes">;
  /** The freeze once seen, shown in /api/stats (`frozen`). */
  frozen?: () => FrozenRollup | null;
  /** The fee policy, state-size guard and admission limits (sequencer/fees/node-fees.ts), shown in /api/stats. */
  admission?: StatsSources["admission"];
}

export interface Explorer {
  activity: ChainActivity;
}

export function mountExplorer(sources: ExplorerSources): Explorer {
  const { server, reader, core, metrics } = sources;
  const activity = new ChainActivity(scanChainTotals(reader));
  const stats = new ChainStats({
    reader, activity, mempool: sources.mempool, sequencer: sources.sequencer, l1Balance: sources.l1Balance,
    accountCount: () => sources.accounts?.count() ?? core.state.count,
    ...(sources.follower ? { follower: sources.follower } : {}),
    ...(sources.frozen ? { frozen: sources.frozen } : {}),
    ...(sources.admission ? { admission: sources.admission } : {}),
  });
  const stateBatch = (stateRoot: Uint8Array) => {
    const latest = sources.sealer.latest;
    return Buffer.from(latest.stateRoot).equals(stateRoot) ? latest.number : latest.number + 1;
  };
  // while the executor is ahead of the disk the WASM tree is not the durable state: no proof from it
  const durableTip = () => (sources.accounts?.aheadOfDisk() ? sources.sealer.latest : undefined);
  const l1Queue = sources.l1Receipt ? new L1QueueLookup(reader, sources.rollup, sources.l1Receipt) : undefined;
  registerApiRoutes(server, { ...sources, stats, ...(l1Queue ? { l1Queue } : {}), durableTip, proofs: new TransactionProofs(reader, core), exitClaims: new ExitClaims(reader, core, sources.escape?.payouts), stateBatch, ...(sources.escape ? { accountAt: (address: Uint8Array, batch: string) => sources.escape!.routes.accountAt(address, batch) } : {}) }, metrics);
  for (const [pattern, handler] of Object.entries(sources.escape?.routes.routes() ?? {})) server.get(pattern, explorerRoute(pattern, handler, metrics));
  registerOpsRoutes(server, sources.readiness, metrics);
  registerPageRoutes(server);
  metrics?.observe({
    mempoolSize: () => sources.mempool.size,
    postingLagBatches: () => postingLag(reader, activity).batches,
    postingLagSeconds: () => postingLag(reader, activity).seconds,
  });
  return { activity };
}
