/** A one-line progress display on stderr, only when it is a TTY (silent in CI and pipes). */
import type { TxTracker } from "./tx-tracker.ts";

export function progressBar(totalMs: number): ((tracker: TxTracker, elapsedMs: number) => void) & { done(): void } {
  const enabled = process.stderr.isTTY === true;
  const draw = (tracker: TxTracker, elapsedMs: number) => {
    if (!enabled) return;
    const share = Math.min(1, elapsedMs / totalMs);
    const filled = Math.round(share * 30);
    const line = `[${"#".repeat(filled)}${"-".repeat(30 - filled)}] ${(elapsedMs / 1000).toFixed(1)} s  sent ${tracker.submittedCount.toLocaleString("en-US")}  accepted ${tracker.acceptedCount.toLocaleString("en-US")}  sealed ${tracker.sealedCount.toLocaleString("en-US")}`;
    process.stderr.write(`\r${line.padEnd(100)}`);
  };
  return Object.assign(draw, { done: () => enabled && process.stderr.write("\n") });
}
