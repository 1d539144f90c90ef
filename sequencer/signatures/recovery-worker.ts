/** Entry of one signature-pool worker thread (started by SignaturePool). */
import { parentPort, workerData } from "node:worker_threads";
import { serveRecoveries } from "./recovery-service.ts";
import type { RecoveryWorkerData } from "./worker-messages.ts";

if (parentPort === null) throw new Error("recovery-worker.ts must run in a worker thread");
serveRecoveries(parentPort, (workerData as RecoveryWorkerData).separator);
