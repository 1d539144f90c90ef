/** /metrics, /healthz and /readyz on a bare rpc server (no devnet): readiness failures and disabled metrics. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRpcServer, type RpcServer } from "../../sequencer/rpc/index.ts";
import { registerOpsRoutes } from "../../sequencer/explorer/ops-routes.ts";
import { createNodeMetrics } from "../../sequencer/metrics/node-metrics.ts";
import { httpGet } from "./explorer-http.ts";

const silent = { error() {}, warn() {} };
let withMetrics: RpcServer;
let withoutMetrics: RpcServer;
const checks = { serving: true, l1Reachable: false };
const metrics = createNodeMetrics();

before(async () => {
  withMetrics = await createRpcServer({ port: 0, logger: silent }, { methods: {} });
  withoutMetrics = await createRpcServer({ port: 0, logger: silent }, { methods: {} });
  registerOpsRoutes(withMetrics, () => ({ ...checks }), metrics);
  registerOpsRoutes(withoutMetrics, () => ({ serving: true }));
});
after(async () => {
  await withMetrics?.close();
  await withoutMetrics?.close();
});

test("error: /readyz answers 503 naming the failing checks, then 200 once they pass", async () => {
  const failing = await httpGet(withMetrics.port, "/readyz");
  assert.equal(failing.status, 503);
  assert.deepEqual(failing.body, { status: "not ready", checks: { serving: true, l1Reachable: false }, failing: ["l1Reachable"] });
  checks.l1Reachable = true;
  const ready = await httpGet(withMetrics.port, "/readyz");
  assert.deepEqual([ready.status, ready.body.status], [200, "ready"]);
  assert.deepEqual((await httpGet(withMetrics.port, "/healthz")).body, { status: "ok" });
});

test("default: scrape-time gauges read their sources; every name is prefixed and typed", async () => {
  metrics.observe({ mempoolSize: () => 42, postingLagBatches: () => 3, postingLagSeconds: () => 7.5 });
  metrics.transactionsRejected.inc({ stage: "admission", reason: "nonce too low" });
  const { status, text } = await httpGet(withMetrics.port, "/metrics");
  assert.equal(status, 200);
  assert.match(text, /^loft_mempool_transactions 42$/m);
  assert.match(text, /^loft_l1_posting_lag_batches 3$/m);
  assert.match(text, /^loft_l1_posting_lag_seconds 7.5$/m);
  assert.match(text, /^loft_transactions_rejected_total\{stage="admission",reason="nonce too low"\} 1$/m);
  assert.match(text, /^# TYPE loft_seal_duration_seconds histogram$/m);
  assert.match(text, /^# TYPE process_cpu_seconds_total counter$/m, "prom-client's standard names, unprefixed");
  for (const [, name] of text.matchAll(/^# TYPE (\S+) counter$/gm)) assert.match(name!, /_total$/, name);
});

test("error: /metrics on a node without metrics is a JSON 404", async () => {
  const { status, body } = await httpGet(withoutMetrics.port, "/metrics");
  assert.equal(status, 404);
  assert.match(body.error, /metrics are disabled/);
});
