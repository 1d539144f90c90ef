/**
 * A recovery worker with injected faults, for the pool's crash tests. A chunk whose first record
 * has kind 0xEE crashes the worker every time; kind 0xED crashes it once (the worker first
 * rewrites that byte to 0 = transfer in the shared input, so the retry sees a normal record).
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadCore } from "../../sequencer/core/index.ts";
import { serveRecoveries } from "../../sequencer/signatures/recovery-service.ts";
import type { RecoveryWorkerData } from "../../sequencer/signatures/worker-messages.ts";

const { hashing } = await loadCore();
serveRecoveries(parentPort!, { separator: (workerData as RecoveryWorkerData).separator, hashing }, (records) => {
  if (records[0] === 0xee) throw new Error("injected crash (poison chunk)");
  if (records[0] === 0xed) {
    records[0] = 0;
    throw new Error("injected crash (once)");
  }
});
