/**
 * The node's Prometheus metrics: one typed factory over its own prom-client Registry (so two nodes
 * in one process never collide). Every module takes `metrics?: NodeMetrics` and calls
 * `metrics?.x.inc()`; a node without metrics pays nothing.
 *
 *     const metrics = createNodeMetrics();
 *     metrics.batchesSealed.inc();
 *     const text = await metrics.registry.metrics(); // Prometheus text format
 *
 * Gauges whose value lives elsewhere (mempool size, posting lag) read it at scrape time through
 * `observe(...)`, so nothing polls.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Values read at scrape time. */
export interface ScrapeSources {
  mempoolSize(): number;
  /** Sealed batches not yet committed on L1. */
  postingLagBatches(): number;
  /** Age of the oldest sealed batch not yet committed on L1, seconds (0 when none). */
  postingLagSeconds(): number;
}

/** The last sealed, committed (with the confirmations) and finalized batch, read at scrape time. */
export type BatchHeights = () => Record<"sealed" | "committed" | "finalized", number>;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const L1_BUCKETS = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800];

export function createNodeMetrics(options: { prefix?: string; processMetrics?: boolean } = {}) {
  const prefix = options.prefix ?? "loft_";
  const registry = new Registry();
  // prom-client's own names (process_*, nodejs_*), unprefixed, so that stock dashboards work
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let sources: ScrapeSources | undefined;
  let heights: BatchHeights | undefined;

  const metrics = {
    registry,
    transactionsAccepted: new Counter({ name: `${prefix}transactions_accepted_total`, help: "User transactions admitted to the mempool", registers }),
    transactionsRejected: new Counter({
      name: `${prefix}transactions_rejected_total`,
      help: "User transactions refused, by stage (admission, execution, dropped) and reason",
      labelNames: ["stage", "reason"] as const,
      registers,
    }),
    transactionsSealed: new Counter({ name: `${prefix}transactions_sealed_total`, help: "Transactions (user and L1 queue) in sealed batches", registers }),
    batchesSealed: new Counter({ name: `${prefix}batches_sealed_total`, help: "Batches sealed and durably stored", registers }),
    batchStatus: new Counter({ name: `${prefix}batch_status_changes_total`, help: "Batches moved to committed or finalized", labelNames: ["status"] as const, registers }),
    sealSeconds: new Histogram({ name: `${prefix}seal_duration_seconds`, help: "Time to execute, encode and durably write one batch", buckets: LATENCY_BUCKETS, registers }),
    inclusionSeconds: new Histogram({ name: `${prefix}transaction_inclusion_seconds`, help: "From admission to sealed (durable) for user transactions", buckets: LATENCY_BUCKETS, registers }),
    l1PostSeconds: new Histogram({ name: `${prefix}l1_post_latency_seconds`, help: "From sealing a batch to its commit on L1 with the configured confirmations", buckets: L1_BUCKETS, registers }),
    batchDataBytes: new Counter({ name: `${prefix}batch_data_bytes_total`, help: "Compressed batch data bytes posted to L1", registers }),
    batchRawBytes: new Counter({ name: `${prefix}batch_raw_bytes_total`, help: "SSZ bytes (146 per transaction) of sealed batches", registers }),
    compressionRatio: new Gauge({ name: `${prefix}batch_compression_ratio`, help: "Compressed data bytes / raw SSZ bytes of the latest non-empty batch", registers }),
    followerHead: new Gauge({ name: `${prefix}follower_verified_batch`, help: "Follower: the last batch re-verified from L1", registers }),
    followerMismatchBatch: new Gauge({ name: `${prefix}follower_mismatch_batch`, help: "Follower: the batch that did not verify (0 while every batch verified)", labelNames: ["field"] as const, registers }),
    fraudProofsSent: new Counter({ name: `${prefix}fraud_proofs_sent_total`, help: "Challenger: fraud proofs sent to L1, by kind (docs/fraud-proofs.md §4)", labelNames: ["kind"] as const, registers }),
    fraudProofsSucceeded: new Counter({ name: `${prefix}fraud_proofs_succeeded_total`, help: "Challenger: fraud proofs whose FraudProven event was seen, by kind", labelNames: ["kind"] as const, registers }),
    webSocketConnections: new Gauge({ name: `${prefix}websocket_connections`, help: "Open WebSocket connections", registers }),
    rpcRequestSeconds: new Histogram({ name: `${prefix}rpc_request_duration_seconds`, help: "JSON-RPC requests by method and outcome", labelNames: ["method", "outcome"] as const, buckets: LATENCY_BUCKETS, registers }),
    rpcBinaryTransactions: new Counter({ name: `${prefix}rpc_binary_transactions_total`, help: "Transactions received in binary frames", labelNames: ["outcome"] as const, registers }),
    rpcRejected: new Counter({ name: `${prefix}rpc_rejected_total`, help: "Requests and connections refused by the ingress, by reason", labelNames: ["reason"] as const, registers }),
    httpRequests: new Counter({ name: `${prefix}http_requests_total`, help: "Explorer HTTP requests by route and status", labelNames: ["route", "status"] as const, registers }),
    mempoolSize: new Gauge({ name: `${prefix}mempool_transactions`, help: "Pending transactions in the mempool", registers, collect() { if (sources) this.set(sources.mempoolSize()); } }),
    postingLagBatches: new Gauge({ name: `${prefix}l1_posting_lag_batches`, help: "Sealed batches not yet committed on L1", registers, collect() { if (sources) this.set(sources.postingLagBatches()); } }),
    postingLagSeconds: new Gauge({ name: `${prefix}l1_posting_lag_seconds`, help: "Age of the oldest sealed batch not yet committed on L1", registers, collect() { if (sources) this.set(sources.postingLagSeconds()); } }),
    l1Requests: new Counter({ name: `${prefix}l1_requests_total`, help: "L1 JSON-RPC requests by outcome: ok, failover (answered by another --l1-rpc URL), unreachable (every URL failed)", labelNames: ["outcome"] as const, registers }),
    l1Reachable: new Gauge({ name: `${prefix}l1_reachable`, help: "1 while L1 answers, 0 from the first request that every --l1-rpc URL failed until the next answer", registers }),
    l1TaskFailures: new Counter({ name: `${prefix}l1_task_failures_total`, help: "Failed rounds of the L1 tasks (watcher, poster), by task and kind (transient: retried with backoff; other: retried)", labelNames: ["task", "kind"] as const, registers }),
    l1CommitOutcomes: new Counter({
      name: `${prefix}l1_commit_outcomes_total`,
      help: "Commit transactions by outcome: confirmed, replaced (stuck), underpriced, nonce-too-low, lost, reorged, resent, reverted, insufficient-funds",
      labelNames: ["outcome"] as const,
      registers,
    }),
    l1GasUsed: new Counter({ name: `${prefix}l1_gas_used_total`, help: "Gas used by the poster's confirmed commit transactions", registers }),
    l1FeesWei: new Counter({ name: `${prefix}l1_fees_wei_total`, help: "Fees (gas used × effective gas price, wei) paid for the poster's confirmed commits", registers }),
    l1PosterBalance: new Gauge({ name: `${prefix}l1_poster_balance_wei`, help: "The sequencer account's L1 balance (wei), read every 10 poster rounds", registers }),
    batchHeight: new Gauge({
      name: `${prefix}batch_height`, help: "The last sealed, committed and finalized batch number", labelNames: ["status"] as const, registers,
      collect() {
        if (heights) for (const [status, height] of Object.entries(heights())) this.set({ status }, height);
      },
    }),
    /** Connects the scrape-time gauges to the running node. */
    observe(scrape: ScrapeSources): void {
      sources = scrape;
    },
    /** Connects the batch height gauges (the node's poster). */
    observeHeights(read: BatchHeights): void {
      heights = read;
    },
  };
  return metrics;
}

export type NodeMetrics = ReturnType<typeof createNodeMetrics>;
