/**
 * Figures of a load run from its tracker (pure): sealed TPS over the steady state, accepted TPS,
 * latency percentiles, rejections by reason, whether every invalid transaction was refused, and
 * per-second series for the plot.
 */
import { summarize, type LatencySummary } from "./percentile.ts";
import type { TxTracker } from "./tx-tracker.ts";
import { Expectation, EXPECTATION_NAMES } from "./workload-plan.ts";

/** The reason each deliberately invalid kind must be refused with (JSON-RPC refuses a v of 0 already as invalid params). */
export const EXPECTED_REASON: Record<number, RegExp> = {
  [Expectation.badNonce]: /^nonce too high$/,
  [Expectation.badSignature]: /^invalid signature$|^invalid params: params\[0\]\.signature: /,
  [Expectation.overdraft]: /^insufficient funds$/,
};

export interface SecondSample {
  second: number;
  sealed: number;
  accepted: number;
  sealedP50Ms: number;
  sealedP99Ms: number;
}

export interface InvalidCheck {
  kind: string;
  sent: number;
  refused: number;
  refusedWithExpectedReason: number;
  sealed: number;
}

export interface RunFigures {
  submitted: number;
  accepted: number;
  sealed: number;
  sendSeconds: number;
  steadyWindowSeconds: [number, number];
  sealedTpsSteady: number;
  sealedTpsOverall: number;
  acceptedTps: number;
  submitToAccepted: LatencySummary;
  submitToSealed: LatencySummary;
  /** The same for the transactions submitted in the steady window only. */
  steadySubmitToAccepted: LatencySummary;
  steadySubmitToSealed: LatencySummary;
  rejections: Record<string, number>;
  invalid: InvalidCheck[];
  validRefused: number;
  acceptedNotSealed: number;
  series: SecondSample[];
}

export interface RunTimes {
  startedAt: number;
  sendEndedAt: number;
  /** Share of the send time skipped at the start before the steady state (0–1). */
  warmupShare: number;
}

export function analyzeRun(tracker: TxTracker, expect: Uint8Array, times: RunTimes): RunFigures {
  const sendSeconds = (times.sendEndedAt - times.startedAt) / 1000;
  const steadyFrom = times.startedAt + (times.sendEndedAt - times.startedAt) * times.warmupShare;
  const acceptedLatency: number[] = [];
  const sealedLatency: number[] = [];
  const steadyAccepted: number[] = [];
  const steadySealed: number[] = [];
  const rejections: Record<string, number> = {};
  const invalid = [1, 2, 3].map((kind) => ({ kind: EXPECTATION_NAMES[kind]!, sent: 0, refused: 0, refusedWithExpectedReason: 0, sealed: 0 }));
  const buckets = new Map<number, { sealed: number[]; accepted: number }>();
  const bucket = (at: number) => {
    const second = Math.floor((at - times.startedAt) / 1000);
    let found = buckets.get(second);
    if (!found) buckets.set(second, (found = { sealed: [], accepted: 0 }));
    return found;
  };
  const counts = { submitted: 0, accepted: 0, sealed: 0 };
  let steadySealedCount = 0;
  let lastSealed = times.startedAt;
  let acceptedInWindow = 0;
  let validRefused = 0;
  let acceptedNotSealed = 0;
  for (let i = 0; i < tracker.count; i++) {
    const submitted = tracker.submitted[i]!;
    if (Number.isNaN(submitted) || submitted < times.startedAt) continue; // not sent, or warm-up
    counts.submitted++;
    const outcome = tracker.outcome[i] ?? "no reply";
    const dropped = tracker.dropped.get(i);
    const refusal = outcome !== "accepted" ? outcome : dropped;
    if (refusal !== undefined) rejections[refusal] = (rejections[refusal] ?? 0) + 1;
    const sealedAt = tracker.sealed[i]!;
    const kind = expect[i]!;
    if (kind !== Expectation.valid) {
      const check = invalid[kind - 1]!;
      check.sent++;
      if (refusal !== undefined) check.refused++;
      if (refusal !== undefined && EXPECTED_REASON[kind]!.test(refusal)) check.refusedWithExpectedReason++;
      if (!Number.isNaN(sealedAt)) check.sealed++;
    } else if (refusal !== undefined) validRefused++;
    if (outcome === "accepted") {
      counts.accepted++;
      acceptedLatency.push(tracker.replied[i]! - submitted);
      if (submitted >= steadyFrom) steadyAccepted.push(tracker.replied[i]! - submitted);
      if (tracker.replied[i]! <= times.sendEndedAt) acceptedInWindow++;
      bucket(tracker.replied[i]!).accepted++;
      if (Number.isNaN(sealedAt) && dropped === undefined) acceptedNotSealed++;
    }
    if (!Number.isNaN(sealedAt)) {
      counts.sealed++;
      sealedLatency.push(sealedAt - submitted);
      bucket(sealedAt).sealed.push(sealedAt - submitted);
      if (sealedAt >= steadyFrom && sealedAt <= times.sendEndedAt) steadySealedCount++;
      if (submitted >= steadyFrom) steadySealed.push(sealedAt - submitted);
      if (sealedAt > lastSealed) lastSealed = sealedAt;
    }
  }
  const seconds = [...buckets.keys()].sort((a, b) => a - b);
  const series = seconds.map((second) => {
    const b = buckets.get(second)!;
    const latency = summarize(b.sealed);
    return { second, sealed: b.sealed.length, accepted: b.accepted, sealedP50Ms: latency.p50, sealedP99Ms: latency.p99 };
  });
  return {
    ...counts,
    sendSeconds,
    steadyWindowSeconds: [(steadyFrom - times.startedAt) / 1000, sendSeconds],
    sealedTpsSteady: steadySealedCount / ((times.sendEndedAt - steadyFrom) / 1000),
    sealedTpsOverall: counts.sealed / ((lastSealed - times.startedAt) / 1000),
    acceptedTps: acceptedInWindow / sendSeconds,
    submitToAccepted: summarize(acceptedLatency),
    submitToSealed: summarize(sealedLatency),
    steadySubmitToAccepted: summarize(steadyAccepted),
    steadySubmitToSealed: summarize(steadySealed),
    rejections,
    invalid,
    validRefused,
    acceptedNotSealed,
    series,
  };
}
