/** PipelineObserver: admission → sealed latency with or without metrics, outcomes by stage and reason. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createNodeMetrics } from "../../sequencer/metrics/node-metrics.ts";
import { PipelineObserver, type Timed } from "../../sequencer/metrics/pipeline-observer.ts";
import { IntakeStatus } from "../../sequencer/node/intake-status.ts";
import type { BatchRecord } from "../../sequencer/store/sealed-batch.ts";

const record = (txCount: number, dataBytes: number, extra: Partial<BatchRecord> = {}): BatchRecord =>
  ({ number: 1, header: new Uint8Array(184), root: new Uint8Array(32), txCount, withdrawalCount: 0, dataBytes, status: "sealed", sealedAt: 1_000, ...extra });

test("default: the mean latency counts only transactions seen at admission, even without metrics", () => {
  let now = 0;
  const observer = new PipelineObserver<Timed>(undefined, () => now);
  const [a, b, fromL1]: [Timed, Timed, Timed] = [{}, {}, {}];
  observer.accepted(a);
  now = 1_000;
  observer.accepted(b);
  now = 3_000;
  assert.equal(observer.sealed(record(3, 100), [a, b, fromL1]), 2.5);
  assert.equal(observer.sealed(record(1, 40), [fromL1]), undefined);
});

test("behavior: outcomes, sizes and L1 latency reach the metrics", async () => {
  const metrics = createNodeMetrics({ processMetrics: false });
  let now = 0;
  const observer = new PipelineObserver<Timed>(metrics, () => now);
  const tx: Timed = {};
  observer.accepted(tx);
  observer.admitted(Uint8Array.of(IntakeStatus.accepted, IntakeStatus.nonceTooLow, IntakeStatus.nonceTooLow, IntakeStatus.invalidSignature));
  observer.rejected("execution", "insufficient funds");
  now = 500;
  observer.sealed(record(4, 146), [tx], 0.02);
  observer.statusChanged(record(4, 146, { status: "committed", committedAt: 7_000 }), "committed");
  const text = await metrics.registry.metrics();
  assert.match(text, /^loft_transactions_accepted_total 1$/m);
  assert.match(text, /^loft_transactions_rejected_total\{stage="admission",reason="nonce too low"\} 2$/m);
  assert.match(text, /^loft_transactions_rejected_total\{stage="admission",reason="invalid signature"\} 1$/m);
  assert.match(text, /^loft_transactions_rejected_total\{stage="execution",reason="insufficient funds"\} 1$/m);
  assert.match(text, /^loft_batch_compression_ratio 0.25$/m);
  assert.match(text, /^loft_transaction_inclusion_seconds_sum 0.5$/m);
  assert.match(text, /^loft_seal_duration_seconds_count 1$/m);
  assert.match(text, /^loft_l1_post_latency_seconds_sum 6$/m);
  assert.match(text, /^loft_batch_status_changes_total\{status="committed"\} 1$/m);
});
