/**
 * Operator endpoints: `/metrics` (Prometheus text format from the node's registry), `/healthz`
 * (the process serves HTTP) and `/readyz` (200 only while every readiness check passes, else 503
 * naming the failing ones, so a load balancer stops sending traffic to a node that cannot seal
 * or reach L1).
 */
import type { NodeMetrics } from "../metrics/node-metrics.ts";
import { jsonReply, textReply, type RpcServer } from "../rpc/index.ts";

/** Named checks, each true when healthy. */
export type ReadinessChecks = () => Record<string, boolean>;

export function registerOpsRoutes(server: RpcServer, readiness: ReadinessChecks, metrics?: NodeMetrics): void {
  server.get("/metrics", async () => {
    if (!metrics) return jsonReply({ error: "metrics are disabled on this node" }, 404);
    return textReply(await metrics.registry.metrics(), metrics.registry.contentType);
  });
  server.get("/healthz", () => jsonReply({ status: "ok" }));
  server.get("/readyz", () => {
    const checks = readiness();
    const failing = Object.entries(checks).filter(([, ok]) => !ok).map(([name]) => name);
    return jsonReply({ status: failing.length === 0 ? "ready" : "not ready", checks, ...(failing.length ? { failing } : {}) }, failing.length === 0 ? 200 : 503);
  });
}
