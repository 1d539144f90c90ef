/** Entry of one signature-pool worker thread (started by SignaturePool): its own WASM core instance. */
import { parentPort, workerData } from "node:worker_threads";
import { loadCore } from "../core/index.ts";
import { serveRecoveries } from "./recovery-service.ts";
import type { RecoveryWorkerData } from "./worker-messages.ts";

if (parentPort === null) throw new Error("recovery-worker.ts must run in a worker thread");
const core = await loadCore();
serveRecoveries(parentPort, { separator: (workerData as RecoveryWorkerData).separator, hashing: core.hashing });
