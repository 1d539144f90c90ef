/** The ingress's metrics callbacks (sequencer/rpc/rpc-hooks.ts) fed into the node's metrics. */
import type { RpcMetricsHooks } from "../rpc/index.ts";
import type { NodeMetrics } from "./node-metrics.ts";

export function rpcMetricsHooks(metrics: NodeMetrics): RpcMetricsHooks {
  return {
    connectionOpened: () => metrics.webSocketConnections.inc(),
    connectionClosed: () => metrics.webSocketConnections.dec(),
    request: (method, outcome, seconds) => metrics.rpcRequestSeconds.observe({ method, outcome }, seconds),
    binaryTransactions: (count, outcome) => metrics.rpcBinaryTransactions.inc({ outcome }, count),
    rejected: (reason) => metrics.rpcRejected.inc({ reason }),
  };
}
