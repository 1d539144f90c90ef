/**
 * What the node reports about its transaction pipeline, in one place: admission outcomes,
 * rejections by stage and reason, admission → sealed latency, batch sizes and compression, and
 * L1 status changes. Metrics are optional (`metrics?.x`); the latency figures are computed either
 * way, since the explorer shows them.
 *
 *     const observer = new PipelineObserver(metrics);
 *     observer.accepted(tx);                         // at admission
 *     const mean = observer.sealed(record, included); // after the batch is durable
 */
import { INTAKE_STATUS_TEXT, IntakeStatus } from "../node/intake-status.ts";
import { TRANSACTION_SIZE } from "../protocol/ssz-types.ts";
import type { BatchRecord, BatchStatus } from "../store/sealed-batch.ts";
import type { NodeMetrics } from "./node-metrics.ts";

export type RejectionStage = "admission" | "execution" | "dropped";

/** A transaction the observer can time: it notes the admission time on the object itself. */
export interface Timed {
  acceptedAt?: number;
}

export class PipelineObserver<T extends Timed> {
  // the time lives on the transaction object (a WeakMap entry per transaction cost as much again
  // in garbage collection at 10,000 tx/s)
  constructor(private readonly metrics?: NodeMetrics, private readonly now: () => number = () => performance.now()) {}

  accepted(tx: T): void {
    tx.acceptedAt = this.now();
  }

  /** The intake statuses of one submission (accepted ones were also passed to `accepted`). */
  admitted(statuses: Uint8Array): void {
    if (!this.metrics) return;
    const counts = new Uint32Array(256); // one metric update per outcome, not per transaction
    for (const status of statuses) counts[status]!++;
    if (counts[IntakeStatus.accepted]! > 0) this.metrics.transactionsAccepted.inc(counts[IntakeStatus.accepted]);
    counts.forEach((count, status) => {
      if (count > 0 && status !== IntakeStatus.accepted) this.metrics!.transactionsRejected.inc({ stage: "admission", reason: INTAKE_STATUS_TEXT[status as IntakeStatus] ?? "unknown" }, count);
    });
  }

  rejected(stage: RejectionStage, reason: string): void {
    this.metrics?.transactionsRejected.inc({ stage, reason });
  }

  /** A batch is durable: records its metrics; returns the mean admission → sealed latency of its user transactions, seconds. */
  sealed(record: BatchRecord, included: readonly T[], sealSeconds?: number): number | undefined {
    const now = this.now();
    let sum = 0;
    let count = 0;
    for (const tx of included) {
      const at = tx.acceptedAt;
      if (at === undefined) continue;
      const seconds = (now - at) / 1000;
      this.metrics?.inclusionSeconds.observe(seconds);
      sum += seconds;
      count++;
    }
    const raw = record.txCount * TRANSACTION_SIZE;
    if (this.metrics) {
      if (sealSeconds !== undefined) this.metrics.sealSeconds.observe(sealSeconds);
      this.metrics.batchesSealed.inc();
      this.metrics.transactionsSealed.inc(record.txCount);
      this.metrics.batchDataBytes.inc(record.dataBytes);
      this.metrics.batchRawBytes.inc(raw);
      if (raw > 0) this.metrics.compressionRatio.set(record.dataBytes / raw);
    }
    return count === 0 ? undefined : sum / count;
  }

  /** A batch moved on L1; `record` is the stored batch after the change. */
  statusChanged(record: BatchRecord | undefined, status: BatchStatus): void {
    this.metrics?.batchStatus.inc({ status });
    if (status === "committed" && record?.committedAt !== undefined) {
      this.metrics?.l1PostSeconds.observe(Math.max(0, (record.committedAt - record.sealedAt) / 1000));
    }
  }
}
